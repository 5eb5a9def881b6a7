"""What `watchpost crawl` prints: on a terminal one progress line while it works, then the
summary; no library warnings, no INFO line per article, the "classified" line once; the detail
behind -v. Piped, the progress line never appears.

The terminal is a real pseudo-terminal the crawl's stderr is attached to.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
from pathlib import Path

from tests.support.cli import WATCH, WATCHPOST, run_cli, write_config
from tests.support.newssite import NewsSite
from tests.support.waiting import wait_for


def _read_terminal(master: int, process: subprocess.Popen[str]) -> str:
    """Everything the crawl wrote to the terminal until it exited."""
    chunks: list[bytes] = []

    def drained() -> bool:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            chunks.append(data)
            return not data and process.poll() is not None
        return process.poll() is not None

    wait_for(drained, timeout=120)
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_a_progress_line_then_the_summary(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site, watches=[WATCH])
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen([WATCHPOST, "crawl", "--no-alerts", "--config", str(config)],
                                   stdout=subprocess.PIPE, stderr=slave, text=True,
                                   stdin=subprocess.DEVNULL)
        os.close(slave)
        terminal = _read_terminal(master, process)
        stdout = process.stdout.read() if process.stdout else ""
        process.wait(30)
    finally:
        os.close(master)
    assert process.returncode == 0, terminal
    assert "sources " in terminal and " · articles " in terminal and "articles/s" in terminal
    assert "matches " in terminal and "errors " in terminal
    assert "\r\x1b[2K" in terminal  # redrawn in place, and cleared at the end
    assert "INFO" not in terminal and "discarding data" not in terminal
    assert "new articles" in stdout


def test_piped_output_is_the_summary_alone(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site, watches=[WATCH])
    result = run_cli("crawl", "--no-alerts", "--config", str(config))
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "articles/s" not in output and "\x1b" not in output
    assert " INFO " not in result.stderr, result.stderr
    assert "discarding data" not in output and "trafilatura" not in output
    assert output.count("classified ") == 1, output
    assert "new articles" in result.stdout


def test_detail_is_behind_v(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site, watches=[WATCH])
    result = run_cli("crawl", "-v", "--no-alerts", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert " INFO crawler.incidents.resolve: article " in result.stderr
    assert "discarding data" not in result.stderr  # the extractors speak only at -vv


def test_a_config_logging_to_a_file_keeps_its_info_lines(site: NewsSite,
                                                         tmp_path: Path) -> None:
    config = write_config(tmp_path, site, watches=[WATCH],
                          logging={"level": "INFO", "file": "crawl.log"})
    result = run_cli("crawl", "--no-alerts", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert " INFO crawler.incidents.resolve: article " in (tmp_path / "crawl.log").read_text()
