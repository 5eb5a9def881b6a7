"""The incident's own date: from the clauses that tell the attack, not the report's other dates.

A report dates many things: the attack, the statement about it, the funeral, the update of the
toll, the filing of the story. Each date is read with the word that governs it: the nearest
verb or noun before it in its clause ("exploded in the market on Tuesday", "an attack on
Geidam on Sunday night"), else the one right after it ("on Tuesday confirmed"). A date of the
attack ("Monday's bombing", "killing four on Feb. 9") wins over a date with no such word, and
both over a date of reporting or of the aftermath ("said on Monday", "funeral prayers were
offered on Thursday", "the toll rose to six on Wednesday"); within a rank, the first in the
report wins. "On Tuesday, a day after a bomb ..." dates the bomb to Monday.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from crawler.incidents.facts.context import Span
from crawler.incidents.facts.dates import MONTHS, DateMention, find_dates, pick_event_date
from crawler.incidents.facts.eventtypes import is_attack_sentence

_EVENT_WORD = re.compile(
    r"\b(?:attack\w*|blasts?|bomb\w*|explo\w+|IEDs?|ambush\w*|kill\w*|dead|died|martyred|"
    r"injur\w*|wound\w*|targeted|stormed|struck|strikes?|fired|firing|gunmen|abduct\w*|"
    r"kidnap\w*|hijack\w*|detonat\w+|assault\w*|raid\w*|grenades?|rockets?|shot|gunned|"
    r"ripped|went off|opened fire|hit|hurled|shelling|clash\w*|fighting|incident)\b",
    re.IGNORECASE,
)
_AFTERMATH_WORD = re.compile(
    r"\b(?:said|says|told|stated|announced|confirmed|released|issued|statement|added|"
    r"reported|briefing|offered|held|buried|burial|funerals?|registered|lodged|revised|rose|"
    r"risen|rises|climbed|tightened|condemned|protest\w*|visited|arrested|observed|"
    r"claimed|arrived|resumed|reopened|shifted|airlifted|mourned|sealed|ordered|inquiry|"
    r"investigation|compensation|called|urged|demanded|fled|gathered|staged|marched)\b",
    re.IGNORECASE,
)
_POSSESSIVE_EVENT = re.compile(
    r"^(?:\s+(?:night|morning|evening|afternoon))?['’]s\s+(?:[\w-]+\s+){0,3}?(?:attack|blast|bombing|explosion|ambush|assault|raid|strike|"
    r"shooting|killing|massacre|incident|violence|clash|abduction)",
    re.IGNORECASE,
)
# Where a date's clause starts: the governing word is looked for after it.
_CLAUSE_MARK = re.compile(
    r"[;:]|\b(?:when|while|whereas|as|in which|which|that|where|but)\b", re.IGNORECASE
)
# A death after the attack dates the death: "two more succumbed to their wounds on Tuesday".
_LATER_DEATH = re.compile(
    r"\b(?:succumbed|later died|died (?:later|in hospital|at (?:the|a) \w*\s*hospital|of "
    r"(?:his|her|their) (?:wounds|injuries)|(?:at|in) [\w'’.-]+(?:\s+[\w'’.-]+){0,5}?\s+"
    r"hospital))",
    re.IGNORECASE,
)
_SPAN_AFTER = re.compile(
    r"\b(?P<n>a|one|two|three|four|five|six|\d+)\s+(?P<unit>days?|weeks?)\s+after\b"
    r"|\b(?:the\s+(?P<prev>previous|preceding)\s+(?:day|night|evening)|(?P<earlier>a\s+day\s+"
    r"earlier|the\s+day\s+before|the\s+night\s+before))\b",
    re.IGNORECASE,
)
# A follow-up naming its event by a span ("last month's bombing", "this month's attack"), or a
# lead counting over more than a day: the days of its statements are not the event's.
_EARLIER_EVENT = re.compile(
    r"\b(?:last|this|previous|past)\s+(?:week|month|year)['’]s\b|\blast\s+month\b"
    # a window over more than the day: "in the past 24 hours", "over the last two days"
    r"|\b(?:past|last)\s+(?:24|36|48|72)\s+hours\b|\b(?:past|last)\s+(?:two|three|few|"
    r"several|\d+)\s+days\b",
    re.IGNORECASE)
_SPAN_UNITS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
EVENT, PLAIN, AFTERMATH = 0, 1, 2


def event_date(parts: Sequence[Span], anchor: date | None) -> tuple[date | None, str, str]:
    """(date, precision, evidence sentence) of the main incident, from the lead and the
    attack sentences, ranked by the word each date hangs on."""
    ranked: list[list[tuple[DateMention, str]]] = [[], [], []]
    for s in parts:
        if s.background or not (s.lead or is_attack_sentence(s.text)):
            continue
        mentions = find_dates(s.text, anchor)
        mentions += _span_after(s.text, mentions, anchor)
        for mention in sorted(mentions, key=lambda d: d.start):
            ranked[_rank(s.text, mention)].append((mention, s.text))
    if any(_names_earlier(s.text, anchor) for s in parts if s.lead and not s.background):
        ranked = ranked[:1]  # only a day the attack itself is given counts
    for in_rank in ranked:
        found = pick_event_date(in_rank, anchor)
        if found[0] is not None or found[1] != "unknown":
            return found
    return None, "unknown", ""


_IN_MONTH = re.compile(
    r"\b(?:in|during|since)\s+(?P<month>" + "|".join(m for m in MONTHS if len(m) > 3 or m == "may") +
    r")\b(?!\.?\s*\d)", re.IGNORECASE)


def _names_earlier(sentence: str, anchor: date | None) -> bool:
    """The sentence names its event by a span before the report's days ("last month's
    bombing", "in the past 24 hours", "the bombing ... in May" told in June)."""
    if _EARLIER_EVENT.search(sentence):
        return True
    return anchor is not None and any(
        MONTHS[m.group("month").lower()] != anchor.month for m in _IN_MONTH.finditer(sentence))


