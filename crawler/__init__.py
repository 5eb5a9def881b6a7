"""watchpost's crawler: config, feeds, extraction, watches, incidents, storage, CLI and daemon."""
