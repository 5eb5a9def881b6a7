"""End-to-end tests: the real CLI in subprocesses against servers on 127.0.0.1."""
