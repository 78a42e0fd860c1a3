/* Unit tests of src/lib/, one TEST(name) per line. */
TEST(test_rbuf_bounds)
TEST(test_wbuf_numbers)
TEST(test_json_escape)
