/* Unit tests of src/topo/, one TEST(name) per line. */
