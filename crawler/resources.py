"""Where the shipped data lives: the one module that knows the repository's `seeds/` folder.

The seeds (gazetteer, actors, demo site, example watches) sit beside the packages rather than
inside them, because users read and edit them as examples; every module asks here for a path.
"""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(*parts: str) -> Path:
    """A path under seeds/, e.g. `seed("gazetteer", "world.yaml")`."""
    return SEEDS.joinpath(*parts)
