/* Unit tests of src/bgp/, one TEST(name) per line. */
TEST(test_attrs_basic)
TEST(test_attrs_as4_merge)
TEST(test_attrs_as4_ignored_on_as4_session)
TEST(test_attrs_rfc7606_classes)
TEST(test_attrs_overrun)
TEST(test_nlri_addpath_guess)
TEST(test_nlri_bad_length)
