/* Unit tests of src/rib/, one TEST(name) per line. */
TEST(test_rib_announce_withdraw)
TEST(test_rib_peer_down_dump)
TEST(test_rib_random_model)
TEST(test_rib_memory)
TEST(test_rib_obs_periods)
