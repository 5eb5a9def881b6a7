"""Do two reports describe one event? Tests in order, each able to rule the pair out.

  1. dates: event dates (or, without them, publication dates) within a few days; a follow-up
     that revises a toll may come weeks later ("the toll from last month's bombing rose"),
     unless it dates its own attack to another day ("the attack on the village on 11 June");
  2. a syndicated copy (near-identical text) is the same event once the dates agree;
  3. a toll the other report gives for a *separate* event rules the pair out;
  4. the event places: the primary place of each, with the ancestors the report names; the
     same town, or the same district, agrees; different districts, or different towns where
     the gazetteer knows no district (most towns outside Pakistan), do not. A place that only
     stands in a background sentence, or as where the wounded were taken, is not the primary
     place and joins nothing; a district the gazetteer lacks, placed in its province by one
     report and only in its country by another, is one district;
  5. actors, event types and targets must not contradict (a market grenade and a convoy IED in
     one town on one day are two incidents; soldiers and police are both security forces);
  6. tolls: at town level reports of one day may differ (officials and claimants count
     differently); otherwise tolls far apart need a stated revision;
  7. what is left must be specific enough: a province in common is enough only for reports of
     one day whose tolls agree or the larger revises the smaller (and, in resolve, only when
     one incident is such a candidate); an undated short item needs the same town or district
     and the same toll.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crawler.geo import Place
from crawler.geo.places import parse_synth
from crawler.incidents.facts.actors import UNKNOWN
from crawler.incidents.facts.facts import Facts
from crawler.incidents.simhash import hamming, near_duplicate

# A follow-up that revises the toll may come this long after the event.
FOLLOW_UP_DAYS = 45
# Targets one report may call by another's name: the security forces.
_SECURITY, _SECURITY_TARGETS = "security forces", frozenset({"military", "police"})
# Families of event types that one event may be reported under ("IED" vs "bombing"). Mortar and
# rocket fire is its own family: one outlet's shelling is not another's car bomb.
_FAMILIES = {
    "explosive": {"IED", "remote explosive", "bombing", "suicide attack", "grenade attack"},
    "indirect fire": {"rocket attack"},
    "armed": {"armed assault", "ambush", "targeted killing", "attack on military camp",
              "attack on checkpoint", "attack on convoy", "attack on police station",
              "suicide attack", "coordinated attacks"},
    "abduction": {"kidnapping", "hijacking"},
}


@dataclass(frozen=True)
class Area:
    """Where a report says its event happened: the primary place and what contains it."""

    towns: frozenset[str]  # the primary place and any town it lies in (ids)
    district: str | None
    province: str | None
    country: str | None
    label: str


def event_area(facts: Facts) -> Area | None:
    """The report's event place as town, district, province and country ids (None: no place)."""
    primary = facts.primary_place
    if primary is None:
        return None
    by_id = {p.id: p for p in facts.places}
    chain: list[Place] = [primary]
    while chain[-1].parent_id in by_id and len(chain) < 8:
        chain.append(by_id[chain[-1].parent_id])  # type: ignore[index]
    kinds: dict[str, str] = {}
    for place in chain:
        kinds.setdefault(place.kind, place.id)
    towns = frozenset(p.id for p in chain if p.kind in ("city", "area"))
    country = kinds.get("country") or primary.country_code or None
    return Area(towns, kinds.get("district"), kinds.get("province"), country, primary.name)


def ref_date(facts: Facts) -> date | None:
    """The date to compare on: the event date if known to the day, else the publication date."""
    if facts.event_date is not None and facts.date_precision == "day":
        return facts.event_date
    return facts.published


def same_day(a: Facts, b: Facts) -> bool:
    """Both reports date the event to the same day."""
    return bool(a.event_date and a.event_date == b.event_date
                and a.date_precision == b.date_precision == "day")


