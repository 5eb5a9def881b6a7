"""Every command, given bad input, says what is wrong in one line and exits with the code the
README promises (2 usage/input/config, 3 the work failed), never with a traceback.

Each row runs the real `watchpost` command on a real SQLite file; a row that names no config
uses the prepared one.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
import yaml

from crawler.storage.db import open_db
from tests.support.cli import ROOT, WATCH, run_cli

# (arguments, exit code, words the one error line holds)
BAD_INPUT: list[tuple[list[str], int, list[str]]] = [
    # search syntax
    (["search", "a OR"], 2, ["bad search query", "OR at the end"]),
    (["search", "AND"], 2, ["AND at the start"]),
    (["search", "NOT x"], 2, ["NOT at the start", "a NOT b"]),
    (["search", "not", "x"], 2, ["NOT at the start"]),
    (["search", '"quetta blast'], 2, ["unbalanced quote"]),
    (["search", 'quetta"'], 2, ["unbalanced quote"]),
    (["search", "blast OR AND quetta"], 2, ["OR AND", "between two operators"]),
    (["search", "   "], 2, ["empty query"]),
    (["search", "Quetta", "--limit", "0"], 2, ["--limit", "x>=1"]),
    # values that used to filter silently
    (["matches", "--since", "yesterday"], 2, ["--since", "'yesterday' is not a date", "7d"]),
    (["matches", "--since", "2025-13-45"], 2, ["--since", "2025-13-45", "YYYY-MM-DD"]),
    (["matches", "--limit", "-3"], 2, ["--limit"]),
    (["matches", "--limit", "0"], 2, ["--limit"]),
    (["matches", "--watch", "no-such-watch"], 2, ["no-such-watch", "known:",
                                                   "balochistan-attacks"]),
    (["incidents", "list", "--since", "Last Tuesday"], 2, ["--since", "not a date"]),
    (["incidents", "list", "--region", "Narnia"], 2, ["no region named 'Narnia'"]),
    (["incidents", "list", "--watch", "WHATEVER"], 2, ["no watch named 'WHATEVER'"]),
    (["incidents", "list", "--limit", "-1"], 2, ["--limit"]),
    (["incidents", "export", "--region", "Zzyzxland"], 2, ["no region named 'Zzyzxland'"]),
    (["incidents", "export", "--since", "2025-02-30"], 2, ["--since"]),
    (["alerts", "outbox", "--limit", "0"], 2, ["--limit"]),
    # things that are not there
    (["incidents", "show", "999"], 2, ["no incident 999"]),
    (["incidents", "show", "abc"], 2, ["'abc' is not a valid integer"]),
    (["incidents", "export", "-o", "/nonexistent-dir/x.json"], 2, ["cannot write",
                                                                  "/nonexistent-dir/x.json"]),
    (["watches", "test", "/nonexistent-file.txt"], 2, ["no such file",
                                                       "/nonexistent-file.txt"]),
    (["watches", "test", "http://10.0.0.1/report.html"], 2,
     ["URL guard refused", "10.0.0.1", "not public", "crawl.allow_hosts"]),
    (["subscriptions", "add", "{x"], 2, ["SPEC is not YAML", "line 1"]),
    (["subscriptions", "add", "{name: 1}"], 2, ["channel: Field required"]),
    (["subscriptions", "remove", "nobody"], 2, ["no subscription named 'nobody'"]),
    (["subscriptions", "test", "nobody"], 2, ["no subscription named 'nobody'"]),
    (["alerts", "retry", "999"], 2, ["no failed or dead outbox row 999"]),
    (["alerts", "retry"], 2, ["give a row ID or --all-dead"]),
    (["alerts", "outbox", "--status", "lost"], 2, ["--status", "'lost'"]),
    (["eval", "--labels", str(ROOT / "README.md")], 2, ["label error", "README.md"]),
    (["eval", "--labels", "/nonexistent/labels.yaml"], 2, ["--labels", "does not exist"]),
    (["crawl", "--source", "nobody"], 2, ["unknown source(s): nobody"]),
    (["db", "backup", "CONFIG"], 2, ["exists", "--force"]),
    (["status", "--bogus"], 2, ["No such option", "--bogus", "watchpost status --help"]),
    (["no-such-command"], 2, ["No such command 'no-such-command'"]),
    (["run", "--health-port", "99999"], 2, ["--health-port"]),
    (["demo", "--dir", "CONFIG"], 2, ["--dir", "is a file"]),
    (["init", "--dir", "HERE"], 2, ["already exists", "--force"]),
]

# Commands given a config file that does not exist: the config error, exit 2.
CONFIG_COMMANDS = [["config", "check"], ["config", "show"], ["crawl"], ["search", "x"],
                   ["sources", "list"], ["matches"], ["rematch"], ["incidents", "list"],
                   ["incidents", "show", "1"], ["incidents", "export"],
                   ["subscriptions", "list"], ["alerts", "deliver"], ["alerts", "outbox"],
                   ["status"], ["run"], ["db", "check"], ["watches", "test", "-"]]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a valid config (one watch, one source) and its migrated database."""
    folder = tmp_path_factory.mktemp("cli-errors")
    config = {
        "database": "watchpost.db",
        "sources": [{"name": "wire", "url": "http://127.0.0.1:9/feed.xml"}],
        "crawl": {"allow_hosts": ["127.0.0.1"], "retries": 0, "timeout": 2},
        "watches": [WATCH],
        "subscriptions": [{"name": "desk", "channel": {"type": "console"}}],
    }
    (folder / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    open_db(folder / "watchpost.db").close()
    return folder


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int,
                          words: list[str]) -> str:
    """The exit code, no traceback anywhere, and exactly one error line holding `words`."""
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert "Traceback" not in output, output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _expand(args: list[str], folder: Path) -> list[str]:
    names = {"CONFIG": str(folder / "config.yaml"), "HERE": str(folder)}
    return [names.get(arg, arg) for arg in args]


