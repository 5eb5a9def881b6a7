"""Benchmark: actor extraction per report with the world list, and with a list of 600 groups.

find_actors runs on every matched report. The corpus is every labelled report of tests/fixtures
and the seeds (their main-incident sentences, as fact extraction passes them); the large list is
the shipped one plus synthetic groups (made-up names, acronyms and aliases) up to 600 entries,
to show that the cost hangs on the text, not on the length of the list (one Aho-Corasick pass).

    python -m bench.bench_actors
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from bench.common import save
from crawler.evaluate.labels import read_report
from crawler.incidents.facts import ActorList
from crawler.incidents.facts.actors import find_actors
from crawler.incidents.facts.context import spans

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 0.5


def _corpus() -> list[list[str]]:
    """Main-incident sentences of every labelled report."""
    paths = sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))
    paths += sorted((ROOT / "seeds" / "demo" / "reports").glob("*.txt"))
    docs = [read_report(p) for p in paths]
    return [[s.text for s in spans(d.title, d.text, None) if not s.background] for d in docs]


def _padded(actors: ActorList, size: int) -> ActorList:
    """The list plus made-up groups up to `size` entries."""
    extra = [{"name": f"Zarqan Liberation Front {i}", "short": f"ZLF{i}",
              "aliases": [f"Zarqan Front {i}", f"Zarqani Movement {i}"], "country": "XX"}
             for i in range(max(0, size - len(actors.groups)))]
    return ActorList.load(extra=extra)


def _per_report_ms(corpus: list[list[str]], actors: ActorList, rounds: int) -> float:
    find_actors(corpus[0], actors)  # builds the automata once
    started = time.perf_counter()
    for _ in range(rounds):
        for sentences in corpus:
            find_actors(sentences, actors)
    return 1000 * (time.perf_counter() - started) / (rounds * len(corpus))


def run(rounds: int = 10) -> dict[str, Any]:
    """Time find_actors over the corpus with the shipped list and a padded one."""
    corpus = _corpus()
    shipped = ActorList.load()
    large = _padded(shipped, 600)
    data = {
        "reports": len(corpus), "groups": len(shipped.groups), "groups_large": len(large.groups),
        "ms_per_report": round(_per_report_ms(corpus, shipped, rounds), 3),
        "ms_per_report_large": round(_per_report_ms(corpus, large, rounds), 3),
        "target_ms": TARGET_MS,
    }
    save("actors", data)
    return data


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
