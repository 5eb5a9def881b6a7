"""The SQLite file: one connection helper, every migration applied once per open, and the crawl tables."""
