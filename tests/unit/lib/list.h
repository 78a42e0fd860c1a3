/* Unit tests of src/lib/, one TEST(name) per line. */
TEST(test_rbuf_bounds)
TEST(test_wbuf_numbers)
TEST(test_json_escape)
TEST(test_input_gzip_padding)
TEST(test_input_open_errors)
TEST(test_log_reason_outlives_input)