def same_event(a: Facts, b: Facts, *, window_days: int = 2, published_window_days: int = 3,
               max_distance: int = 10) -> tuple[bool, str]:
    """Decide whether two records report one event; the reason says which test decided."""
    apart, follow_up = _dates_apart(a, b, window_days, published_window_days)
    if apart:
        return False, apart
    if a.fingerprint and b.fingerprint and near_duplicate(a.fingerprint, b.fingerprint,
                                                          max_distance):
        distance = hamming(a.fingerprint, b.fingerprint)
        return True, f"near-duplicate text (SimHash distance {distance})"
    for x, y in ((a, b), (b, a)):
        if x.killed is not None and x.killed != y.killed and x.killed in y.background_tolls:
            return False, f"the other report mentions a separate event that killed {x.killed}"
    level, where = place_level(a, b)
    if level in ("apart", "unknown"):
        return False, where
    if follow_up and level not in ("town", "district"):
        return False, f"a follow-up weeks later must name the same town or district ({where})"
    apart = _actors_apart(a, b) or _kinds_apart(a, b) or _tolls_apart(a, b, level)
    if apart:
        return False, apart
    return _specific_enough(a, b, level, where)


def _dates_apart(a: Facts, b: Facts, window_days: int,
                 published_window_days: int) -> tuple[str | None, bool]:
    """Why the dates rule the pair out (None: they do not), and whether only as a follow-up
    they can be one event."""
    if a.event_date and b.event_date and a.date_precision == b.date_precision == "day":
        first, second, what, limit = a.event_date, b.event_date, "event dates", window_days
    else:
        first_ref, second_ref = ref_date(a), ref_date(b)
        if first_ref is None or second_ref is None:
            return None, False
        first, second, what, limit = first_ref, second_ref, "dates", published_window_days
    gap = abs((first - second).days)
    if gap <= limit:
        return None, False
    later, earlier = (a, b) if (ref_date(a) or date.min) > (ref_date(b) or date.min) else (b, a)
    if gap <= FOLLOW_UP_DAYS and later.toll_revised and \
            (later.killed or 0) >= (earlier.killed or 0) and not _own_old_date(later, window_days):
        return None, True  # "the toll from last month's bombing rose to 25"
    return f"{what} {first} and {second} are {gap} days apart", False


def _own_old_date(report: Facts, window_days: int) -> bool:
    """True when a follow-up dates its attack itself, days before it was filed ("the attack on
    the village on 11 December", "the November 5 attack"): another day is another attack. A
    follow-up dated to about its own day (the day the toll rose) may still revise an older
    event."""
    return bool(report.event_date and report.published and report.date_precision == "day"
                and (report.published - report.event_date).days > window_days)


def place_level(a: Facts, b: Facts) -> tuple[str, str]:
    """How far the two event places agree: town, district, province, country, apart or
    unknown; with a description for the reason."""
    x, y = event_area(a), event_area(b)
    if x is None or y is None:
        return "unknown", "too little place information to tell"
    level, where = _area_level(x, y)
    if level == "apart" and _among(x, b) and _among(y, a):
        # One event in several places (attacks in Bolan and Kech): each report's place is
        # among the other's.
        return "district", f"each place among the other's ({x.label} / {y.label})"
    return level, where


def _among(area: Area, other: Facts) -> bool:
    """The area's town or district is one of the other report's specific places."""
    keys = set(area.towns) | ({area.district} if area.district else set())
    return bool(keys & {p.id for p in other.places if p.kind in ("city", "area", "district")})


def _area_level(x: Area, y: Area) -> tuple[str, str]:
    if x.towns & y.towns:
        return "town", f"same town ({sorted(x.towns & y.towns)[0]})"
    if x.district and y.district:
        if x.district == y.district or _same_unlisted(x.district, y.district):
            return "district", f"same district ({x.district})"
        return "apart", f"no district in common ({x.label} / {y.label})"
    if x.towns and y.towns:
        return "apart", f"different towns ({x.label} / {y.label})"
    for level in ("province", "country"):
        mine, theirs = getattr(x, level), getattr(y, level)
        if mine and theirs:
            if mine != theirs:
                return "apart", f"no {level} in common ({x.label} / {y.label})"
            return level, f"same {level} ({mine})"
    return "unknown", "too little place information to tell"


