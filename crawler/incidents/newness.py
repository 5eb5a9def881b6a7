"""Is a report news of a new incident, or a drill, a court case, a commemoration or a statement
about an earlier attack? Judged on one sentence, the report's key sentence.

  - a simulation: a drill, a mock exercise, a rehearsal;
  - justice: a sentence, a conviction, an acquittal, a verdict;
  - remembrance: an anniversary, a commemoration, a vigil, "years since";
  - the past: the attack it names is dated weeks or years before publication ("last month's
    attack", "in September 2023", "the May 12 bombing" a month on, "years ago") and the
    sentence gives no fresh time of its own (a weekday or "yesterday" that dates an official's
    words, "said on Tuesday", "a report released on Monday", is not one). A follow-up that
    revises the toll ("the toll from last month's bombing rose to 25") is news of that
    incident, not a statement about it;
  - a period: a count over a year, a month or a span of them ("killed 13 last year", "since
    January", "so far this year", "in the first six months of the year", "in March" told in
    April), again with no fresh time of its own: "gunmen shot dead a teacher on Monday, the
    ninth such killing this year" is news.
Matching uses it on the key sentence it finds with the watch's terms (crawler.matching.
keysentence); incident resolution, on the lead of a report a watch let through anyway, so that
such a report never joins an incident nor changes its tolls.
"""

from __future__ import annotations

import re
from datetime import date

from crawler.incidents.facts.context import RANKING
from crawler.incidents.facts.dates import find_dates, is_stale
from crawler.parse.dateline import split_dateline

_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_MONTHS = {name: index + 1 for index, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}

_FRAMES: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("a drill or exercise", re.compile(
        r"\b(?:drills?|mock|simulat(?:e|ed|es|ing|ion|ions)|rehears(?:al|als|ed|ing)|"
        r"war ?games?|dry runs?|(?:security|emergency|evacuation|anti-?terror(?:ism)?|"
        r"counter-?terror(?:ism)?|preparedness) exercises?)\b", re.IGNORECASE),
     ("drill", "mock", "simulat", "rehears", "game", "dry run", "exercise")),
    ("a court case", re.compile(
        r"\b(?:sentenc(?:ed|es|ing)|(?:death|life|jail|prison) (?:sentence|term)s?|"
        r"life imprisonment|convict(?:ed|ion|ions|ing|s)|acquit(?:ted|tal|s)?|verdicts?|"
        r"indict(?:ed|ment|ments)|found (?:\w+ )?guilty|pleaded (?:not )?guilty|jail(?:ed|s)|"
        r"(?:the |a |went on |go on |stood |stand |on )trial|trial (?:of|opened|began|resumed)|"
        r"arraign(?:ed|ment)|charged (?:over|with|in connection)|prosecutors?|"
        r"(?:court|tribunal|judge)s? (?:\w+ ){0,3}(?:ruled|ordered|awards?|awarded|handed down))\b",
        re.IGNORECASE),
     ("sentenc", "term", "imprisonment", "convict", "acquit", "verdict", "indict", "guilty",
      "jail", "trial", "arraign", "charged", "prosecut", "court", "tribunal", "judge")),
    ("a commemoration", re.compile(
        r"\b(?:anniversary|anniversaries|commemorat\w*|memorial (?:service|ceremony|prayers?|"
        r"gathering|event|meeting)|vigils?|(?:years?|months?) since|in memory of|"
        r"remember(?:ed|ing|s)? (?:the )?(?:victims|dead|martyrs|fallen)|pa(?:y|id|ying) tribute)\b",
        re.IGNORECASE),
     ("anniversar", "commemorat", "memorial", "vigil", "since", "memory", "remember", "tribute")),
)
# A span reaching up to now ("the third attack in the past few months") is no earlier attack;
# "over the years" summing up a group's record is.
_PAST = re.compile(
    r"\b(?:(?:last|previous|past) (?:week|month|year)['’]s|earlier this (?:year|month)|"
    r"(?:\w+ )?(?:years?|months?|decades?) (?:ago|after)|recall(?:ed|ing|s)?|"
    r"over the (?:(?:past|last) (?:(?:few|several|two|three|\d+) )?)?(?:years?|decades?))\b",
    re.IGNORECASE)
