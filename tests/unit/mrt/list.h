/* Unit tests of src/mrt/, one TEST(name) per line. */
TEST(test_mrt_bgp4mp_update)
TEST(test_mrt_td2_rib)
TEST(test_mrt_rib_generic)
TEST(test_mrt_peer_index_out_of_range)
TEST(test_mrt_input_formats)
TEST(test_mrt_truncated)
TEST(test_fmt_aspath)
TEST(test_mrt_sniff)
