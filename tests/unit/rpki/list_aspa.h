/* Unit tests of src/rpki/aspa*.c, one TEST(name) per line. */
