/* Unit tests of src/detect/ (engine; leak and alert tests live beside). */
TEST(test_detect_moas_lifecycle)
TEST(test_detect_submoas_defcon)
TEST(test_detect_benign_churn)
TEST(test_detect_related_valid)
TEST(test_detect_bogons_edge_squat)
TEST(test_detect_peer_down)
TEST(test_detect_json)
