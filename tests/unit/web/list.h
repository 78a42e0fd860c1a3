/* Unit tests of src/web/, one TEST(name) per line. */
TEST(test_web_html_escape)
TEST(test_web_csv)
TEST(test_web_unescape_path)
TEST(test_web_etag)
TEST(test_web_bucket)
TEST(test_web_parse)
TEST(test_web_keys)
