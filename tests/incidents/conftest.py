"""Shared fixtures for fact-extraction tests: the shipped gazetteer and actor list, loaded once."""

from __future__ import annotations

import pytest

from crawler.geo import Gazetteer
from crawler.incidents.facts import ActorList


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, without a country prior."""
    return Gazetteer.load()


@pytest.fixture(scope="session")
def actors() -> ActorList:
    """The shipped list of armed groups."""
    return ActorList.load()
