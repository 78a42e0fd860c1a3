/* Every unit test, one TEST(name) per line; grouped by module. */
/* lib */
TEST(test_rbuf_bounds)
TEST(test_wbuf_numbers)
TEST(test_json_escape)
/* net */
TEST(test_ipv4_fmt)
TEST(test_ipv6_fmt_rfc5952)
TEST(test_ipv6_fmt_matches_inet_ntop)
TEST(test_prefix_parse)
TEST(test_prefix_covers)
TEST(test_asn_parse)
/* bgp */
TEST(test_attrs_basic)
TEST(test_attrs_as4_merge)
TEST(test_attrs_as4_ignored_on_as4_session)
TEST(test_attrs_rfc7606_classes)
TEST(test_attrs_overrun)
TEST(test_nlri_addpath_guess)
TEST(test_nlri_bad_length)
/* mrt */
TEST(test_mrt_bgp4mp_update)
TEST(test_mrt_td2_rib)
TEST(test_mrt_rib_generic)
TEST(test_mrt_peer_index_out_of_range)
TEST(test_mrt_input_formats)
TEST(test_mrt_truncated)
TEST(test_fmt_aspath)
