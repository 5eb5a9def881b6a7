"""Getting pages: the Scrapy crawl, its spider, middlewares and item pipeline, the worker pool and progress."""
