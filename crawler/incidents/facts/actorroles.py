"""What a sentence says about a group it names: claimed the attack, blamed for it, carried it
out, denied it, was its target, or only mentioned.

The role is read from the words around the name in its sentence, not from the sentence alone:
in "the Taliban blamed ISKP" only ISKP is blamed; in "troops killed ten Boko Haram fighters" the
group is the target; in "ISWAP claimed the attack, while Boko Haram denied it" each has its own.
A sentence about habits ("often attacks", "similar attacks", "active in the area") names no
actor of this incident.
"""

from __future__ import annotations

import re

from crawler.incidents.facts.probe import Gated

CLAIM, ATTRIBUTE, AGENT, DENY, TARGET, MENTION = (
    "claim", "attribute", "agent", "deny", "target", "mention")

_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MILITANTS = (
    r"(?:fighters?|militants?|members?|insurgents?|rebels?|jihadists?|gunmen|gunman|terrorists?|"
    r"elements|cadres?|operatives?|guerrillas?|combatants?|dissidents?|bombers?|attackers?|men|"
    r"forces|units?|commandos?|squads?|cells?|factions?|loyalists|militiamen|militias?|assailants|"
    r"hitmen|gangs?|gangsters|ultras|extremists|separatists|mujahideen|suicide bombers?|group|"
    r"outfit|troops|column|front|brigades?|battalions?)"
)
_VERBS = (
    r"(?:attack(?:s|ed)?|storm(?:s|ed)?|ambush(?:es|ed)?|kill(?:s|ed)?|abduct(?:s|ed)?|"
    r"kidnap(?:s|ped)?|raid(?:s|ed)?|overr(?:an|uns?)|seiz(?:e|es|ed)|captur(?:e|es|ed)|"
    r"fir(?:e|es|ed)|shell(?:s|ed)|bomb(?:s|ed)|launch(?:es|ed)|carr(?:y|ies|ied) out|"
    r"stag(?:e|es|ed)|struck|strikes?|hits?|target(?:s|ed)|shoots?|shot|behead(?:s|ed)|"
    r"execut(?:e|es|ed)|massacr(?:e|es|ed)|torch(?:es|ed)|burn(?:s|ed|t)|sets? (?:fire|ablaze)|"
    r"detonat(?:e|es|ed)|plant(?:s|ed)|hurl(?:s|ed)|lob(?:s|bed)|bl(?:ew|ows?) up|"
    r"open(?:s|ed)? fire|besieg(?:e|es|ed)|invad(?:e|es|ed)|rampag(?:e|es|ed)|loot(?:s|ed)|"
    r"raz(?:e|es|ed)|slaughter(?:s|ed)|guns? down|gunned down|down(?:s|ed)|assault(?:s|ed)|"
    r"infiltrat(?:e|es|ed)|murder(?:s|ed)|assassinat(?:e|es|ed)|clash(?:es|ed)|fought|"
    r"hijack(?:s|ed)|overpower(?:s|ed)|t(?:ook|akes?|aken) (?:control|over)|whisk(?:s|ed)? away|"
    r"cart(?:s|ed)? away|t(?:ook|akes?) away|march(?:es|ed)? away)"
)
# "the NPA guerrilla group", "the ELN rebel group": up to two such words after a name.
_KIND_WORDS = (r"(?:" + _MILITANTS + r"|rebel|guerrilla|militant|insurgent|jihadist|terrorist|"
               r"separatist|dissident|extremist|islamist|maoist|armed|ethnic|splinter)")
