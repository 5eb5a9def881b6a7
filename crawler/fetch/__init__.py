"""Getting pages: the Scrapy crawl, its spider, middlewares and item pipeline, workers, progress."""