def _same_unlisted(first: str, second: str) -> bool:
    """Two districts the gazetteer lacks, of one name, one placed in a province and the other
    only in its country ("Ancuabe district" in a Pemba report and in one filed from Maputo
    that names no province)."""
    x, y = parse_synth(first), parse_synth(second)
    if x is None or y is None or x[1:] != y[1:]:
        return False
    return x[0].split("-")[0] == y[0] or y[0].split("-")[0] == x[0]


def _actors_apart(a: Facts, b: Facts) -> str | None:
    groups = [{x.name for x in f.actors if x.responsibility != UNKNOWN} or
              {x.name for x in f.actors} for f in (a, b)]
    if groups[0] and groups[1] and not groups[0] & groups[1]:
        return f"different actors ({', '.join(sorted(groups[0]))} / " \
               f"{', '.join(sorted(groups[1]))})"
    return None


def _kinds_apart(a: Facts, b: Facts) -> str | None:
    """Event types of no common family, or targets with nothing in common (soldiers and
    policemen are both security forces: one outlet's "soldiers" are another's "police")."""
    if a.event_types and b.event_types and not _families(a.event_types) & _families(b.event_types):
        return "incompatible event types"
    if a.targets and b.targets and not _target_kinds(a.targets) & _target_kinds(b.targets):
        return f"different targets ({', '.join(a.targets)} / {', '.join(b.targets)})"
    return None


def _target_kinds(targets: tuple[str, ...]) -> set[str]:
    return {_SECURITY if t in _SECURITY_TARGETS else t for t in targets}


def _families(types: tuple[str, ...]) -> set[str]:
    return {fam for fam, members in _FAMILIES.items() if set(types) & members}


def _tolls_apart(a: Facts, b: Facts, level: str) -> str | None:
    """Tolls that show two events: far apart with no revision, unless one town on one day."""
    if level == "town" and same_day(a, b):
        return None  # officials and claimants count differently; place and day say enough
    x, y = a.killed, b.killed
    if not same_day(a, b) and x and y and max(x, y) > 1.5 * min(x, y):
        if not (a if x > y else b).toll_revised:
            return f"tolls {x} and {y} on days not shown to be the same"
    for name in ("killed", "injured"):
        x, y = getattr(a, name), getattr(b, name)
        if x is not None and y is not None and max(x, y) > 4 * min(x, y) + 4:
            return f"{name} figures {x} and {y} contradict"
    return None


def _specific_enough(a: Facts, b: Facts, level: str, where: str) -> tuple[bool, str]:
    """A province or country in common needs one day and tolls that agree; an undated report
    needs the same town or district and the same toll."""
    undated = ref_date(a) is None or ref_date(b) is None
    if undated:
        if level not in ("town", "district") or a.killed is None or a.killed != b.killed:
            return False, "undated report: needs the same town or district and the same toll"
        return True, f"undated report with the same place ({where}), actors, type and toll"
    if level in ("province", "country"):
        if not same_day(a, b):
            return False, f"only the {level} in common and the day not shown to be the same"
        x, y = a.killed, b.killed
        if x is not None and y is not None and max(x, y) > 1.5 * min(x, y) and \
                not (a if x > y else b).toll_revised:
            # a follow-up raising the toll of that day's attack ("the toll from Wednesday's
            # attack in Ghazni province rose to five") may name only the province
            return False, f"only the {level} in common and tolls {x} / {y}"
    return True, f"compatible date, place ({where}), actors, types and tolls"


def coarse(a: Facts, b: Facts) -> bool:
    """The two reports agree only on a province or country: one of them names no town or
    district. Such a match stands only when it is the one candidate (see resolve)."""
    return place_level(a, b)[0] in ("province", "country")
