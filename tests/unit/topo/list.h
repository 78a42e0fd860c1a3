/* Unit tests of src/topo/, one TEST(name) per line. */
TEST(test_asrel_caida_2014)
TEST(test_asrel_serial2)
TEST(test_asrel_cone_cycle)
TEST(test_asrel_valley_real)
TEST(test_asrel_valley_crafted)
TEST(test_asrel_malformed)
