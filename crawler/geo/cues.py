"""What the words around a place name say about it, in mixed and upper case alike.

  * the kind the words ask for: "the southern province of Kandahar", "GHAZNI PROVINCE" and
    "in Nariño department" name the province, "Spin Boldak district" and "the municipality of
    Barbacoas" a district, "the town of Toledo" a town (asked_kind);
  * a border names the other side: the event of "Afghan soldiers ... near the border with
    Pakistan" is not in Pakistan, nor is that of "Somali troops near the Kenyan border"
    (border_side);
  * the words between a name and a later place say that the later place holds it: "Toledo in
    north-eastern Colombia", "Kalat, capital of Zabul province", "Boni, a town in central Mali"
    (inside_gap), or a possessive does: "Mozambique's Cabo Delgado" (possessive_gap).
Both the matcher and fact extraction read names this way (crawler.geo.hits, crawler.incidents.
facts.place_resolve), so they place a name alike.
"""

from __future__ import annotations

import re
from typing import Literal

Asked = Literal["province", "district", "town"]

PROVINCE_WORDS = ("province", "state", "region", "department", "governorate", "prefecture",
                  "oblast")
# Words of the second level and below; "<Name> <word>" with one of these may be synthesised
# when the gazetteer lacks it (crawler.geo.unlisted), with the kind given here.
DISTRICT_WORDS = ("district", "local government area", "lga", "county", "municipality",
                  "municipio", "territory", "commune", "cercle", "tehsil", "sub-district",
                  "subdistrict", "sub-division", "subdivision", "sub-county")
# ("community" and "quarter" are left out: "the Hazara community", "the first quarter")
TOWN_WORDS = ("town", "village", "city", "settlement", "hamlet", "locality")
AREA_WORDS = ("area", "neighbourhood", "neighborhood", "suburb")
_BELOW_DISTRICT = frozenset({"tehsil", "sub-district", "subdistrict", "sub-division",
                             "subdivision", "sub-county"})


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\-", "[- ]?") for w in sorted(words, key=len,
                                                                          reverse=True))


_KIND_GROUPS = (rf"(?P<province>{_alternation(PROVINCE_WORDS)})"
                rf"|(?P<district>{_alternation(DISTRICT_WORDS)})"
                rf"|(?P<town>{_alternation(TOWN_WORDS)})")
# "Kandahar province", and an apposition: "Panama, a village near Tumaco".
_AFTER = re.compile(rf"(?:\s+|,\s+(?i:an?|the)\s+(?:[\w-]+\s+){{0,2}}?)(?i:{_KIND_GROUPS})\b")
_BEFORE = re.compile(rf"(?i:\b(?:{_KIND_GROUPS})\s+of\s+(?:the\s+)?)$")
# Compass and other adjectives that may stand between a name and the place holding it.
COMPASS = (r"(?:far[- ])?(?:(?:north|south)(?:[- ]?(?:east|west))?|east|west|central|centre|"
           r"middle|upper|lower)(?:ern)?")
_ADJECTIVES = (rf"(?:(?:{COMPASS}|restive|troubled|remote|volatile|neighbou?ring|mountainous|"
               r"oil-rich|impoverished|conflict-hit|insurgency-hit|rural)\s+)*")
_HOLDER_WORDS = (_alternation(TOWN_WORDS + AREA_WORDS + DISTRICT_WORDS + PROVINCE_WORDS)
                 + "|capital|port|hub|seat|headquarters|camp|stronghold")
_PHRASE = (rf"(?:(?:(?:an?|the)\s+)?(?:[\w-]+\s+){{0,3}}?(?:{_HOLDER_WORDS})\s+"
           r"(?:in|of|near|outside|on\s+the\s+outskirts\s+of)\s+"
           r"|(?:in|of|inside|within|near|outside|just\s+outside|on\s+the\s+outskirts\s+of)\s+)")
