"""Docs stay true: every CLI command has help and is in the README; every config field is in
config.yaml with a comment."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from crawler.cli import cli
from crawler.config import Config

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONFIG_TEXT = (ROOT / "config.yaml").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "watchpost") -> Iterator[tuple[str, list[str]]]:
    """Every leaf command as ('watchpost sources list', ['sources', 'list'])."""
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        words = [*prefix.split()[1:], name]
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from command_paths(command, path)
        else:
            yield path, words


COMMANDS = list(command_paths(cli))


def test_there_are_commands() -> None:
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize(("path", "words"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_has_help_and_is_documented(path: str, words: list[str]) -> None:
    result = CliRunner().invoke(cli, [*words, "--help"])
    assert result.exit_code == 0, result.output
    summary = result.output.split("\n\n")[1].strip() if "\n\n" in result.output else ""
    assert len(summary) > 10, f"{path} has no help text"
    assert re.search(rf"`{re.escape(path)}[ `]", README), f"{path} is not in README.md"


def config_fields(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """Dotted names of every config field, nested models included."""
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        yield prefix + name
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from config_fields(annotation, f"{prefix}{name}.")


def commented_keys(text: str) -> set[str]:
    """Dotted keys of config.yaml (mappings only) whose line, or the line above, has a comment."""
    keys: set[str] = set()
    stack: list[tuple[int, str]] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = re.match(r"^(\s*)([A-Za-z_][\w-]*):", line)
        if not match:
            continue
        indent = len(match.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        dotted = ".".join([k for _, k in stack] + [match.group(2)])
        stack.append((indent, match.group(2)))
        above = lines[index - 1].strip() if index else ""
        if "#" in line or above.startswith("#"):
            keys.add(dotted)
    return keys


def test_every_config_field_is_in_config_yaml_with_a_comment() -> None:
    documented = commented_keys(CONFIG_TEXT)
    missing = [f for f in config_fields(Config) if f not in documented]
    assert not missing, f"config.yaml lacks (commented) fields: {missing}"
