"""Where things are: the repository root and the tests folder (fixtures live under it)."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