# Words that may stand between a group's name and its verb: "ISWAP fighters on Monday stormed".
_FILLER = (
    r"(?:suspected|alleged|armed|heavily|who|that|had|have|has|reportedly|allegedly|also|then|"
    r"later|again|first|late|early|overnight|on|last|this|the|of|some|about|over|dozens|"
    r"hundreds|scores|several|\d+|" + _DAYS + r"|night|morning|evening|afternoon|yesterday|"
    r"today|\w+ly|" + _MILITANTS + r")"
)
_AGENT_AFTER = re.compile(
    r"(?:['’]s?)?(?:[\s,]+" + _FILLER + r"\b){0,5}?[\s,]+" + _VERBS
    + r"\b(?!\s+(?:by|in|during|as|while)\b)",
    re.IGNORECASE,
)
# Past tenses that report speech, stance or standing, not the deed: "the BLA said", "ELN
# announced a ceasefire", "the ADF, formed in 1995". Every other past tense right after a
# group's name (and its kind words) says the group did something: "Maoists triggered an IED".
_NOT_DEEDS = (
    r"(?:said|told|claimed|denied|condemned|warned|announced|demanded|called|vowed|threatened|"
    r"accused|blamed|rejected|welcomed|urged|reported|stated|added|confirmed|issued|released|"
    r"published|posted|owned|accepted|agreed|signed|declared|offered|asked|appealed|alleged|"
    r"insisted|expressed|praised|named|listed|formed|emerged|splintered|joined|operated|"
    r"controlled|used|based|designated|banned|wanted|sought|tried|hoped|planned|pledged|"
    r"promised|refused|mourned|celebrated|marked|observed|needed|seemed|appeared|remained|"
    r"continued|started|began|ended|stopped|returned|arrived|retreated|withdrew|surrendered|"
    r"negotiated|talked|met|held talks|lost|suffered|came|went|had|was|were|did|got|made|"
    r"became|gave|left|kept|felt|thought|knew|believed|expected|considered|described|"
    r"identified|recruited|trained|funded|financed|supported|backed|opposed|criticised|"
    r"criticized|dismissed|disowned|distanced|condoned|justified|defended|explained)"
)
_IRREGULAR_DEEDS = (r"(?:threw|shot|struck|hit|set (?:off|fire|ablaze)|blew up|took|fought|"
                    r"overran|laid|waylaid|drove|stole|broke|beat|slew|slit|cut|bit|hid|lit|led|sent|hung|bound|"
                    r"tore|burnt|dug|fled)")
_DEED_AFTER = re.compile(
    r"(?:['’]s?)?(?:\s+" + _KIND_WORDS + r"){0,2}(?:\s+(?:on|late|early|in the)?\s*\w*"
    r"(?:day|night|morning|evening|afternoon))?\s+(?:had\s+|have\s+)?(?!" + _NOT_DEEDS
    + r"\b)(?:[a-z]{2,}ed|" + _IRREGULAR_DEEDS + r")\b(?!\s+(?:by|in|during|as|while)\b)",
    re.IGNORECASE,
)
_COMPOUND_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:(?:suicide|car|truck|roadside|drone|rocket|mortar|missile|deadly|latest|"
    r"fresh|new|major|coordinated)\s+)?(?:attacks?|assaults?|ambush(?:es)?|raids?|offensive|"
    r"bombings?|suicide bombers?|bombers?|strikes?|incursions?|onslaught|massacre|rampage|siege|"
    r"advance|takeover|killings?|abductions?|kidnappings?)\b",
    re.IGNORECASE,
)
# "a village controlled by the TNLA": the group holds the place, it did not attack.
_HELD = (r"(?:controlled|held|run|backed|supported|owned|occupied|administered|governed|"
         r"dominated|surrounded|protected|guarded|manned|defended|used|claimed)\b")
_BY_BEFORE = re.compile(
    r"\b(?:attacks?|assaults?|ambush|raids?|offensive|bombings?|incursion|strikes?|killings?|"
    r"massacre|abductions?|kidnappings?|siege|shelling|rampage|carried out|perpetrated|committed|"
    r"staged|launched|mounted|executed|orchestrated|masterminded|killed|kidnapped|abducted|"
    r"attacked|ambushed|stormed|shot|seized|overrun|overran|targeted|planted|detonated|set off|"
    r"fired|torched|burned|burnt|hit|struck|led|beheaded|murdered|captured|hijacked|besieged|triggered|"
    r"raided)(?:\s+(?!" + _HELD + r")[\w'’-]+){0,3}?\s+by\s+(?:(?:suspected|alleged|the|a|an|"
    r"some|armed|heavily|several|\d+|dozens of|hundreds of|of|belonging to|loyal to|"
    + _MILITANTS + r")\s+){0,4}$",
    re.IGNORECASE,
)
_BATTLE_BEFORE = re.compile(
    r"\b(?:clash(?:ed|es)?|fighting|fought|battles?|battled|gunfights?|firefights?|"
    r"exchanges? of fire|skirmish(?:es)?|confrontations?|combat)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:with|between)\s+(?:[\w'’-]+\s+){0,4}$",
    re.IGNORECASE,
)
_NOT_FILLER = (r"(?!(?:as|when|after|while|and|but|before|because|since|where|with|who|by|in|at|"
               r"during|near|on|from|outside|inside)\b)")