# A count over a span of time: a year, a month, a quarter, or the months since one.
# "Since last year" compares; "last year" counts.
_PERIOD = re.compile(
    rf"\b(?:(?<!since )(?:last|past|previous) (?:year|month|decade)(?!['’])|(?:so far |earlier )?"
    rf"this (?:year|month)(?!['’])|since (?:the (?:start|beginning) of (?:the|this) year|"
    rf"{_MONTH}\b(?! \d))|in the first (?:\w+ )?(?:months?|weeks?|quarter|half) of|during the "
    rf"(?:first |second |past |last )?(?:year|month|quarter|half)|over the (?:past|last) (?:\w+ )?"
    rf"(?:months?|weeks?|years?)|(?:in|during|throughout) (?P<year>(?:19|20)\d\d)\b(?![-/]\d)"
    rf"|(?:in|during) (?P<month>{_MONTH})\b(?!\.? \d)(?! (?:19|20)\d\d))",
    re.IGNORECASE)
# Words without which _PAST or _PERIOD cannot match, a day and month (for stale dates) and any
# year (for _DATED): gates for the costlier searches.
_PAST_WORDS = ("last", "previous", "past", "earlier", " ago", "after", "recall", "over the",
               "this year", "this month", "since the", "the first", "during the", "throughout",
               *(f"{word} {month}" for word in ("in", "since", "during")
                 for month in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                               "oct", "nov", "dec")))
_DIGIT = re.compile(r"\d")
_DAY_MONTH = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\b|\b{_MONTH}\.? \d{{1,2}}\b",
                        re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATED = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)? )?(?P<month>{_MONTH})\.?"
    rf"(?: (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)?,? (?P<year>(?:19|20)\d\d)\b"
    rf"|\b(?P<bare>(?:19|20)\d\d)\b", re.IGNORECASE)
_FRESH = re.compile(
    rf"\b(?:(?:on |late |early |last )?{_WEEKDAY}|yesterday|today|tonight|this (?:morning|"
    rf"afternoon|evening)|last night|(?:few|past|last|two|three|several|\d+) hours|"
    rf"early hours|overnight)\b", re.IGNORECASE)
# A time that dates someone's words, not the attack: "said on Tuesday", "on Tuesday said".
_SAYING = (r"said|says|told(?: \w+){0,3}|announced|stated|vowed|warned|added|confirmed|"
           r"claimed|urged|spoke|speaking|released|published|issued|presented|condemned|"
           r"denounced|deplored|called|expressed|reported|recorded|documented|tallied|"
           r"statement|report|interview|briefing")
_REPORTING_TIME = re.compile(
    rf"\b(?:{_SAYING})\s+(?:\w+ ){{0,3}}?(?:late |early )?(?:on )?"
    rf"(?:{_WEEKDAY}|yesterday|today)\b"
    rf"|\b(?:on )?(?:{_WEEKDAY}|yesterday|today),? (?:{_SAYING})\b"
    rf"|\b(?:published|released|issued|presented) by (?:\w+ ){{1,4}}?(?:on )?"
    rf"(?:{_WEEKDAY}|yesterday|today)\b",
    re.IGNORECASE)
_REVISION = re.compile(
    r"\btoll\b.{0,100}?\b(?:rose|risen|rises|rising|climbed|increased|jumped|reached)\b|"
    r"\bnumber of (?:the )?(?:dead|deaths|people killed|\w+ killed)\b.{0,100}?"
    r"\b(?:rose|risen|rises|climbed|increased|reached)\b|"
    r"\b(?:bringing|taking|raising|pushing)\s+the\s+(?:death\s+)?(?:toll|number of (?:the )?"
    r"(?:dead|deaths))\s+to\b|"
    r"\bsuccumbed\b|\bdied (?:of|from) (?:their|his|her) (?:wounds|injuries)\b|"
    r"\bmore (?:bodies|victims)\b|\bbodies of (?:\w+ )?more\b|\b(?:more|other) victims died\b",
    re.IGNORECASE)
_CASUALTY = re.compile(
    r"\b(?:killed|killing|dead|died|wounded|wounding|injured|injuring|martyred|abducted|"
    r"kidnapped|shot)\b", re.IGNORECASE)
