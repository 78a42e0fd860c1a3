/* Unit tests of src/store/, one TEST(name) per line. */
TEST(test_store_sha256)
TEST(test_store_idset)
TEST(test_store_path)
TEST(test_store_open_refuse)
TEST(test_store_files_obs)
TEST(test_store_snapshots)
TEST(test_store_migrate_v1)
TEST(test_store_ingest_bulk)
