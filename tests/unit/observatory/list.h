/* Unit tests of src/observatory/, one TEST(name) per line. */
TEST(test_config_shipped_file_is_defaults)
TEST(test_config_overrides)
TEST(test_config_errors)
TEST(test_config_format_roundtrip)
