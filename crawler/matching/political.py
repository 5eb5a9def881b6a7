"""Violence that is not political: ordinary crime, sport, animals, weather and accidents.

Watches follow political violence; their words ("attack", "shot dead", "killed", "raid") are
also the words of a robbery, a match report, an elephant or a flood. Each kind is told by the
key sentence and the title, and each has its way back:
  - crime: a robbery, a heist, a mugging, theft; a killing over a land, property or family
    dispute, by a relative or a business partner, out of personal enmity, for "honour". Unless
    the lead names the armed side (militants, insurgents, rebels, guerrillas, a banned outfit,
    a claim of responsibility, money "to fund" a struggle): militants robbing a bank is
    political violence;
  - sport: a match report, told by two of its words (a sport, a competition, a scoreline, runs,
    points, a player's position, a stadium), unless the sentence has an armed attack's words
    (a bomber at a stadium, gunmen firing on spectators). Team names ("Bombers", "Raiders")
    are not such words;
  - nature: animals, weather, floods, fires and road, mine or gas accidents, unless the
    sentence names armed people or weapons.
The watch's `none` list may exclude some of these too; these rules do not need it.
"""

from __future__ import annotations

import re

_SPORT = re.compile(
    r"\b(?:cricket|football|soccer|basketball|volleyball|kabaddi|hockey|rugby|tennis|badminton|"
    r"boxing|wrestling|athletics|marathon|polo|golf|snooker|t20|odi|test match|leagues?|"
    r"tournaments?|championships?|semi-?finals?|quarter-?finals?|cup|stadium|matche?s?|goals?|"
    r"goalless|striker|midfielder|goalkeeper|penalty|penalties|spot-kicks?|half-time|"
    r"extra time|innings|wickets?|bowlers?|batsm[ae]n|hat-?trick|straight sets|trophy|"
    r"home side|referee|umpire|scor(?:ed|ing|es|er|ers)|"
    r"finals?(?! (?:toll|death|figure|count|report|warning|phase|stage|hours|minutes))|"
    # a scoreline, runs and points: anchored on their digits, so cheap to look for
    r"\d{1,3}-\d{1,3}(?![-/\d])|\d+ (?:\w+ )?(?:runs|points|kills|rebounds|assists))\b",
)
# Words of an armed attack on people: never a team's name ("Borno Bombers", "Raiders").
_ATTACK_WORDS = (
    r"suicide|bomb(?:s|ing|ings|ed)?|blew (?:him|her|them)sel(?:f|ves) up|explosives?|"
    r"explosive device|ieds?|grenades?|mortars?|landmines?|land mines?|roadside|gunm[ae]n|"
    r"gunfire|opened fire|shot dead|gunned down|abduct\w*|kidnap\w*|hostages?|armed men|"
    r"attackers|assailants|ambush\w*|arson\w*|drone strikes?|air ?strikes?|under fire|"
    r"fired (?:on|at|upon|into)|shell(?:ing|ed)|rockets?|missiles?|artillery|snipers?"
)
# The armed side of a conflict, by the words reports use for it. "Taliban" is not one: it is
# also a government reporting floods and crimes.
_ARMED_GROUP = (
    r"militants?|militancy|insurgents?|insurgency|terrorists?|terrorism|rebels?|guerrillas?|"
    r"jihadists?|jihadi|maoists?|naxal\w*|separatists?|extremists?|mujahideen|fighters|"
    r"bandits|dissidents|al-?shabaab|shabaab|boko haram|iswap|islamic state|isis|iskp|daesh|"
    r"armed groups?|(?:banned|proscribed) (?:outfit|organi[sz]ation|group)s?|"
    r"claimed responsibility|to (?:fund|finance|raise funds)"
)
_ARMED = re.compile(rf"\b(?:{_ATTACK_WORDS}|{_ARMED_GROUP})\b")
# At a game a blast or an explosion is an attack; on a road or in a mine it may be a tyre or gas.
_ARMED_AT_GAME = re.compile(rf"\b(?:{_ATTACK_WORDS}|{_ARMED_GROUP}|blasts?|explosions?)\b")
_GROUP = re.compile(rf"\b(?:{_ARMED_GROUP})\b")
_NATURE = re.compile(
    r"\b(?:elephants?|leopards?|tigers?|tigress|(?:wild|black|brown|sloth|himalayan) bears?|"
    r"wild boars?|wolf|wolves|jackals?|hyenas?|lioness|crocodiles?|alligators?|snakes?|"
    r"snakebites?|cobras?|swarm of bees|hippos?|hippopotamus(?:es)?|rhinos?|stray dogs?|rabid|"
    r"trampled|floods?|flash floods?|flood-?waters?|flooding|torrential|heavy rains?|"
    r"rainstorms?|downpours?|landslides?|mudslides?|avalanches?|lightning|earthquakes?|quakes?|"
    r"(?:a|the|heavy|severe|tropical|dust|sand|snow|wind|thunder) ?storms?|cyclones?|"
    r"tornado(?:es)?|hurricanes?|typhoons?|heatwaves?|cloudbursts?|tsunami|"
    r"accidents?|accidental(?:ly)?|collided|collision|head-on|plunged|overturned|skidded|"
    r"crashed into|tyre (?:burst|blast)|derailed|capsized|stampede|drowned|build-?up of gas|"
    r"gas (?:leak|cylinder|explosion)|methane|short[- ]circuit|electrical (?:fault|fire)|"
    r"caught fire|fireworks|boiler|transformer|(?:fire|blaze) broke out)\b",
)
_CRIME = re.compile(
    r"\b(?:robbers?|robbery|robberies|robbed|robbing|heists?|dacoits?|dacoity|muggers?|"
    r"mugging|muggings|snatchers?|snatching|burglars?|burglary|thieves|thief|theft|"
    r"carjack\w*|honou?r killings?|in the name of honou?r|karo[- ]kari|personal enmity|"
    r"(?:land|property|family|domestic|marital|personal|old|business|money|financial|"
    r"inheritance|boundary|monetary)\s+(?:disputes?|enmity|feuds?|quarrels?|rivalry|vendetta)|"
    r"(?:disputes?|quarrels?|feuds?|rows?|fight|argument)\s+(?:over|about)\s+(?:an?\s+|the\s+|"
    r"some\s+)?(?:[\w-]+\s+){0,2}?(?:land|property|plot|farmland|money|debt|loan|inheritance|"
    r"ownership|house|shop|marriage|cattle)|feuds? between (?:two )?(?:families|relatives|"
    r"brothers|cousins)|over (?:an? )?(?:old )?enmity|by (?:his|her|their) (?:own )?"
    r"(?:former )?(?:cousin|brother|nephew|uncle|son|father|husband|wife|relative|in-law|"
    r"brother-in-law|sister-in-law|son-in-law|father-in-law|business partner|partner|"
    r"neighbou?r|stepfather|stepson)s?|relatives of the victim|criminal gangs?|"
    r"drug (?:dealers?|gangs?)|gangsters?|contract killers?|hired killers?)\b",
)

