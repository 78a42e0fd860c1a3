/* Unit tests of src/net/, one TEST(name) per line. */
TEST(test_ipv4_fmt)
TEST(test_ipv6_fmt_rfc5952)
TEST(test_ipv6_fmt_matches_inet_ntop)
TEST(test_prefix_parse)
TEST(test_prefix_covers)
TEST(test_asn_parse)
TEST(test_trie_basic)
TEST(test_trie_against_brute_force)