# A comma, or words that say "in": a bare space joins two names ("Spin Boldak") or two words.
_INSIDE = re.compile(rf"(?i:^(?:\s*,\s*{_PHRASE}?|\s+{_PHRASE})(?:the\s+)?{_ADJECTIVES}$)")
_POSSESSIVE = re.compile(rf"(?i:^['’]s\s+{_ADJECTIVES}$)")
_BORDER_AFTER = re.compile(
    r"^(?:['’]s)?(?:\s*[-–/]\s*[A-Z][\w'’]*)*\s+(?i:border|frontier)s?\b"
    r"(?!\s+(?i:towns?|city|village|district|region|area|province|county|state|posts?|"
    r"outposts?|police|guards?|crossings?|points?|forces|troops|security|officials?|patrols?|"
    r"units?|brigade|battalion|force)\b)")
_BORDER_BEFORE = re.compile(
    r"(?i:\b(?:border|frontier)s?\s+(?:with|between)\s+(?:the\s+)?)"
    r"(?:[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)?\s+(?i:and|&)\s+)?$"
    r"|[A-Z][\w'’]*\s*[-–/]\s*$")


def asked_kind(text: str, start: int, end: int) -> Asked | None:
    """The kind the words right around text[start:end] ask for, if any."""
    after = _AFTER.match(text, end)
    # The look-back regex only where the words before end in "of" or "of the" (a few
    # character tests: most names stand after "in" or a verb).
    close = text[max(0, start - 8):start].rstrip().lower()
    before = _BEFORE.search(text, max(0, start - 60), start) if close.endswith(
        (" of", " of the")) else None
    for found in (after, before):
        if found is not None:
            return "province" if found.group("province") else (
                "district" if found.group("district") else "town")
    return None


def border_side(text: str, start: int, end: int) -> bool:
    """True when the name at text[start:end] is the other side of a border the text names
    ("near the border with Pakistan", "the Kenyan border", "the Afghan-Pakistan border")."""
    if _BORDER_AFTER.match(text[end:end + 60]):
        return True
    before = text[max(0, start - 60):start]
    return bool(_BORDER_BEFORE.search(before)) and bool(
        re.match(r"^\s+(?i:border|frontier)", text[end:end + 20])
        or re.search(r"(?i:(?:border|frontier)s?\s+(?:with|between))", before))


def inside_gap(gap: str) -> bool:
    """True when the words between a name and a later place say the later place holds the
    name: " in ", ", ", ", capital of ", ", a town in central ", " district of "."""
    return len(gap) <= 80 and bool(_INSIDE.match(gap))


_COMMA_ONLY = re.compile(rf"(?i:^\s*,\s*(?:the\s+)?{_ADJECTIVES}$)")


def comma_gap(gap: str) -> bool:
    """True when only a comma joins two names ("Granada, Meta"): a place holding the first,
    or the next item of a list ("in Tibu, Toledo and El Tarra")."""
    return bool(_COMMA_ONLY.match(gap))


def possessive_gap(gap: str) -> bool:
    """True when a place and a later name stand as "Mozambique's Cabo Delgado"."""
    return len(gap) <= 40 and bool(_POSSESSIVE.match(gap))


def word_kind(word: str) -> Literal["district", "city", "area"] | None:
    """The kind of place a kind word makes of a name the gazetteer lacks ("Ancuabe district"
    a district, "the village of Mucojo" a town, "Kolwa tehsil" an area), or None for the
    words of the first level ("province", "state"), whose lists are complete."""
    key = word.lower().replace(" ", "-")
    if key in _BELOW_DISTRICT or word.lower() in AREA_WORDS:
        return "area"
    if word.lower() in DISTRICT_WORDS or key in DISTRICT_WORDS:
        return "district"
    if word.lower() in TOWN_WORDS:
        return "city"
    return None


# "Quetta's Civil Hospital", "KABUL'S EMERGENCY HOSPITAL": where victims were treated or died.
_HOSPITAL_OF = re.compile(r"['’][sS]\s+(?:[\w.'’-]+\s+){0,4}?(?i:hospital|medical\s+(?:centre|"
                          r"center|complex|college)|clinic|infirmary|morgue|mortuary)\b")


def hospital_of(text: str, end: int) -> bool:
    """True when the name ending at `end` is the town of a hospital named after it ("died at
    Quetta's Civil Hospital"): where victims were taken, not where the event happened."""
    return bool(_HOSPITAL_OF.match(text, end, end + 80))
