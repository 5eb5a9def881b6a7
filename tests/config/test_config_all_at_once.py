"""Config problems all at once: a duplicate name never hides the schema problems (or hides
behind them), and a relative source file that does not resolve says where it was looked for
and how to fix it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crawler.config import load_config
from crawler.errors import ConfigError
from tests.support.cli import ROOT, run_cli


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.problems


@pytest.mark.parametrize("other", [
    "crawl: {timeout: -1}",
    "surprise: 1",
    "subscriptions: [{name: s, channel: {type: carrier-pigeon}}]",
    "watches: [{name: 'Bad Name!'}]",
])
def test_a_duplicate_source_and_another_problem_are_both_listed(tmp_path: Path,
                                                                other: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("sources:\n"
                    "  - {name: wire, url: 'https://x.example.com/1'}\n"
                    "  - {name: WIRE2, url: 'https://x.example.com/2'}\n"
                    "  - {name: wire, url: 'https://x.example.com/3'}\n" + other + "\n")
    problems = problems_of(path)
    assert "sources[2].name: duplicate source name 'wire' (first at sources[0])" in problems
    assert len(problems) >= 2, problems


def test_a_duplicate_across_a_source_file_names_both_places(tmp_path: Path) -> None:
    (tmp_path / "seeds.yaml").write_text(
        "sources:\n  - {name: wire, url: 'https://s.example.com/f'}\n"
        "  - {name: bad, url: 'nope'}\n")
    path = tmp_path / "config.yaml"
    path.write_text("source_files: [seeds.yaml]\n"
                    "sources: [{name: wire, url: 'https://x.example.com/1'}]\n")
    problems = problems_of(path)
    assert ("seeds.yaml: sources[0].name: duplicate source name 'wire' (first at sources[0])"
            in problems), problems
    assert any(p.startswith("seeds.yaml: sources[1].url:") for p in problems), problems


def test_a_copied_config_whose_source_files_do_not_resolve_says_how_to_fix_it(
        tmp_path: Path) -> None:
    # The reference config, copied elsewhere without its seeds folder.
    copy = tmp_path / "elsewhere" / "config.yaml"
    copy.parent.mkdir()
    shutil.copy(ROOT / "config.yaml", copy)
    result = run_cli("config", "check", "--config", str(copy))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "source_files[" in line]
    assert lines, result.stderr
    for line in lines:
        assert str(copy.parent) in line and "not found" in line, line
        assert "relative path is read from the config's folder" in line, line
        assert "make it absolute" in line, line