_NO_CASUALTY = re.compile(r"\b(?:no one|nobody|no casualt|no loss|none)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


def framing(sentence: str, published: date | None) -> str | None:
    """What the sentence reports instead of a new incident, or None when it may be one."""
    # Most key sentences hold none of a frame's words, nor a past marker or a year: substring
    # tests (in C) rule that out before the costlier patterns run.
    low = sentence.lower()
    for why, pattern, words in _FRAMES:
        if any(word in low for word in words) and pattern.search(sentence):
            return why
    if any(word in low for word in _PAST_WORDS) or _YEAR.search(sentence) or (
            _DIGIT.search(sentence) and _DAY_MONTH.search(sentence)):
        if _REVISION.search(sentence) or _FRESH.search(_REPORTING_TIME.sub(" ", sentence)):
            return None
        if _PAST.search(sentence):
            return "an earlier attack"
        if _over_a_period(sentence, published):
            return "a count over a period"
        if _dated_long_ago(sentence, published):
            return "an earlier attack"
    return None


def is_revision(sentence: str) -> bool:
    """The sentence revises a toll ("rose to 25", "succumbed", "more bodies"): news of an
    incident, however old the incident it names."""
    return bool(_REVISION.search(sentence))


def fresh_casualty(sentence: str) -> bool:
    """A casualty and a fresh time of its own: a new incident, whatever else is framed."""
    return bool(_CASUALTY.search(sentence) and not _NO_CASUALTY.search(sentence)
                and _FRESH.search(_REPORTING_TIME.sub(" ", sentence)))


def _over_a_period(sentence: str, published: date | None) -> bool:
    """The sentence counts over a span of time ("last year", "since January", "in March" told
    in a later month)."""
    for m in _PERIOD.finditer(RANKING.sub(" ", sentence)):
        month, year = m.group("month"), m.group("year")
        if month is None and year is None:
            return True
        if published is None:
            continue
        if (year and int(year) < published.year) or (
                month and _MONTHS[month.lower()[:3]] != published.month):
            return True
    return False


# Background markers that name another event or place: a fresh time beside them dates that.
_OTHER_EVENT = re.compile(
    r"\b(?:neighbou?ring|bordering|borders|separately|similar|previous(?:ly)?|in the past|"
    r"history)\b", re.IGNORECASE)


def fresh_amid_period(sentence: str) -> bool:
    """A casualty at a fresh time of its own beside a ranking over a period ("gunmen shot dead
    a teacher on Monday, the ninth such killing this year"): news, though the period marks the
    sentence as background. Without the ranking nothing may tell of another time or event."""
    if not RANKING.search(sentence):
        return False
    rest = RANKING.sub(" ", sentence)
    return fresh_casualty(rest) and not (_OTHER_EVENT.search(rest) or _PAST.search(rest)
                                         or _PERIOD.search(rest))


def _dated_long_ago(sentence: str, published: date | None) -> bool:
    """The sentence names a month or year well before publication ("in September 2023"), or a
    day weeks before it ("the May 12 bombing" in June)."""
    if published is None:
        return False
    if _DAY_MONTH.search(sentence) and any(
            is_stale(m, published) for m in find_dates(sentence, published) if m.explicit):
        return True
    for m in _DATED.finditer(sentence):
        if m.group("bare"):
            if int(m.group("bare")) < published.year:
                return True
            continue
        month = _MONTHS[m.group("month").lower()[:3]]
        year = int(m.group("year"))
        if (published.year - year) * 12 + published.month - month > 1:
            return True
    return False


def report_framing(text: str, published: date | None) -> str | None:
    """What the report's lead tells instead of a new incident, or None.

    Another of the first sentences with a casualty and a fresh time of its own still makes the
    report news (see crawler.matching.keysentence.not_new).
    """
    _dateline, body = split_dateline(text, published)
    sentences = [s for s in _SENTENCE.split(body.strip())[:4] if s.strip()]
    if not sentences:
        return None
    why = framing(sentences[0], published)
    if why is None:
        return None
    if any(framing(s, published) is None and fresh_casualty(s) for s in sentences[1:]):
        return None
    return why