_TARGET_BEFORE = re.compile(
    r"(?:\b(?:attacks?|strikes?|airstrikes?|air strikes?|drone strikes?|raids?|assaults?|"
    r"offensives?|operations?|crackdown|bombardment|shelling|campaign|war|fight|push)\s+"
    r"(?:[\w'’-]+\s+){0,2}?(?:on|against|targeting)|\bagainst|\btargeting|\b(?:killed|kill|kills|"
    r"killing|neutrali[sz](?:ed|es|ing)|eliminat(?:ed|es|ing)|arrest(?:ed|s|ing)|"
    r"captur(?:ed|es|ing)|detain(?:ed|s)|apprehend(?:ed|s)|nab(?:bed|s)|smash(?:ed|es)|"
    r"dislodg(?:ed|es)|rout(?:ed|s)|pound(?:ed|s)|bomb(?:ed|s)|struck|hit|hits|raid(?:ed|s)|"
    r"destroy(?:ed|s)|overr(?:an|un))|\b(?:hideouts?|positions?|bases?|camps?|strongholds?|"
    r"commanders?|leaders?|targets?)\s+of)\s+(?:" + _NOT_FILLER + r"[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
_ATTRIBUTE_NEAR = re.compile(
    r"\b(?:suspected|alleged|presumed|purported)\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE
)
_ATTRIBUTE_BEFORE = re.compile(
    r"\b(?:blam(?:ed|es|ing)|accus(?:ed|es|ing)|suspects?|suspecting|attribut(?:ed|es|ing)|"
    r"believed to (?:be|have been)|thought to (?:be|have been)|pointed (?:the finger )?(?:at|to)|"
    r"linked to|affiliated (?:with|to)|loyal to|allied (?:with|to)|belonging to|hallmarks of|"
    r"work of|suspicion (?:fell )?on|suspected to (?:be|have been)|identified (?:[\w'’-]+ ){0,3}as|"
    r"described (?:[\w'’-]+ ){0,3}as|said to (?:be|belong to)|members of|flags? of|banners? of)"
    r"\b[^.;]{0,60}$",
    re.IGNORECASE,
)
# "blamed the attack on X": X is blamed, not attacked.
_BLAMED_ON = re.compile(r"\bblam(?:ed|es|ing)\b[^.;]{0,60}\bon\s+(?:the\s+)?$", re.IGNORECASE)
_RELATIVE = re.compile(r"(?:['’]s?)?\s+\w*\s*(?:who|that)\b", re.IGNORECASE)
_AUX = r"(?:is|are|was|were|has been|have been|had been|is being|are being|being)"
_ATTRIBUTE_AFTER = re.compile(
    r"(?:['’]s?)?(?:\s+" + _KIND_WORDS + r"){0,2},?\s+(?:(?:which|who)\s+)?(?:"
    + _AUX + r"\s+(?:(?:widely|strongly|also|often|most|likely|probably|possibly|generally|"
    r"officially|allegedly)\s+)?(?:blamed|suspected|accused|alleged|believed to (?:have|be)|"
    r"thought to (?:have|be)|held responsible|behind|responsible)|(?:blamed|suspected|accused) "
    r"(?:for|in|of|over)|(?:likely|probably|possibly|allegedly) behind|believed to (?:have|be))\b",
    re.IGNORECASE,
)
_HABITUAL = Gated(
    re.compile(
        r"\b(?:similar|frequently|often|regularly|routinely|repeatedly|usually|typically|"
        r"(?:has|have) long|for years|known (?:to|for)|notorious|(?:is|are|remains?) active|"
        r"strongholds?|insurgency since|waging|waged|"
        r"(?:has|have) been fighting|since (?:19|20)\d\d|"
        r"(?:responsible for|behind|blamed for) (?:most|many|numerous|a (?:series|string|wave)|"
        r"dozens|scores|hundreds|thousands|several))\b",
        re.IGNORECASE,
    ),
    ["similar", "frequent", "often", "regular", "routine", "repeated", "usual", "typical",
     "long", "for years", "known", "notorious", "active", "stronghold",
     "insurgency since", "waging", "waged", "been fighting", "since", "responsible for",
     "behind", "blamed for"],
)
_DENY = Gated(
    re.compile(
        r"\b(?:den(?:ied|ies|y|ying)\s+(?:any\s+|all\s+)?(?:involvement|responsibility|role|"
        r"links?|part|claims?|accusations?|allegations?|charges?|blame|(?:being|it was|they were|"
        r"having been) (?:behind|involved)|(?:carrying|having carried) out|that|it|having|"
        r"targeting|attacking|killing)|rejected (?:the |any |all )?(?:accusations?|allegations?|"
        r"claims?|charges?|blame)|dismissed (?:the )?(?:accusations?|allegations?|claims?|charges?)"
        r"|disowned|distanced (?:itself|themselves)|(?:said|says|insisted) (?:that )?(?:it|they|"
        r"its fighters|its members) (?:was|were|had|are|is) (?:not|never|no)\b|"
        r"(?:had|has|have) nothing to do with|condemn(?:ed|s|ing)?\s+(?:[\w'’-]+\s+){0,3}?"
        r"(?:attacks?|bombings?|blasts?|killings?|assaults?|massacre|ambush|violence|explosions?|"
        r"shootings?))",
        re.IGNORECASE,
    ),
    ["den", "reject", "dismissed", "disowned", "distanced", "said", "says", "insisted",
     "nothing to do", "condemn", "not"],
)


_UNIT_AFTER = re.compile(
    r"^\s+of\s+the\s+(?:[\w'’.-]+\s+){1,4}?(?:front|faction|column|bloc|block|wing|unit|"
    r"brigade|battalion|cell|command|structure)\b", re.IGNORECASE)


def is_habitual(sentence: str, low: str | None) -> bool:
    """True when the sentence speaks of habits or history, not of this incident."""
    return bool(_HABITUAL.search(sentence, low))


def denials(sentence: str, low: str | None) -> list[int]:
    """Where each denial, condemnation or 'did not comment' of the sentence starts."""
    return [m.start() for m in _DENY.finditer(sentence, low)]


def role_of(sentence: str, start: int, end: int, habitual: bool) -> str:
    """The role of the group named at sentence[start:end], claims and denials aside.

    A target ("killed ten Boko Haram fighters") is no actor unless the same words say it
    acted ("... fighters who attacked the base"); a habit names no actor of this incident.
    """
    before, after = sentence[max(0, start - 120) : start], sentence[end : end + 120]
    # "Islamic State West Africa Province (ISWAP) fighters attacked", "an M23-led offensive":
    # past the acronym or the compound's second half.
    after = re.sub(r"^\s*\([^()]{1,20}\)|^\)|^-[a-z]+\b", "", after, flags=re.IGNORECASE)
    # "the EMC, the largest dissident group, attacked": past the apposition.
    after = re.sub(r"^\s*,\s*(?:the|a|an)\s[^,;.]{1,60},", "", after, flags=re.IGNORECASE)
    # "dissidents of the Carolina Ramírez front killed": past the unit the list lacks.
    after = _UNIT_AFTER.sub("", after)
    if _AGENT_AFTER.match(after) and _RELATIVE.match(after):
        return AGENT
    if _BLAMED_ON.search(before):
        return ATTRIBUTE
    if _TARGET_BEFORE.search(before):
        return TARGET
    if habitual:
        return MENTION
    if (_ATTRIBUTE_NEAR.search(before) or _ATTRIBUTE_BEFORE.search(before)
            or _ATTRIBUTE_AFTER.match(after)):
        return ATTRIBUTE
    if (_AGENT_AFTER.match(after) or _COMPOUND_AFTER.match(after) or _BY_BEFORE.search(before)
            or _BATTLE_BEFORE.search(before) or _DEED_AFTER.match(after)):
        return AGENT
    return MENTION