# Nature before crime before sport where one word is several ("stampede" is nature only).
_KINDS = re.compile(
    rf"(?P<nature>{_NATURE.pattern})|(?P<crime>{_CRIME.pattern})|(?P<sport>{_SPORT.pattern})")

CRIME, SPORT, NATURE = "ordinary crime", "a sports report", "an accident or a natural event"


def not_political(key: str, opening: str, lead: str) -> str | None:
    """What the key sentence tells instead of political violence, or None.

    `opening` (the title and the text's first sentence) is read with the key sentence: a
    headline names the sport or the animal, a first sentence the motive, that the sentence
    holding the watch's words may leave out. `lead` is the report's early news, where an armed
    group makes a robbery political.
    """
    # The patterns are written lower-case and run on lower-cased text: an IGNORECASE
    # alternation of words runs several times slower (measured).
    told = f"{opening}\n{key}".lower()
    sport: set[str] = set()
    nature = crime = False
    for m in _KINDS.finditer(told):  # one pass: most texts hold none of these words
        if m.lastgroup == "sport":
            sport.add(m.group(0))
        nature = nature or m.lastgroup == "nature"
        crime = crime or m.lastgroup == "crime"
    if len(sport) >= 2 and not _ARMED_AT_GAME.search(told):
        return SPORT
    if nature and not _ARMED.search(told):
        return NATURE
    if crime and not (_GROUP.search(told) or _GROUP.search(lead.lower())):
        return CRIME
    return None
