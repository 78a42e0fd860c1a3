/* Unit tests of src/refdata/, one TEST(name) per line. */
