/* Unit tests of src/irr/, one TEST(name) per line. */
