"""Shared test scaffolding: helpers the tests (and bench/) import; none of it is product.

- paths: where the repository, the tests and their fixtures are
- waiting: `wait_for`, the one polling helper (a deadline, never a fixed sleep)
- ports: a free TCP port on 127.0.0.1
- cli: the installed `watchpost` command, `run_cli` and `write_config` for a test site
- rows: reading a test's SQLite file with a fresh connection
- receivers: a real webhook receiver and a real SMTP inbox on 127.0.0.1
- alertkit: a settable clock and realistic alerts and subscriptions for alerts tests
- daemonkit: `watchpost run` as a subprocess, its config, and waiting on it
- newssite, sitemanifest, sitecontrol: the fault-injecting news site built on the demo site

Pytest fixtures stay in the conftest.py files; they build on these.
"""
