"""`watchpost init`: a starter config for any region, checked and ready, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.support.cli import run_cli


def test_a_starter_for_a_region_abroad_checks_and_watches_that_region(tmp_path: Path) -> None:
    made = run_cli("init", "--dir", str(tmp_path), "--region", "Borno", "--region", "Yobe")
    assert made.returncode == 0, made.stderr
    assert "watch 'borno-attacks'" in made.stdout
    config = yaml.safe_load((tmp_path / "config.yaml").read_text())
    [watch] = config["watches"]
    assert watch["places"] == ["Borno", "Yobe"] and watch["keywords"]["any"]
    assert config["subscriptions"] == [{"name": "desk", "channel": {"type": "console"}}]
    sources = yaml.safe_load((tmp_path / "sources.yaml").read_text())["sources"]
    assert [s["region"] for s in sources] == ["Borno", "Yobe"]
    assert all(s["url"].startswith("https://") and "attack" in s["url"] for s in sources)
    assert (tmp_path / "watchpost.db").exists()
    checked = run_cli("config", "check", "--config", str(tmp_path / "config.yaml"))
    assert checked.returncode == 0, checked.stderr
    assert "watches:       1 (1 enabled): borno-attacks" in checked.stdout


def test_a_pakistani_region_gets_the_shipped_outlets(tmp_path: Path) -> None:
    made = run_cli("init", "--dir", str(tmp_path), "--region", "Kech")
    assert made.returncode == 0, made.stderr
    sources = yaml.safe_load((tmp_path / "sources.yaml").read_text())["sources"]
    assert any(s["name"] == "balochistan-post" for s in sources) and len(sources) > 5


def test_existing_files_are_kept_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("database: mine.db\n")
    refused = run_cli("init", "--dir", str(tmp_path))
    assert refused.returncode == 2 and "already exists" in refused.stderr
    assert (tmp_path / "config.yaml").read_text() == "database: mine.db\n"
    assert run_cli("init", "--dir", str(tmp_path), "--force").returncode == 0
    assert "balochistan-attacks" in (tmp_path / "config.yaml").read_text()


def test_an_unknown_region_is_a_config_error_naming_it(tmp_path: Path) -> None:
    made = run_cli("init", "--dir", str(tmp_path), "--region", "Atlantis Province")
    assert made.returncode == 2
    assert "Atlantis Province" in made.stderr and "Traceback" not in made.stderr


def test_the_folder_may_be_given_as_an_argument_and_commands_then_find_nothing_else(
        tmp_path: Path) -> None:
    target = tmp_path / "desk"
    made = run_cli("init", str(target))
    assert made.returncode == 0, made.stderr
    assert (target / "config.yaml").is_file()
    lost = run_cli("status", "--config", str(tmp_path / "config.yaml"))
    assert lost.returncode == 2 and "watchpost init" in lost.stderr
