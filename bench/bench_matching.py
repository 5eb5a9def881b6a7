"""Benchmark: MB/s of article text through the matcher with a 500-term watch list, on one core."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from crawler.gazetteer import Gazetteer
from crawler.matcher import compile_watches
from crawler.models import Document
from crawler.watches import WatchConfig

TARGET_MB_S = 40.0
CORPUS_MB = 20.0
SEED = 20250720
RESULTS = Path(__file__).resolve().parent / "results" / "matching.json"

_VOCAB = ("attack blast bomb explosion militants gunmen police soldiers killed injured wounded "
          "security forces convoy district province officials said spokesman claimed responsibility "
          "checkpoint highway market mosque government minister assembly budget rains flood school "
          "hospital residents village town border trade talks investment port project cricket "
          "match stadium election court judge protest strike road traffic water power gas").split()
_PLACES = ["Quetta", "Turbat", "Kech", "Gwadar", "Peshawar", "Bannu", "Karachi", "Lahore",
           "Zahedan", "Maiduguri", "San Salvador", "Kabul", "Mastung", "Kalat", "Balochistan",
           "Khyber Pakhtunkhwa", "Sindh", "Punjab", "Iran", "India", "Afghanistan", "Nushki"]
_EXTRAS = ["“", "”", "’s", " — ", "é", ","]


def _terms(rng: random.Random, count: int) -> list[str]:
    """Real event vocabulary plus invented words and two-word phrases up to `count` terms."""
    terms = ["attack", "blast", "bomb", "explosion", "ambush", "gunmen", "militant", "killed",
             "injured", "suicide bomber", "improvised explosive device", "opened fire", "shot dead",
             "abducted", "grenade", "rocket", "insurgent", "terrorist", "martyred", "hijack"]
    letters = "abcdefghiklmnoprstuvwyz"
    while len(terms) < count:
        word = "".join(rng.choice(letters) for _ in range(rng.randint(5, 10)))
        terms.append(word if rng.random() < 0.7 else f"{word} {rng.choice(_VOCAB)}")
    return terms[:count]


def _watches(rng: random.Random) -> list[WatchConfig]:
    """Ten watches, 500 distinct terms between them, each with a region."""
    terms = _terms(rng, 500)
    regions = ["Balochistan", "Khyber Pakhtunkhwa", "Borno", "El Salvador", "Sindh",
               "Afghanistan", "Kech", "Quetta", "Punjab, Pakistan", "PK"]
    watches = []
    for i in range(10):
        chunk = terms[i * 50:(i + 1) * 50]
        watches.append(WatchConfig(
            name=f"w{i}", places=[regions[i]],
            keywords={"any": chunk[:30], "all": [chunk[30:45]], "none": chunk[45:]},
            near={"within": 40},
        ))
    return watches


def _article(rng: random.Random) -> Document:
    """A 2-6 KB article of plausible news sentences with places, quotes and accents."""
    paragraphs = []
    for _ in range(rng.randint(4, 9)):
        sentences = []
        for _ in range(rng.randint(2, 5)):
            words = [rng.choice(_VOCAB) for _ in range(rng.randint(10, 24))]
            words[rng.randrange(len(words))] = rng.choice(_PLACES)
            if rng.random() < 0.3:
                words[rng.randrange(len(words))] += rng.choice(_EXTRAS)
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    title = f"{rng.choice(_VOCAB).capitalize()} in {rng.choice(_PLACES)}"
    return Document(title=title, text=f"{rng.choice(_PLACES)}, March 3: " + "\n\n".join(paragraphs))


def run(corpus_mb: float = CORPUS_MB) -> dict[str, float]:
    """Generate the data, compile once, classify the corpus, and return the figures."""
    rng = random.Random(SEED)
    gazetteer = Gazetteer.load()
    watches = _watches(rng)
    started = time.perf_counter()
    matcher = compile_watches(watches, gazetteer)
    compile_s = time.perf_counter() - started
    docs, size = [], 0
    while size < corpus_mb * 1_000_000:
        doc = _article(rng)
        docs.append(doc)
        size += len(doc.title.encode()) + len(doc.text.encode())
    started = time.process_time()  # CPU time of this process: one core, whatever else runs
    matched = sum(m.matched for doc in docs for m in matcher.classify(doc))
    elapsed = time.process_time() - started
    return {"mb_per_s": round(size / 1_000_000 / elapsed, 1), "target_mb_per_s": TARGET_MB_S,
            "corpus_mb": round(size / 1_000_000, 1), "documents": len(docs), "terms": 500,
            "watches": len(watches), "compile_s": round(compile_s, 2), "matches": matched,
            "seconds": round(elapsed, 2)}


def main() -> None:
    """Print the figure against the target and write bench/results/matching.json."""
    result = run()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    verdict = "OK" if result["mb_per_s"] >= TARGET_MB_S else "BELOW TARGET"
    print(f"matching: {result['mb_per_s']} MB/s on one core (target {TARGET_MB_S} MB/s) {verdict}; "
          f"{result['corpus_mb']} MB in {result['documents']} documents, 500 terms in "
          f"{result['watches']} watches, compiled in {result['compile_s']} s")


if __name__ == "__main__":
    main()
