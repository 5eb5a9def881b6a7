"""Relevance, third round (issue 15): the watch's region as the event's places put it, not as a
person's name, a hospital or an official's affiliation put it; districts the gazetteer lacks
placed by the town named beside them; killings told without a killing verb.

Every case runs as written and in upper-case wire style, with the reference watch's keywords.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from crawler.config.watches import WatchConfig
from crawler.geo import Gazetteer
from crawler.matching.matcher import Matcher, compile_watches
from crawler.models import Document
from tests.support.factkit import cased

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = yaml.safe_load((ROOT / "seeds" / "watches" / "balochistan-attacks.yaml").read_text())
REGIONS = {"balochistan": ["Balochistan"], "cabo-delgado": ["Cabo Delgado"],
           "niassa": ["Niassa"], "colombia": ["Colombia"], "borno": ["Borno"],
           "narino": ["Nariño"], "valle": ["Valle del Cauca"]}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    watches = [WatchConfig.model_validate({**REFERENCE, "name": name, "places": places})
               for name, places in REGIONS.items()]
    return compile_watches(watches, Gazetteer.load(countries=("PK", "MZ", "CO", "NG")))


def matched(matcher: Matcher, watch: str, text: str) -> bool:
    doc = Document(title="", text=text, published=datetime(2025, 11, 8, tzinfo=UTC))
    return {m.watch: m for m in matcher.classify(doc)}[watch].matched


NOT_THE_REGION = [
    # a Balochistan town as an officer's surname, the attack in Sindh
    ("balochistan", "Gunmen shot dead two policemen at a checkpost near Sukkur on Friday, SSP "
     "Amjad Ali Zehri said."),
    ("balochistan", "Militants attacked a police station in Shikarpur district of Sindh on "
     "Friday, killing a constable, said the district police officer, Irfan Ahmed Lehri."),
    # a Balochistan hospital where a victim died, the attack in Sindh
    ("balochistan", "Gunmen attacked a police checkpost in Jacobabad district of Sindh on "
     "Friday, killing two policemen. A wounded constable later died at Quetta's Combined "
     "Military Hospital."),
    # a Borno hospital, the attack in Yobe
    ("borno", "Insurgents attacked Gujba in Yobe state on Friday, killing five farmers; two of "
     "the wounded died at Maiduguri's teaching hospital."),
]


@pytest.mark.parametrize(("watch", "text"), cased(NOT_THE_REGION, text_at=1))
def test_a_name_or_a_hospital_does_not_make_the_region(matcher: Matcher, watch: str,
                                                      text: str) -> None:
    assert not matched(matcher, watch, text)


THE_REGION = [
    # districts the gazetteer lacks, no province named: the town beside them places them
    ("cabo-delgado", "Insurgents beheaded three men in the village of Nanjua, in Ancuabe "
     "district, on Friday; families fled towards Montepuez."),
    ("niassa", "Armed men killed two park rangers in an attack in the village of Mapuda, in "
     "Majune district, on Friday, a source in Lichinga said."),
    # the namesake in the province of the report's other places, not a bigger one elsewhere
    ("narino", "An explosive device killed two soldiers near Mosquera on Friday as they "
     "patrolled the road towards Tumaco, the army said."),
    ("borno", "Insurgents killed four vigilantes in an attack on Azare on Friday. Survivors "
     "fled to Biu, about 40 km away."),
    ("valle", "Gunmen killed a policeman in an attack on a police station in Restrepo on "
     "Friday, on the road from Dagua to Buenaventura."),
    # a killing without a killing verb in the event sentence (the watch's words further down)
    ("colombia", "The bodies of four men with gunshot wounds were found on a rural road in El "
     "Tambo, Cauca, on Friday, police said. Residents said armed men had taken them from their "
     "homes."),
    ("borno", "The bodies of six herders bearing bullet wounds were found near Konduga on "
     "Friday, residents said. They blamed insurgents for the killing."),
    ("balochistan", "The bullet-riddled bodies of three labourers were found in Kech district "
     "on Friday. Officials said gunmen had abducted them on Wednesday."),
]


@pytest.mark.parametrize(("watch", "text"), cased(THE_REGION, text_at=1))
def test_the_region_by_its_places(matcher: Matcher, watch: str, text: str) -> None:
    assert matched(matcher, watch, text)
