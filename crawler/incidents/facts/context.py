"""Report spans, each marked main incident or background, lead, and sub-attack segment."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from crawler.incidents.facts.clauses import readings
from crawler.incidents.facts.dates import MONTHS, find_dates, is_stale
from crawler.incidents.facts.probe import Gated, lowered

# Abbreviations whose dot ends no sentence ("Sept. 28", "Mr. Khan", "BRIG. ALI"), as written
# and in upper case ("No" only as written: "SAID NO." may end one). Each look-behind holds the
# dot: it is tested right after it, where the end-mark test stands.
_ABBREVIATIONS = (
    "Mr Mrs Ms Dr Gen Lt Col Maj Capt Sgt Brig Insp Supt Prof Sen Gov Rep St Rs vs U.S "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split()
_ABBREV = "".join(
    rf"(?<!\b{re.escape(a)}\.)" for a in dict.fromkeys(
        [*_ABBREVIATIONS, *(a.upper() for a in _ABBREVIATIONS), "No"]
    )
)
# The end-mark look-behind goes first: all the look-behinds test the same position, so their
# order does not change what matches, but this one fails at almost every character at once.
_SPLIT = re.compile(r"(?<=[.!?])" + _ABBREV + r"[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")

_MONTH_NAMES = "|".join(m for m in MONTHS if len(m) > 3)
# Whole sentences about other times: history, statistics, earlier months and years.
# "In the past few hours", "over the past 24 hours" date the news itself.
_NOT_HOURS = (r"(?!\s+(?:few\s+|several\s+|couple\s+of\s+|\d+\s+|\w+\s+)?(?:hours?|hrs|"
              r"days?|night)\b)")
_BACKGROUND = Gated(
    re.compile(
        r"\b(?:(?:in|since|during|of|from|until|by) (?:(?:early|late|mid)[- ])?(?:19|20)\d\d\b"
        r"|(?:last|previous|past) (?:month|year|years|months|decade|decades)\b"
        r"|earlier this (?:year|month)|this year|so far this year|over the past" + _NOT_HOURS +
        r"|in recent (?:months|weeks|years)"
        r"|historically|recently|previously(?! unknown)|in the past" + _NOT_HOURS + r"|for decades|"
        r"decades-long|tall(?:y|ies)\b"
        r"|statistics|(?:in|since|during) (?:early |late |mid-)?(?:" + _MONTH_NAMES + r")\b"
        r"(?!\s+\d)|intelligence[- ]based operation|\bIBOs?\b)",
        re.IGNORECASE,
    ),
    # A literal of each branch above, in order (see crawler.incidents.facts.probe).
    ["19", "20", "month", "year", "decade", "over the past", "in recent", "historically",
     "recently", "previously", "in the past", "tall", "statistics", *_MONTH_NAMES.split("|"),
     "intelligence", "ibo"],
)
# Clause openers that introduce another event: the rest of the sentence is background.
_OTHER_EVENT = Gated(
    re.compile(
        r"(?:,\s*)?\b(?:(?:just |only )?(?:days?|weeks?|months?|hours?|a day|a week) "
        r"(?:after|before)"
        r"|following|after|followed|follows|comes? (?:\w+ )?after|came (?:\w+ )?after"
        r"|in response to|in retaliation for|similar to|weeks before|amid)\s+"
        r"(?:(?:an?|the) (?:earlier|previous|recent|similar|last)\b|an? (?:\w+ )?(?:incident|"
        r"shooting|blast|attack|bombing|explosion|ambush|strike|assault|killing)\b|the (?:"
        + _MONTH_NAMES
        + r")\b|the \d|last\b|(?:the )?(?:monday|tuesday|wednesday|thursday|friday|"
        r"saturday|sunday)'s)"
        r"|\b(?:comes?|came|occurred|happened|took place)\s+(?:just |only )?(?:(?:a|one|two|three|"
        r"four|five|six|several|a few|\d+)\s+)?(?:days?|weeks?|months?|hours?)\s+(?:after|before)"
        r"|\b(?:an?|the) (?:earlier|previous) "
        r"(?:attack|blast|bombing|explosion|incident|assault|strike)",
        re.IGNORECASE,
    ),
    ["after", "before", "follow", "in response to", "in retaliation for", "similar to", "amid",
     "earlier", "previous"],  # "came days after" holds "after" or "before"
)
# "X, a week after jihadists killed four civilians": another event, when X tells one of its own.
_TIME_AFTER = Gated(
    re.compile(
        r",?\s*\b(?:just |only |barely )?(?:(?:a|one|two|three|four|five|six|several|a few|\d+)"
        r"\s+)?(?:days?|weeks?|months?|hours?) (?:after|before)\s+(?!yesterday)(?=\S)",
        re.IGNORECASE,
    ),
    ["after", "before"],
)
_SEGMENT = Gated(
    re.compile(
        r"\b(?:in a separate|separately|in another|another (?:attack|incident|blast|explosion|"
        r"strike)|(?:second|third) (?:attack|incident|blast|explosion|strike|assault)"
        r"|in the (?:first|second)|the first (?:attack|strike|incident|blast)|meanwhile|elsewhere"
        r"|in a similar)\b",
        re.IGNORECASE,
    ),
    ["separate", "another", "second", "third", "first", "meanwhile", "elsewhere", "in a similar"],
)
# What opens another incident than the report's own: it and the rest of the report tell that
# one (wire reports close with the day's other violence), unless the lead totals several
# attacks, whose parts they then are. "Later that day" most often brings news of the same one
# (a toll revised): not a marker.
_SEPARATE = Gated(
    re.compile(
        r"\b(?:in\s+(?:a\s+|two\s+|three\s+)?separate\s+(?:\w+\s+)?(?:incidents?|attacks?|"
        r"blasts?|explosions?|shootings?|ambush(?:es)?|raids?|strikes?|clashes|violence|"
        r"assaults?|bombings?)|separately|in\s+(?:an)?other\s+(?:\w+\s+)?(?:incidents?|attacks?|"
        r"blasts?|explosions?|shootings?|ambush(?:es)?|raids?|strikes?|assaults?|bombings?|"
        r"encounters?)|in\s+other\s+(?:violence|incidents|attacks)|elsewhere|"
        r"earlier\s+(?:in\s+the\s+day|that\s+day|on\s+(?:mon|tues|wednes|thurs|fri|"
        r"satur|sun)day)|also\s+on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
        re.IGNORECASE,
    ),
    ["separate", "other", "elsewhere", "earlier", "also on"],
)
# An apposition ranking the news among others of a period ("..., the ninth such killing this
# year", "the deadliest attack since January") counts nothing itself.
RANKING = re.compile(
    r"\b(?:the|its|their) (?:\w+ )?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|\d+(?:st|nd|rd|th)|latest|deadliest|worst|biggest|largest|bloodiest|"
    r"most \w+)\s+(?:[\w-]+\s+){0,3}?(?:such|attacks?|killings?|killed|to die|to be killed|"
    r"incidents?|bombings?|blasts?|assaults?|ambush(?:es)?|raids?|strikes?|murders?|shootings?|"
    r"in a)\b[^,.;]*", re.IGNORECASE)
_FINAL_MARK = re.compile(r"[.!?:\"”]$")
_MULTI = re.compile(
    r"\b(?:two|three|four|five|six|several|multiple|twin|series of|coordinated|separate|"
    r"simultaneous)\s+(?:\w+\s+)?(?:attacks|strikes|blasts|bombings|assaults|incidents|"
    r"offensives|explosions|operations)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    """One sentence or clause of a report with its role in the story."""

    text: str
    index: int
    paragraph: int
    background: bool = False
    lead: bool = False
    heading: bool = False
    segment: int = 0


def split_sentences(text: str) -> list[tuple[str, int]]:
    """Sentences of `text` with their paragraph number; a short unpunctuated line is a heading."""
    out: list[tuple[str, int]] = []
    for p, para in enumerate(x.strip() for x in re.split(r"\n\s*", text)):
        if para:
            out.extend((s.strip(), p) for s in _SPLIT.split(para) if s.strip())
    return out


def separate_incidents(spans_: list[Span]) -> list[Span]:
    """The spans, those from the first that opens another incident on marked background
    (their tolls are another event's), unless the lead totals several attacks."""
    if multi_attack_lead(spans_):
        return spans_
    first = next((i for i, s in enumerate(spans_) if not s.lead and s.paragraph >= 0
                  and not s.heading and _SEPARATE.search(s.text, lowered(s.text))), None)
    if first is None:
        return spans_
    return spans_[:first] + [replace(s, background=True) for s in spans_[first:]]


def _is_heading(sentence: str) -> bool:
    """A subheading: short, no final punctuation ('Tactical Blows in Bolan and Kech')."""
    return len(sentence.split()) <= 9 and not _FINAL_MARK.search(sentence)


def _is_background(sentence: str, published: date | None, low: str | None) -> bool:
    """True when a whole sentence is about other events or times (`low`: lowered(sentence))."""
    if _BACKGROUND.search(sentence, low):
        return True
    return any(is_stale(d, published) for d in find_dates(sentence, published) if d.value)


def _revises(sentence: str, low: str | None) -> bool:
    """The sentence revises the toll ("the number killed in last month's bombing has risen to
    16", "six more bodies ..., bringing the number of dead to 18"): news of that incident,
    however old it is."""
    found = readings(sentence, low)
    return any(r.total for r in found) and any(
        r.rising or r.later or r.counted.more for r in found)


def _ranked_news(sentence: str, published: date | None) -> int:
    """Where an apposition ranking the news among a period's starts ("Gunmen shot dead a
    teacher on Monday, the ninth such killing this year"), when only it marks the sentence as
    background and the rest tells an attack; else 0."""
    ranking = RANKING.search(sentence)
    if ranking is None or ranking.start() == 0:
        return 0
    head = sentence[: ranking.start()].rstrip(" ,;—–-")
    if not head or _is_background(head, published, lowered(head)) or not _tells_attack(head):
        return 0
    return ranking.start()


def spans(title: str, body: str, published: date | None) -> list[Span]:
    """The report as spans: title and body sentences, background clauses cut off and marked."""
    out: list[Span] = []
    segment = 0
    pieces = ([(title.strip(), -1)] if title.strip() else []) + split_sentences(body)
    first_body = True
    for i, (sentence, para) in enumerate(pieces):
        low = lowered(sentence)
        heading = para >= 0 and _is_heading(sentence)
        lead = para < 0 or (first_body and not heading)
        if para >= 0 and not heading:
            if not first_body and _SEGMENT.search(sentence, low):
                segment += 1
            first_body = False
        if _is_background(sentence, published, low) and not _revises(sentence, low):
            ranked = _ranked_news(sentence, published)
            if ranked:
                out.append(Span(sentence[:ranked], i, para, False, lead, heading, segment))
            out.append(Span(sentence[ranked:], i, para, True, lead, heading, segment))
            continue
        cut = _other_event(sentence, low) or _other_time(sentence, low)
        if cut and cut.start() > 0:
            out.append(Span(sentence[: cut.start()], i, para, False, lead, heading, segment))
            out.append(Span(sentence[cut.start() :], i, para, True, lead, heading, segment))
        else:
            out.append(Span(sentence, i, para, bool(cut), lead, heading, segment))
    return separate_incidents(out)


_ATTACK_VERB = Gated(
    re.compile(
        r"\b(?:attacked|exploded|stormed|ambushed|struck|opened fire|went off|blew up|detonated|"
        r"hurled|raided|abducted|kidnapped|shot)\b",
        re.IGNORECASE,
    ),
    ["attacked", "exploded", "stormed", "ambushed", "struck", "opened fire", "went off",
     "blew up", "detonated", "hurled", "raided", "abducted", "kidnapped", "shot"],
)


# What names the report's own event in a clause ("The attack came a week after ...").
_EVENT_NOUN = re.compile(
    r"\b(?:attacks?|blasts?|bombings?|explosions?|ambush|raids?|assaults?|strikes?|killings?|"
    r"incidents?|shootings?|massacres?|violence|it|this)\b", re.IGNORECASE)


def _other_event(sentence: str, low: str | None) -> re.Match[str] | None:
    """'X, weeks after an attack on ...': the rest is another event, unless the sentence
    opens with it or X tells no attack of its own ('Their flight followed an attack on the
    town on Tuesday in which ...' is about this one)."""
    m = _OTHER_EVENT.search(sentence, low)
    if m is None or m.start() == 0:
        return m
    head = sentence[: m.start()]
    return m if _EVENT_NOUN.search(head) or _tells_attack(head) else None


def _other_time(sentence: str, low: str | None) -> re.Match[str] | None:
    """'X, a week after jihadists killed four': the rest is another event only when X tells an
    attack of its own ('security was tightened, a day after a bomb ...' is about this one)."""
    m = _TIME_AFTER.search(sentence, low)
    return m if m and m.start() > 0 and _tells_attack(sentence[: m.start()]) else None


def _tells_attack(clause: str) -> bool:
    """True when a clause tells an attack of its own: an attack verb or a casualty count."""
    low = lowered(clause)
    return bool(_ATTACK_VERB.search(clause, low) or readings(clause, low))


def multi_attack_lead(spans_: list[Span]) -> bool:
    """True when the lead speaks of several attacks, so its figures are totals over them."""
    return any(s.lead and not s.background and _MULTI.search(s.text) for s in spans_)
