/* Unit tests of src/sync/, one TEST(name) per line. */
TEST(test_sync_parse_date)
TEST(test_sync_collector_parse)
TEST(test_sync_layout_ris)
TEST(test_sync_layout_ris_rib_only)
TEST(test_sync_layout_routeviews)
TEST(test_sync_layout_route_views2)
TEST(test_sync_layout_bounds)
TEST(test_sync_content_range)
