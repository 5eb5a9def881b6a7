"""Migrations are append-only: a released migration's code never changes, none disappears,
and new ones only come after the released ones of their set.

released_migrations.json holds a hash of each released migration's code (its syntax tree,
docstring left out, so reflowing a comment or a docstring is not a change). A new migration is
accepted as it is; once it is released, add its line from what this prints:

    .venv/bin/python tests/storage/test_migration_history.py
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crawler.storage.schema import MIGRATION_SETS
from crawler.storage.versions import known_names

RELEASED = Path(__file__).with_name("released_migrations.json")


def code_hash(function: Callable[..., Any]) -> str:
    """sha256 of a migration function's code: its syntax tree without the docstring."""
    return source_hash(inspect.getsource(function))


def source_hash(source: str) -> str:
    """sha256 of the code of the one function defined in `source`."""
    node = ast.parse(textwrap.dedent(source)).body[0]
    assert isinstance(node, ast.FunctionDef), "a migration is a function"
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        node.body = body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.unparse(node).encode()).hexdigest()


def current() -> dict[str, tuple[int, str]]:
    """Every migration in the code: 'set/name' -> (position in its set, hash)."""
    found = {}
    for migration_set in MIGRATION_SETS:
        for position, migration in enumerate(migration_set._migrations):
            found[f"{migration_set.name}/{migration.name}"] = (position, code_hash(migration.fn))
    return found


def drift(released: dict[str, str], now: dict[str, tuple[int, str]]) -> list[str]:
    """What breaks append-only history: edited or missing released migrations, and new ones
    placed before a released one of their set."""
    problems = [f"{key} was released and is gone (renamed or removed)"
                for key in released if key not in now]
    problems += [f"{key} was released and its code changed: add a new migration instead"
                 for key, digest in released.items() if key in now and now[key][1] != digest]
    last_released: dict[str, int] = {}
    for key in released:
        if key in now:
            set_name = key.split("/")[0]
            last_released[set_name] = max(last_released.get(set_name, -1), now[key][0])
    problems += [f"{key} is new but comes before a released migration of its set"
                 for key, (position, _) in now.items()
                 if key not in released and position < last_released.get(key.split("/")[0], -1)]
    return problems


def test_released_migrations_are_unchanged_and_new_ones_come_last() -> None:
    released = json.loads(RELEASED.read_text(encoding="utf-8"))
    assert len(released) >= 9 and "watchpost/m001_crawl" in released
    assert drift(released, current()) == []


def test_an_edited_migration_is_caught() -> None:
    released = {key: digest for key, (_, digest) in current().items()}
    crawl = next(s for s in MIGRATION_SETS if s.name == "watchpost")
    first = crawl._migrations[0].fn
    edited = inspect.getsource(first).replace('"status": str}', '"status": str, "pid": int}')
    assert edited != inspect.getsource(first)
    now = current()
    now["watchpost/m001_crawl"] = (0, source_hash(edited))
    assert drift(released, now) == [
        "watchpost/m001_crawl was released and its code changed: add a new migration instead"]


def test_a_docstring_or_comment_is_not_a_change() -> None:
    source = 'def m(db):\n    """One."""\n    db.execute("x")  # a\n'
    assert source_hash(source) == source_hash('def m(db):\n    """Two."""\n\n    db.execute("x")\n')
    assert source_hash(source) != source_hash('def m(db):\n    db.execute("y")\n')


def test_a_new_migration_is_accepted_only_at_the_end_of_its_set() -> None:
    now = current()
    released = {key: digest for key, (_, digest) in now.items()}
    size = len(known_names(MIGRATION_SETS[0]))
    appended = {**now, "watchpost/m999_new": (size, "f" * 64),
                "watchpost-later/m001_new_set": (0, "e" * 64)}
    assert drift(released, appended) == []
    inserted = {key: ((pos + 1, digest) if key.startswith("watchpost/") and pos >= 1
                      else (pos, digest)) for key, (pos, digest) in now.items()}
    inserted["watchpost/m001b_new"] = (1, "f" * 64)
    assert drift(released, inserted) == [
        "watchpost/m001b_new is new but comes before a released migration of its set"]
    assert drift(released, {k: v for k, v in now.items() if k != "watchpost/m001_crawl"}) == [
        "watchpost/m001_crawl was released and is gone (renamed or removed)"]


if __name__ == "__main__":
    # Print the current hashes, for released_migrations.json.
    json.dump({key: digest for key, (_, digest) in current().items()}, sys.stdout, indent=2)
    print()