@pytest.mark.parametrize(("args", "code", "words"), BAD_INPUT,
                         ids=[" ".join(row[0]) for row in BAD_INPUT])
def test_bad_input_is_one_line_and_the_right_exit_code(
        prepared: Path, args: list[str], code: int, words: list[str]) -> None:
    config = ["--config", str(prepared / "config.yaml")]
    argv = _expand(args, prepared)
    takes_config = argv[0] not in {"demo", "init", "no-such-command"}
    line = assert_one_line_error(run_cli(*argv, *(config if takes_config else [])), code, words)
    assert line.startswith("error") or line.startswith("label error"), line


@pytest.mark.parametrize("args", CONFIG_COMMANDS, ids=[" ".join(a) for a in CONFIG_COMMANDS])
def test_a_missing_config_is_exit_2_naming_the_file(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "nowhere" / "config.yaml"
    result = run_cli(*args, "--config", str(missing))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("config error: ") and str(missing) in result.stderr


def test_an_unforeseen_failure_is_one_line_exit_3_and_the_traceback_only_with_debug(
        tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(yaml.safe_dump({"database": "watchpost.db"}))
    open_db(tmp_path / "watchpost.db").close()
    # A database whose incidents table is gone: nothing the CLI expects, a bug-like failure.
    with sqlite3.connect(tmp_path / "watchpost.db") as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DROP TABLE incident_sources")
        conn.execute("DROP TABLE incidents")
    config = ["--config", str(tmp_path / "config.yaml")]
    line = assert_one_line_error(run_cli("incidents", "list", *config), 3,
                                 ["OperationalError", "no such table", "--debug"])
    assert line.startswith("error: ")
    debug = run_cli("--debug", "incidents", "list", *config)
    assert debug.returncode != 0 and "Traceback" in debug.stderr
    by_env = run_cli("incidents", "list", *config, env={"WATCHPOST_DEBUG": "1"})
    assert "Traceback" in by_env.stderr


def test_a_failed_subscription_test_exits_3(prepared: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sub"
    folder.mkdir()
    config = yaml.safe_load((prepared / "config.yaml").read_text())
    config["database"] = str(folder / "watchpost.db")
    # A jsonl file inside a path that is a file: the delivery fails, for a real reason.
    (folder / "blocker").write_text("")
    config["subscriptions"] = [{"name": "desk", "channel": {
        "type": "jsonl", "path": str(folder / "blocker" / "alerts.jsonl")}}]
    (folder / "config.yaml").write_text(yaml.safe_dump(config))
    db = open_db(folder / "watchpost.db")
    now = "2025-07-01T00:00:00+00:00"
    db.execute("INSERT INTO incidents (id, title, event_date, date_precision, published, "
               "places, actors, event_types, targets, watches, revision, facts, created_at, "
               "updated_at) VALUES (1, 'Blast in Quetta', '2025-07-01', 'day', ?, '[]', '[]', "
               "'[]', '[]', '[]', 1, ?, ?, ?)", [now, json.dumps({"places": []}), now, now])
    db.conn.commit()
    db.close()
    result = run_cli("subscriptions", "test", "desk", "--config", str(folder / "config.yaml"))
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "desk:" in result.stdout
