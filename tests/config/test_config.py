"""Config loading: every problem listed with its path, paths relative to the file, seed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import load_config, parse_duration
from crawler.errors import ConfigError
from tests.support.paths import ROOT


def write(tmp_path: Path, text: str, name: str = "config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.problems


def test_reference_config_is_valid() -> None:
    config = load_config(ROOT / "config.yaml")
    assert len(config.sources) >= 10
    assert config.database == ROOT / "watchpost.db"
    assert all(s.url.startswith("https://") for s in config.sources)


def test_every_error_is_listed_with_its_path(tmp_path: Path) -> None:
    path = write(tmp_path, """
sources:
  - {name: a, url: "ftp://x"}
  - {name: b, url: "https://ok.example.com/feed", interval: "5 fortnights"}
  - {name: a, url: "https://ok.example.com/2"}
  - {name: c, url: "https://ok.example.com/3", colour: red}
crawl: {timeout: -1, retries: 99, obey_robots: maybe}
surprise: 1
""")
    problems = problems_of(path)
    joined = "\n".join(problems)
    assert "sources[0].url: 'ftp://x' is not an http(s) URL" in joined
    assert "sources[1].interval:" in joined
    assert "sources[3].colour: unknown key" in joined
    assert "crawl.timeout: a duration cannot be negative" in joined
    assert "crawl.retries:" in joined
    assert "crawl.obey_robots:" in joined
    assert "surprise: unknown key" in joined
    # The duplicate is listed beside the schema problems, not hidden by them.
    assert "sources[2].name: duplicate source name 'a' (first at sources[0])" in joined
    assert len(problems) == 8


def test_duplicate_source_names(tmp_path: Path) -> None:
    path = write(tmp_path, """
sources:
  - {name: a, url: "https://x.example.com/1"}
  - {name: a, url: "https://x.example.com/2"}
""")
    assert problems_of(path) == [
        "sources[1].name: duplicate source name 'a' (first at sources[0])"
    ]


def test_seed_files_merge_and_errors_name_the_file(tmp_path: Path) -> None:
    write(tmp_path, "sources:\n  - {name: s1, url: 'https://s.example.com/f'}\n"
                    "  - {name: s2, url: 'nope'}\n", "seeds.yaml")
    path = write(tmp_path, "source_files: [seeds.yaml, missing.yaml]\n")
    problems = problems_of(path)
    assert any(p.startswith("seeds.yaml: sources[1].url:") for p in problems), problems
    assert any(p.startswith("source_files[1]:") and "not found" in p for p in problems), problems


def test_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    sub = tmp_path / "etc"
    sub.mkdir()
    write(sub, "sources:\n  - {name: s1, url: 'https://s.example.com/f', interval: 2h}\n",
          "seeds.yaml")
    path = write(sub, "database: data/w.db\nsource_files: [seeds.yaml]\n")
    config = load_config(path)
    assert config.database == sub / "data" / "w.db"
    assert config.sources[0].interval == 7200
    assert config.interval_of(config.sources[0]) == 7200


def test_unreadable_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "sources: [unclosed\n")
    assert "cannot read config" in problems_of(path)[0]


def test_missing_file_says_how_to_make_one(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path / "nope.yaml")
    assert problem.startswith("config file not found")
    assert "watchpost init" in problem and "--config" in problem


def test_missing_source_file_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "source_files: [gone.yaml]\n")
    problems = problems_of(path)
    assert len(problems) == 1
    assert f"{tmp_path / 'gone.yaml'}: source file not found" in problems[0], problems


@pytest.mark.parametrize(
    ("value", "seconds"), [(90, 90), ("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400),
                           ("1.5m", 90), ("250ms", 0.25)],
)
def test_durations(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["soon", "-5m", True, "5 m s"])
def test_bad_durations(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)


def test_watch_errors_are_listed_with_their_paths(tmp_path: Path) -> None:
    path = write(tmp_path, """
watches:
  - name: ok-watch
    keywords: {any: [attack]}
    places: [Quetaa]
  - name: empty-one
  - name: bad-regex
    keywords: {regex: ["(unclosed"]}
    places: [Balochistan]
""")
    problems = "\n".join(problems_of(path))
    assert "watches[0].places[0]: unknown place 'Quetaa' (did you mean 'Quetta'?)" in problems
    assert "watches[1]: empty rule" in problems
    assert "watches[2].keywords.regex[0]: bad regex '(unclosed'" in problems


def test_subscription_errors_are_listed_with_their_paths(tmp_path: Path) -> None:
    path = write(tmp_path, """
subscriptions:
  - {name: a, channel: {type: pigeon}}
  - {name: b, channel: {type: webhook, url: "https://h.example.org/x", secret_env: S}, mode: digest}
  - {name: b, channel: {type: console}}
""")
    problems = "\n".join(problems_of(path))
    assert "subscriptions[0].channel" in problems
    assert "subscriptions[1]" in problems and "digest" in problems