def dated_before(sentence: str, when: date | None, anchor: date | None) -> bool:
    """True when a sentence dates what it tells to days before the incident ('Last week, five
    labourers were shot dead'; 'On Saturday, two soldiers were killed' in a report of
    Monday's attack): it tells another event, whose toll is not this one's."""
    if when is None:
        return False
    earlier = False
    for mention in find_dates(sentence, anchor):
        if mention.value is None or mention.precision not in ("day", "week"):
            continue
        if _rank(sentence, mention) == AFTERMATH:
            continue
        if mention.value >= when:
            return False
        earlier = True
    return earlier


def _rank(sentence: str, mention: DateMention) -> int:
    """EVENT, PLAIN or AFTERMATH: what the date's governing word says it dates."""
    end = mention.start + len(mention.text)
    if _POSSESSIVE_EVENT.match(sentence[end:]):
        return EVENT
    if _SPAN_AFTER.fullmatch(mention.text):
        word = _first(sentence[end : end + 80])  # dated by what came "a day after"
        return PLAIN if word is None else word
    before = sentence[max(0, mention.start - 200) : mention.start]
    marks = list(_CLAUSE_MARK.finditer(before))
    if marks:
        before = before[marks[-1].end() :]
    if _LATER_DEATH.search(before):
        return AFTERMATH
    word = _last(before)
    if word is None:
        # The words right after it, up to a comma: "on Tuesday confirmed an attack" (not a
        # sentence-final ", police said").
        word = _first(re.split(r"[,;:]", _CLAUSE_MARK.split(sentence[end : end + 60], 1)[0])[0])
    return PLAIN if word is None else word


def _last(text: str) -> int | None:
    """The rank the last event or aftermath word of `text` gives, if any."""
    event = [m.end() for m in _EVENT_WORD.finditer(text)]
    after = [m.end() for m in _AFTERMATH_WORD.finditer(text)]
    if not event and not after:
        return None
    return EVENT if max(event, default=-1) > max(after, default=-1) else AFTERMATH


def _first(text: str) -> int | None:
    """The rank the first event or aftermath word of `text` gives, if any."""
    event = _EVENT_WORD.search(text)
    after = _AFTERMATH_WORD.search(text)
    if not event and not after:
        return None
    if event and (not after or event.start() < after.start()):
        return EVENT
    return AFTERMATH


def _span_after(
    sentence: str, mentions: list[DateMention], anchor: date | None
) -> list[DateMention]:
    """'On Tuesday, a day after a bomb ripped through ...': the bomb's day, counted back from
    the date before it in the sentence."""
    out = []
    for m in _SPAN_AFTER.finditer(sentence):
        base = [d for d in mentions if d.start < m.start() and d.value and d.precision == "day"]
        start = base[-1].value if base else None
        if start is None:
            continue
        if m.group("n") is None:  # "the previous day", "a day earlier"
            days = 1
        else:
            raw = m.group("n").lower()
            n = int(raw) if raw.isdigit() else _SPAN_UNITS[raw]
            days = n * (7 if m.group("unit").lower().startswith("week") else 1)
        out.append(DateMention(m.group(0), m.start(), start - timedelta(days=days), "day"))
    return out
