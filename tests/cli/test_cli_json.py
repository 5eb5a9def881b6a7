"""`--json` on every command that lists or shows: one JSON document whose keys are the ones
docs/cli.md promises, on a real database the demo crawl filled from its loopback site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.cli import ROOT, run_cli

DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
# (command, the document's list key)
LISTINGS = [
    (["sources", "list"], "sources"),
    (["matches", "--all"], "matches"),
    (["incidents", "list"], "incidents"),
    (["alerts", "outbox"], "rows"),
    (["subscriptions", "list"], "subscriptions"),
    (["search", "Quetta"], "results"),
]


def documented_keys(command: str) -> list[str]:
    """The item keys docs/cli.md lists for `command` (its `--json` table row)."""
    for line in DOC.splitlines():
        if line.startswith(f"| `{command}"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            return re.findall(r"`([a-z_]+)`", cells[2].split(", and ")[0])
    raise AssertionError(f"{command} is not in docs/cli.md's --json table")


@pytest.fixture(scope="module")
def demo_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("json-demo")
    result = run_cli("demo", "--dir", str(folder), timeout=300)
    assert result.returncode == 0, result.stderr
    return folder / "config.yaml"


@pytest.mark.parametrize(("args", "key"), LISTINGS, ids=[" ".join(a) for a, _ in LISTINGS])
def test_listing_json_has_the_documented_keys(demo_config: Path, args: list[str],
                                              key: str) -> None:
    result = run_cli(*args, "--json", "--config", str(demo_config))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    items = document[key]
    assert items, document
    expected = documented_keys(args[0] if args[0] in ("matches", "search") else
                               " ".join(args[:2]))
    for item in items:
        assert list(item) == expected, (list(item), expected)


def test_incident_show_json_has_the_documented_keys(demo_config: Path) -> None:
    listed = json.loads(run_cli("incidents", "list", "--json", "--config",
                                str(demo_config)).stdout)["incidents"]
    shown = run_cli("incidents", "show", str(listed[0]["id"]), "--json", "--config",
                    str(demo_config))
    assert shown.returncode == 0, shown.stderr
    incident = json.loads(shown.stdout)["incident"]
    assert list(incident)[:len(documented_keys("incidents list"))] == documented_keys(
        "incidents list")
    assert {"evidence", "sources", "revisions", "why"} <= set(incident)
    assert incident["sources"] and set(incident["sources"][0]) == {
        "article_id", "source", "url", "title", "published", "reason", "status", "added_at"}
    assert incident["id"] == listed[0]["id"] and incident["title"] == listed[0]["title"]


def test_outbox_json_totals_and_no_bodies(demo_config: Path) -> None:
    document = json.loads(run_cli("alerts", "outbox", "--json", "--config",
                                  str(demo_config)).stdout)
    assert sum(document["totals"].values()) >= len(document["rows"]) > 0
    assert all("body" not in row for row in document["rows"])


def test_every_listing_command_takes_json() -> None:
    for args, _ in LISTINGS:
        help_text = run_cli(*args[:2 if args[0] in ("sources", "incidents", "alerts",
                                                     "subscriptions") else 1], "--help").stdout
        assert "--json" in help_text, args
