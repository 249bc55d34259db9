"""Casualty counts that news states without a numeral: "a driver was shot and killed" (1),
"Ann Lee, 28, and Bo Diaz, 31, were found dead" (2), "no one was hurt" (0),
"a third man later died" (3), "killed his wife and then himself" (2).

Each is found only where a kill/injure verb governs the victim phrase, so ordinary noun phrases
("a man said") never become figures. Offsets are relative to the sentence given. The victim
nouns, the kill and injure verbs and the gate's words are lists of `seeds/lexicon.toml`; the
grammar around them (auxiliaries, ages, names, conditions) is written here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from store.extract.lexicon import (
    CASUALTY_GATE,
    DYING_VERBS,
    HEADLINE_KILLED,
    INJURED_PARTICIPLES,
    INJURED_PASSIVES,
    KILL_COMPLETIONS,
    KILLED_PASSIVES,
    KIN_NOUNS,
    VICTIM_NOUNS,
    alternation,
    alternatives,
    initials_class,
)
from store.extract.quantities import ordinal_value, parse_number

# People a report names as a single victim ("a 41-year-old man", "the victim", "one officer").
_VICTIM_NOUN = alternation(VICTIM_NOUNS)
# Up to three modifiers before the noun ("a 23-year-old Memphis man", "another young woman").
# A bare age names a person too: "shot a 19-year-old in the hip".
# An age as a noun, in digits or words: "a 15-year-old", "a 10-month-old", "Four-year-old".
_AGE_NUMBER = (
    r"(?:\d{1,2}|(?=[OoTtFfSsEeNn])(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))"
)
_AGE_NOUN = rf"{_AGE_NUMBER}-(?:year|month|week|day)-old\b(?![\w-])"
# A word before the victim noun ("a 23-year-old Memphis man"), never a verb of speech, another
# determiner or a conjunction: in "the arm said the deputy" or "the second time the girl" the
# noun belongs to another phrase.
_MODIFIER = r"(?!(?:said|says|told|and|was|were|is|the|a|an|when|while|time)\b)[\w'’-]+"
_SINGULAR = (
    rf"(?:\b(?:[Aa]n?|[Oo]ne|[Aa]nother|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Aa]\s+second|[Aa]\s+third)\s+"
    rf"(?:(?:{_MODIFIER}\s+){{0,3}}?{_VICTIM_NOUN}\b|{_AGE_NOUN}))"
)
_NAME_WORD = r"[A-Z][a-z'’-]+(?:-[A-Z][a-z'’]+)?"  # "Oswald-Newman" too
_NAME = rf"(?:{_NAME_WORD}(?:\s+[A-Z]\.)?(?:\s+{_NAME_WORD}){{1,2}}(?:\s+(?:Jr|Sr|II|III)\.?)?)"
_NAME_AGE = rf"{_NAME}(?:,\s*\d{{1,2}},?)?"
_AGE_NAME = rf"(?:\d{{1,2}}-year-old\s+{_NAME})"
_AGE_OR_NAME = rf"(?:(?:\d{{1,2}}-year-old\s+)?{_NAME_AGE})"
# Between a subject and its verb: an apposition (", 28,") or an adverb ("also", "later").
_GAP = (
    # "Another woman in the kitchen was wounded": one short place phrase may follow the subject.
    r"(?:\s+(?:in|at|inside|outside|near)\s+(?:the|a|an|his|her|their)\s+[\w-]+)?"
    r"(?:\s*,\s*[^,.;:]{1,40}?,)?\s+(?:who\s+)?"
    r"(?:(?:also|later|reportedly|allegedly|then|eventually)\s+)?"
)
_AUX = r"(?:was|were|has\s+been|have\s+been|had\s+been|is|are|got)\s+(?:[a-z]+ly\s+|also\s+|later\s+|then\s+)?"
_KILL_VP = rf"(?:{_AUX}{alternation(KILLED_PASSIVES)}\b|{alternation(DYING_VERBS)}\b)"
_KILL_VP_RE = re.compile(_KILL_VP)
# "was shot" is an injury, "was shot and killed" is not (the kill verb phrase reads it).
_KILLED_AFTER_SHOT = rf"(?!\s+{alternation(KILL_COMPLETIONS)})"
_INJURE_VP = (
    rf"(?:{_AUX}{alternation(INJURED_PASSIVES)}\b"
    rf"{_KILLED_AFTER_SHOT}"
    # "a 12-year-old girl remains in the hospital", "is in critical condition": alive and hurt
    # "is recovering in the hospital", "remains in the hospital", "is recovering"
    r"|(?:is|was|are|were)\s+(?:still\s+)?recovering\b"
    r"|(?:remains?|remained|is|was|are|were)\s+(?:still\s+)?(?:in\s+(?:the\s+)?hospital|"
    r"in\s+(?:critical|serious|stable|fair|grave)\s+condition)\b"
    r"|(?:suffered|sustained|received)\s+(?:[\w-]+\s+){0,3}?(?:wounds?|injur(?:y|ies))\b"
    # "were transported to the county hospital and released"
    r"|(?:was|were)\s+(?:taken|rushed|transported)\s+to\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?hospital\b"
    r"\s+(?:and\s+)?(?:treated|released|treated\s+and\s+released)\b)"
)
# "... and later died in surgery": the one shot is the one who died.
# So is one "who was shot" and then "was pronounced dead", or "shot ... and pronounced dead".
_LATER_DIED = re.compile(
    r"[^.;]{0,80}?\b(?:and\s+(?:later\s+)?(?:died|passed\s+away|was\s+pronounced\s+dead|pronounced\s+dead)"
    r"|(?:was|were)\s+(?:later\s+)?pronounced\s+dead)\b"
)
# After a relative clause the main verb is the subject's: "A man who was wounded Friday has
# died", "A driver who was shot on a bridge died overnight".
_RELATIVE_DIED = re.compile(
    r"(?:(?!\b(?:said|says|told|and|but)\b)[^.;,]){0,80}?\s"
    r"(?:has\s+(?:since\s+|now\s+)?died|(?:later\s+)?died|succumbed)\b"
)

_SINGLE_KILLED = re.compile(
    rf"(?P<who>{_SINGULAR}|{_AGE_NAME}|{_NAME_AGE}){_GAP}(?P<vp>{_KILL_VP})"
)
_SINGLE_INJURED = re.compile(
    rf"(?P<who>{_SINGULAR}|{_AGE_NAME}|{_NAME_AGE}){_GAP}(?P<vp>{_INJURE_VP})"
)
_NAMES_LIST = re.compile(
    rf"(?P<who>{_AGE_OR_NAME}(?:\s*,\s*{_AGE_OR_NAME})*\s*,?\s+and\s+{_AGE_OR_NAME})\s+"
    rf"(?:(?:were|have\s+been|had\s+been)\s+(?:[a-z]+ly\s+|also\s+)?(?P<k>shot\s+and\s+killed|shot\s+dead|"
    r"killed|found\s+dead|pronounced\s+dead|slain|murdered|fatally\s+shot)|(?P<k2>died)"
    rf"|(?:were|have\s+been|had\s+been)\s+(?:[a-z]+ly\s+|also\s+)?(?P<i>{alternatives(INJURED_PARTICIPLES)}))\b"
)
# "No one was seriously hurt" says someone was hurt, only not badly: a degree is no negation.
_DEGREE = r"(?:seriously|critically|badly|severely|gravely|fatally)"
_NO_ONE = re.compile(
    r"\b(?P<who>[Nn]o\s+one|[Nn]obody|[Nn]o\s+(?:other\s+)?(?:people|persons|officers|bystanders|"
    r"residents|students|customers|deputies))\s+(?:else\s+)?"
    rf"(?:was|were|has\s+been|have\s+been|had\s+been|is|got)\s+(?:(?!{_DEGREE})[a-z]+ly\s+|else\s+)?"
    rf"(?P<verb>killed|{alternatives(INJURED_PARTICIPLES)})\b"
    r"|\b(?P<who2>[Nn]o\s+(?:other\s+)?(?:injuries|one\s+else\s+injured))\s+(?:were|was|have\s+been)\s+reported"
    # "The other three passengers were not injured": a clause-initial subject said not to be hurt.
    r"|(?:^|(?<=[,;:]\s))(?P<who4>[A-Z][\w'’-]*(?:\s+(?!said\b|says\b|told\b)[\w'’-]+){0,3}?)\s+(?:was|were)\s+not\s+"
    rf"(?:physically\s+)?(?P<verb4>{alternatives(INJURED_PARTICIPLES)})\b"
    # "Neither the driver nor the other passenger was injured."
    r"|\b(?P<who3>[Nn]either\s+[^.;]{1,60}?\s+n?or\s+[^.;]{1,60}?)\s+(?:was|were)\s+"
    rf"(?:(?!{_DEGREE})[a-z]+ly\s+)?(?P<verb3>killed|{alternatives(INJURED_PARTICIPLES)})\b"
)
# "a single shot hit both Ruiz and the four-year-old", "Two rounds were fired, hitting both men"
_BOTH_OBJECT = re.compile(
    r"\b(?:shot|shoots|shooting|hit|hits|hitting|struck|striking|wounded|wounding|injuring)\s+"
    r"(?P<who>both\s+(?:(?:of\s+)?(?:his|her|their)\s+(?:parents|sons|daughters|children|brothers|sisters)\b"
    r"|(?:of\s+them|people|men|women|victims|officers|boys|girls)\b|them\b"
    # "both Ruiz and the four-year-old": the second begins like a name or a noun phrase
    r"|(?!of\b)[^,.;]{1,40}?\s+and\s+(?:the|a|an|his|her|their|[A-Z])[^,.;]{0,40}?"
    r"(?=\s+(?:in|on|at|with|before)\b|[,.;]|$)))"
)
_FATAL_AFTER = re.compile(r"\b(?:cause\s+of\s+death|fatal|died|dead)\b")
# "Both Okafor and the driver suffered injuries": two, whoever they are.
_BOTH = re.compile(
    r"\b(?P<who>[Bb]oth\s+(?:of\s+the\s+)?(?:victims|men|women|boys|girls|teens|officers|people)\b"
    r"|[Bb]oth\s+(?:[^,.;]{1,40}?)\s+and\s+(?:[^,.;]{1,40}?))"
    rf"{_GAP}(?P<vp>{_KILL_VP}|{_INJURE_VP})"
)
# "A third man later died" (3 dead), "a 6th student was injured" (6 hurt): the victim who makes
# the count up to the ordinal.
_ORDINAL_VICTIM = (
    r"\b(?P<who>[Aa]n?\s+(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|[2-9](?:nd|rd|th))\s+"
    rf"(?:[\w'’-]+\s+){{0,2}}?{_VICTIM_NOUN})"
)
_ORDINAL_VP = re.compile(rf"{_ORDINAL_VICTIM}{_GAP}(?P<vp>{_KILL_VP}|{_INJURE_VP})")
# Two single victims joined: "A woman and a boy were injured", "a 52-year-old woman and her
# nephew were shot".
_PAIR = (
    rf"(?P<who>{_SINGULAR}\s+and\s+(?:{_SINGULAR}|(?:{_MODIFIER}\s+){{0,2}}?{_VICTIM_NOUN}\b"
    rf"|{_AGE_NOUN}))"
)
# Victims counted and named together: "Two men and a woman were wounded" (3), "a toddler and
# three other people are in the hospital" (4), "She and three others were shot" (4).
# (a first-letter lookahead fails most word starts at once, as in store.extract.quantities)
_COUNT_WORD = (
    r"(?:\d{1,2}|(?=[TtFfSsEeNn])(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
)
_PLURAL_VICTIMS = (
    r"(?:people|persons|men|women|children|kids|teens|teenagers|adults|juveniles|victims|"
    r"males|females|boys|girls|officers|deputies|others|students|bystanders|relatives)"
)
_COUNTED_TAIL = rf"\s+(?:other\s+|more\s+)?(?:[\w-]+\s+)?{_PLURAL_VICTIMS}\b"
_COUNTED_PART = rf"{_COUNT_WORD}{_COUNTED_TAIL}"
_ONE_PART = rf"(?:{_SINGULAR}|{_AGE_NAME}|{_NAME_AGE}|\b[Hh]e\b|\b[Ss]he\b)"
_ANY_PART = rf"(?:{_COUNTED_PART}|{_ONE_PART})"
_COORDINATED = rf"(?P<who>{_ANY_PART}(?:\s*,\s*{_ANY_PART})*\s*,?\s+(?:and|&)\s+{_ANY_PART})"
_COORDINATED_VP = re.compile(rf"{_COORDINATED}{_GAP}(?P<vp>{_KILL_VP}|{_INJURE_VP})")
# Nouns that name two people: "Parents, 4 children hurt".
_PAIR_NOUN = r"(?:(?:[Hh]is\s+|[Hh]er\s+|[Tt]heir\s+)?(?:[Pp]arents|[Cc]ouple)\b)"
_PAIR_NOUN_START = re.compile(rf"\s*{_PAIR_NOUN}")
# Where a coordinated phrase divides: at "and", "&" and commas, but not before an age
# ("Girl, 4, woman").
_CONJUNCTION = re.compile(r"\s+(?:and|&)\s+|,(?!\s*\d{1,2}\s*,)\s*(?:and\s+)?")
_COUNTED_START = re.compile(rf"\s*({_COUNT_WORD}){_COUNTED_TAIL}")
# "In addition to the driver, a 15-year-old boy was wounded": one more beside the one named.
_IN_ADDITION = re.compile(
    rf"\b[Ii]n\s+addition\s+to\s+(?P<who>(?:{_SINGULAR}|{_NAME}),\s+(?:{_SINGULAR}|{_AGE_NAME}|{_NAME_AGE}))"
    rf"{_GAP}(?P<vp>{_INJURE_VP}|{_KILL_VP})"
)
_PAIR_VP = re.compile(rf"{_PAIR}{_GAP}(?P<vp>{_KILL_VP}|{_INJURE_VP})")
# A murder-suicide: the victims and the killer himself.
# "... and then himself", "..., himself", "... before turning the gun on himself",
# "..., killing him, and then shot herself"
_AND_THEN_HIMSELF = (
    r"(?:,\s*|\s+)(?:[^.;]{0,60}?\b(?:and\s+then|then|before|and)\s+)?"
    r"(?:(?:killing|shooting|shot|killed|turning\s+the\s+gun\s+on|turned\s+the\s+gun\s+on)\s+)?"
    r"(?:himself|herself))\b"
)
_SELF = re.compile(
    r"\b(?P<verb>kill(?:s|ed)?|shoots|shot(?:\s+and\s+killed)?|murder(?:s|ed)?)\s+"
    r"(?P<who>(?:(?:his|her)\s+)?(?:[\w-]+\s+){0,2}?"
    rf"{alternation(KIN_NOUNS)}(?:\s+[A-Z][a-z]+)?(?:\s+dead)?"
    rf"{_AND_THEN_HIMSELF}"
)
# A verb of killing says the victim died, whoever the victim was: "killed his brother and then
# himself", "murdered a neighbor before turning the gun on himself" are two dead.
_SELF_KILLED = re.compile(
    r"\b(?P<verb>kill(?:s|ed)?|murder(?:s|ed)?)\s+"
    r"(?P<who>(?:(?:his|her|their|a|an|the)\s+)?(?:[\w-]+\s+){0,2}?"
    rf"{_VICTIM_NOUN}(?:\s+[A-Z][a-z]+)?"
    rf"{_AND_THEN_HIMSELF}"
)
# Active voice with one victim as object: "shot and killed a clerk", "wounded his cousin".
_OBJECT = (
    rf"(?P<who>(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Aa]nother|[A-Z][a-z]+['’]s)\s+"
    rf"(?:(?:{_MODIFIER}\s+){{0,3}}?{_VICTIM_NOUN}\b|{_AGE_NOUN}))"
)
_OBJECT_WHO = (
    rf"(?:(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Aa]nother)\s+"
    rf"(?:(?:{_MODIFIER}\s+){{0,3}}?{_VICTIM_NOUN}\b|{_AGE_NOUN}))"
)
_ACTIVE_KILLED = (
    re.compile(
        rf"\b(?:shot\s+and\s+killed|fatally\s+(?:shot|stabbed|wounded)|killed|killing|murdered|"
        rf"gunned\s+down)\s+{_OBJECT}"
    ),
    re.compile(rf"\bshot\s+{_OBJECT}\s+(?:to\s+death|dead)\b"),
)
# Two victims as objects: "shot his girlfriend and her father", "Shoots Brother & Niece".
_OBJECT_PLAIN = (
    rf"(?:(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Aa]nother)\s+"
    rf"(?:(?:{_MODIFIER}\s+){{0,3}}?{_VICTIM_NOUN}\b|{_AGE_NOUN}))"
)
_ACTIVE_PAIR = re.compile(
    rf"\b(?:(?P<k>shot\s+and\s+killed|fatally\s+(?:shot|wounded)|killed|kills|murdered)|"
    r"shot|shoots|shooting|wounded|wounding|wounds|injured|injuring|injures)\s+"
    rf"(?P<who>{_OBJECT_PLAIN}\s+(?:and|&)\s+(?:{_OBJECT_PLAIN}|(?:{_MODIFIER}\s+)?{_VICTIM_NOUN}\b))"
    r"(?!\s+(?:to\s+death|dead))",
    re.I,
)
# A shooting that "sent a teenager to the hospital", "left a clerk in critical condition",
# "left Tamsin with severe injuries": its object is hurt and alive.
_LEFT_HURT = re.compile(
    rf"\b(?:sent|sending|sends|left|leaving|leaves)\s+(?P<who>{_OBJECT_PLAIN}|{_NAME}|{_NAME_WORD})\s+"
    r"(?:to\s+(?:the\s+|a\s+)?(?:local\s+|area\s+|nearby\s+)?hospital\b|in\s+(?:the\s+)?hospital\b|"
    r"hospitali[sz]ed\b|in\s+(?:critical|serious|stable|grave|fair)\s+condition\b|"
    r"with\s+(?:[\w-]+\s+){0,2}?(?:injuries|wounds)\b|(?:injured|wounded)\b)"
)
_ACTIVE_INJURED = re.compile(
    rf"\b(?:shot|wounded|wounding|injured|injuring)\s+{_OBJECT}(?!\s+(?:to\s+death|dead))"
)
# The one who fired, dead beside his victims: "3 deputies, gunman dead", "... and the shooter
# was killed". Counted apart, and added to the victims only in the same sentence.
_SHOOTER_DEAD = re.compile(
    r"(?:,|\band)\s+(?:the\s+|a\s+)?(?P<who>shooter|gunman|suspect|attacker|killer)\s+"
    r"(?:(?:is|was|were|are)\s+)?(?:also\s+)?(?:dead|killed|slain|died)\b",
    re.I,
)
# A bullet as subject: "a stray round struck the child in the shoulder". Like "shot", it says
# nothing of whether the one hit lived.
_BULLET_HIT = re.compile(
    rf"\b(?:bullets?|rounds?|gunfire|pellets?)\b[^.;]{{0,80}}?\b(?:struck|hit|grazed)\s+{_OBJECT}"
)
# Named victims as objects: "killing Ann Lee at the scene and injuring Bo Diaz and Cy Moe".
_NAMES_OBJ = rf"(?P<who>{_AGE_OR_NAME}(?:\s*,\s*{_AGE_OR_NAME})*(?:\s*,?\s+and\s+{_AGE_OR_NAME})?)"
_ACTIVE_NAMES = re.compile(
    rf"\b(?:(?P<k>killing|killed|fatally\s+(?:shooting|shot|wounding|injuring)|striking\s+and\s+killing)"
    rf"|(?P<i>injuring|wounding|striking\s+and\s+injuring))\s+{_NAMES_OBJ}"
)
# A follow-up story names the death it reports on: "the shooting death of his 3-year-old
# daughter", "charged in the fatal shooting of 2-year-old Milo Serrano", "the murder of Ann Lee".
_DEATH_OF = re.compile(
    r"\b(?:fatal\s+shooting|shooting\s+death|death|killing|murder|slaying)\s+of\s+"
    rf"(?P<who>(?P<first>{_SINGULAR}|{_AGE_OR_NAME}|{_AGE_NOUN})"
    rf"(?P<second>\s+and\s+(?:{_SINGULAR}|{_AGE_OR_NAME}|{_AGE_NOUN}|{_VICTIM_NOUN}\b))?)"
    # a relative clause of survival tells of no death: "the attempted killing of a man who survived"
    r"(?!\s+(?:who|that)\s+(?:survived|lived))"
)
# "two people dead and another wounded": a bare "another" is one more victim.
_ANOTHER_HURT = re.compile(
    r"\b(?P<who>[Aa]nother)\s+(?:was\s+|person\s+|one\s+)?(?:injured|wounded|hurt)\b"
    r"|\b(?P<who2>[Aa]nother)\s+(?:person\s+|one\s+)?(?:is|was)\s+(?:fighting\s+for\s+(?:his|her)\s+life|"
    r"in\s+(?:critical|serious|stable|grave)\s+condition|hospitali[sz]ed|in\s+the\s+hospital)\b"
)
# One who shot himself: "accidentally shot himself in the hand"; "fatally shot himself" is killed.
_SELF_SHOT = re.compile(
    r"\b(?:(?P<how>fatally\s+shot|killed|killing|kills)|shot|shoots)\s+"
    r"(?P<who>himself|herself|(?:(?:his|her)\s+)?own\s+\w+)\b"
)
# A victim found shot: "found the body of a teenager", "found a clerk suffering from gunshot
# wounds".
_FOUND_BODY = re.compile(rf"\b(?:the\s+)?body\s+of\s+(?P<who>{_SINGULAR}|{_AGE_NAME}|{_NAME})")
_FOUND_WOUNDED = re.compile(
    rf"\b(?:found|discovered|located)\s+(?P<who>{_SINGULAR}|{_OBJECT_WHO})\s+(?:who\s+had\s+been\s+shot\b|"
    r"(?:suffering|with)\s+(?:from\s+)?(?:[\w-]+\s+){0,3}?(?:gunshot\s+)?(?:wounds?|injur(?:y|ies))\b)"
)
# A pronoun subject stands for one victim already introduced: "He was pronounced dead."
_PRONOUN = r"(?:\b(?:[Hh]e|[Ss]he))"
_PRONOUN_KILLED = re.compile(rf"(?P<who>{_PRONOUN}){_GAP}(?P<vp>{_KILL_VP})")
_PRONOUN_INJURED = re.compile(rf"(?P<who>{_PRONOUN}){_GAP}(?P<vp>{_INJURE_VP})")
# Verbs that say only that a bullet hit someone: the dead are among those "shot".
_SHOT_ONLY = re.compile(r"\b(?:shot|hit|struck|suffered|sustained|received|suffering|with)\b")
# Words that say the one shot lived: a wound to a limb, a stable condition, a survival.
_SURVIVED = re.compile(
    r"\b(?:in|to)\s+(?:the|his|her|their)\s+(?:leg|legs|arm|arms|foot|feet|hand|hands|shoulder|buttocks?|thigh|"
    r"ankle|knee|wrist|finger|hip)\b|\bstable\b|\bnon-?life|\bnot\s+life|\bexpected\s+to\s+"
    r"(?:survive|recover|be\s+ok)|\bsurvived\b|\btreated\s+and\s+released\b|\bminor\b|\bgrazed\b"
    r"|\broad\s+to\s+recovery\b|\brecovering\b",
    re.I,
)
# Headlines drop articles and auxiliaries: "Tulsa man killed, 2 wounded", "Dayton girl, 9,
# hospitalized after accidental shooting", "6-month-old dies after rifle discharges", "Teen
# accidentally shoots dad". A leading "Police:" says who reported it.
_AGE_WORD = rf"(?:{_AGE_NUMBER}-(?:year|month|week|day)-old)"
_HEADLINE_WHO = (
    rf"(?P<who>(?:[\w.'’-]+\s+){{0,3}}?(?:{_VICTIM_NOUN}|{_AGE_WORD})s?\b(?:,\s*\d{{1,2}},)?)"
)
# What a headline says happened to its subject, with no auxiliary: "killed", "shot, killed",
# "dies", "in critical condition", "walk into Albany hospital with gunshot wounds".
_HEADLINE_VERB = (
    rf"(?P<verb>{alternatives(HEADLINE_KILLED)}|{alternatives(INJURED_PARTICIPLES)}|hospitali[sz]ed|grazed|"
    r"suffers\s+(?:a\s+)?(?:gunshot\s+)?wounds?|sent\s+to\s+(?:the\s+)?hospital|"
    # "Girl stable after backyard shooting", "Woman in critical condition after ..."
    r"(?:in\s+)?(?:critical|serious|stable|fair)(?:\s+condition)?|recovering|"
    r"(?:walk|walks|walked|show\s+up|shows\s+up|showed\s+up)\s+(?:in)?to\s+(?:[\w'’-]+\s+){0,3}?hospital)\b"
    rf"(?!,?\s+{alternation(('killed', *KILL_COMPLETIONS))})"
    # "Man Shot His Brother": the verb is active, its objects the victims
    r"(?!\s+(?:his|her|their)\b)"
)
# At the start (after a "Police:" that says who reported it), or after a comma: "Driver
# Killed, Passenger Critical After Shooting".
_HEADLINE_START = r"(?:^(?:[\w.' ’-]{1,40}:\s+)?|(?<=,\s))"
_HEADLINE_SUBJECT = re.compile(
    rf"{_HEADLINE_START}{_HEADLINE_WHO}\s+(?:(?:is|was)\s+)?"
    rf"(?:accidentally\s+|fatally\s+|critically\s+|seriously\s+)?{_HEADLINE_VERB}",
    re.I,
)
# A headline's victims listed together: "Woman, 2 boys shot", "Toddler, 3 others sent to
# hospital", "Girl, 4, woman in critical condition", "Deputy & Suspect Both Shot".
_HEADLINE_PART = (
    # a modifier is capitalised or a number ("Garland Officer"): "Police identify mother"
    # leaves the verb out
    rf"(?:{_COUNTED_PART}|{_PAIR_NOUN}|(?-i:[A-Z0-9][\w.'’-]*\s+){{0,2}}?(?:{_VICTIM_NOUN}|{_AGE_WORD})\b"
    r"(?:,\s*\d{1,2}(?=,))?)"
)
_HEADLINE_COORDINATED = re.compile(
    rf"{_HEADLINE_START}(?P<who>{_HEADLINE_PART}(?:(?:\s*,\s*|\s+(?:and|&)\s+)"
    rf"{_HEADLINE_PART})+)\s+(?:(?:both|all)\s+)?(?:(?:were|are)\s+)?"
    rf"(?:accidentally\s+|critically\s+|seriously\s+)?{_HEADLINE_VERB}",
    re.I,
)
_LISTED_BEFORE = re.compile(rf"\b(?P<who>{_VICTIM_NOUN}),\s$", re.I)
_HEADLINE_OBJECT = re.compile(
    rf"\b(?P<verb>shoots\s+and\s+kills|kills|fatally\s+shoots|shoots|wounds|injures)\s+"
    rf"(?P<who>(?:(?:his|her|their|a|an|the)\s+)?(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?:{_VICTIM_NOUN}|mom|dad|{_AGE_WORD}))\b",
    re.I,
)
_PLURAL_NOUN_END = re.compile(r"(?<![s'’])s(?:,\s*\d{1,2},)?$")


# Gates for implicit_casualties (see there): what a sentence must contain for a rule to match.
_COUNTED_HINT = re.compile(rf"\b{_COUNTED_PART}")
_ORDINAL_WORDS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_DIGIT_ORDINAL = re.compile(r"\d(?:nd|rd|th)\b")
_LEFT_HINT = re.compile(r"\b(?:sent|sending|sends|left|leaving|leaves)\b")
_HURT_WORDS = ("hospital", "condition", "injur", "wound")


# The gate before the casualty rules: most sentences name no kill or injury verb.
CASUALTY_HINT = re.compile(
    # the first-letter lookahead fails most word starts at once
    rf"\b(?={initials_class(CASUALTY_GATE)}){alternation(CASUALTY_GATE)}",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Casualty:
    """A casualty count stated in words; `start`/`end` index the sentence."""

    start: int
    end: int
    text: str
    value: float
    category: str  # "killed" or "injured"
    # An injured count read from "shot"/"hit"/"suffered a wound" alone (nothing says the victim
    # lived), which may be the same person who died; the tally uses it only when no other
    # injured count is stated, and less the dead.
    weak: bool = False
    # "A second woman was hurt", "she and two others were shot": the count takes in every
    # victim so far, the dead too, whatever words stand around it ("others", "second").
    counts_all: bool = False
    # The rule that read it ("killed.single_killed") and the words that decided it (sentence
    # offsets of the whole match), for `factdesk explain`.
    rule: str = ""
    cue: tuple[int, int] = (0, 0)


_HEADLINE_KILLED_VERB = re.compile(alternation(HEADLINE_KILLED))


def _headline_killed(verb: str) -> bool:
    """Whether a headline verb ("slain", "shot, killed", "dies") tells of a death."""
    return bool(_HEADLINE_KILLED_VERB.fullmatch(verb))


def _coordinated_total(who: str, counted_only: bool = True) -> int | None:
    """The victims a coordinated phrase counts; None when no part is a counted one and
    `counted_only` (pairs and names are read by their own rules)."""
    total, counted = 0, False
    for part in _CONJUNCTION.split(who):
        m = _COUNTED_START.match(part)
        if m:
            value = parse_number(m.group(1))
            if value is None:
                return None
            total, counted = total + int(value), True
        elif _PAIR_NOUN_START.match(part):
            total += 2
        elif part.strip():
            total += 1
    return total if counted or not counted_only else None


class _Reading:
    """One sentence as the casualty rules read it: cheap tests worked out once, the counts
    found so far and the spans they took (the first rule to take a span keeps it)."""

    def __init__(self, sentence: str, headline: bool) -> None:
        self.sentence = sentence
        self.headline = headline
        self.out: list[Casualty] = []
        self.taken: list[tuple[int, int]] = []
        self.rule = ""  # the rule now reading
        self.lived = bool(_SURVIVED.search(sentence))
        # Cheap tests that let most sentences skip the rules that cannot match them.
        self.joined = " and " in sentence or "&" in sentence
        self.counted = self.joined and bool(_COUNTED_HINT.search(sentence))
        lowered = sentence.lower()
        self.ordinal = any(w in lowered for w in _ORDINAL_WORDS) or bool(
            _DIGIT_ORDINAL.search(sentence)
        )
        self.left_hurt = any(w in lowered for w in _HURT_WORDS) and bool(
            _LEFT_HINT.search(sentence)
        )
        self.both = "both" in sentence or "Both" in sentence

    def add(
        self,
        start: int,
        end: int,
        value: float,
        category: str,
        weak: bool = False,
        counts_all: bool = False,
        *,
        m: re.Match[str],
    ) -> None:
        """A count of `category` over sentence[start:end], unless an earlier rule took it."""
        sentence = self.sentence
        while end > start and sentence[end - 1] in ", ":
            end -= 1  # "Lena Marsh, 27," ends at the age, not the comma
        if any(s < end and start < e for s, e in self.taken):
            return
        self.taken.append((start, end))
        self.out.append(
            Casualty(
                start,
                end,
                sentence[start:end],
                value,
                category,
                weak,
                counts_all,
                f"{category}.{self.rule}",
                (m.start(), m.end()),
            )
        )

    def add_group(
        self, m: re.Match[str], value: int, died: bool = False, counts_all: bool = True
    ) -> None:
        """Victims named together before one verb phrase (`vp`): killed by a kill verb (or
        when `died`), else hurt; weak when the verb says only that they were shot, and then,
        unless `counts_all` is off, the count takes in the dead too."""
        vp = m.group("vp")
        killed = died or bool(_KILL_VP_RE.match(vp))
        weak = not killed and bool(_SHOT_ONLY.search(vp)) and not self.lived
        category = "killed" if killed else "injured"
        self.add(m.start("who"), m.end("who"), value, category, weak, weak and counts_all, m=m)


# ------------------------------------------------------------------ the rules' handlers
# Each reads one match of its rule's pattern and adds what it counts.


def _headline_coordinated(r: _Reading, m: re.Match[str]) -> None:
    # "Woman and boy shot", "Woman, 2 boys shot": victims of one verb, added up
    total = _coordinated_total(m.group("who"), counted_only=False)
    verb = m.group("verb").lower()
    if total is not None and total >= 2:
        category = "killed" if _headline_killed(verb) else "injured"
        weak = verb == "shot" and not r.lived
        r.add(m.start("who"), m.end("who"), total, category, weak, weak, m=m)


def _headline_subject(r: _Reading, m: re.Match[str]) -> None:
    if _PLURAL_NOUN_END.search(m.group("who")):
        return  # "Teens shot": how many is not said
    verb = m.group("verb").lower()
    killed = _headline_killed(verb)
    start, count = m.start("who"), 1
    listed = _LISTED_BEFORE.search(r.sentence, 0, start)
    if listed:
        # "Police identify mother, daughter killed": the comma lists victims of one verb
        start, count = listed.start("who"), 2
    category = "killed" if killed else "injured"
    r.add(start, m.end("who"), count, category, verb == "shot" and not r.lived, m=m)


def _headline_object(r: _Reading, m: re.Match[str]) -> None:
    verb = m.group("verb").lower()
    killed = "kill" in verb or verb.startswith("fatally")
    category = "killed" if killed else "injured"
    r.add(m.start("who"), m.end("who"), 1, category, verb == "shoots" and not r.lived, m=m)


def _self(r: _Reading, m: re.Match[str]) -> None:
    victim_died = not m.group("verb").lower().startswith("shot") or re.search(
        r"\b(?:dead|killing\s+(?:him|her|them)|and\s+killed)\b", m.group("who")
    )
    if victim_died or not r.lived:
        r.add(m.start("who"), m.end("who"), 2, "killed", m=m)
    else:
        # "shot his nephew before killing himself ... the boy is stable": the nephew lived.
        self_start = m.group("who").rfind("himself")
        if self_start < 0:
            self_start = m.group("who").rfind("herself")
        r.add(m.start("who") + self_start, m.end("who"), 1, "killed", m=m)
        victim = m.group("who")[:self_start]
        victim_end = len(re.split(r"\s+(?:and|then|before|,)", victim, maxsplit=1)[0])
        r.add(m.start("who"), m.start("who") + victim_end, 1, "injured", m=m)


def _ordinal_vp(r: _Reading, m: re.Match[str]) -> None:
    value = ordinal_value(m.group("ord")) or 0
    if _KILL_VP_RE.match(m.group("vp")):
        r.add(m.start("who"), m.end("who"), value, "killed", m=m)
    else:
        # Weak like a count of people shot: the ordinal counts the dead before it too ("one
        # man died ... a second man was injured" is one hurt, see `store.extract.tally`).
        r.add(m.start("who"), m.end("who"), value, "injured", True, True, m=m)


def _names_list(r: _Reading, m: re.Match[str]) -> None:
    names = len(re.findall(_NAME, m.group("who")))
    category = "injured" if m.group("i") else "killed"
    # "A, B and C were shot": like a single victim "shot", the dead may be among them.
    weak = category == "injured" and m.group("i").lower() == "shot" and not r.lived
    r.add(m.start("who"), m.end("who"), names, category, weak, m=m)


def _no_one(r: _Reading, m: re.Match[str]) -> None:
    group = next(g for g in ("who", "who2", "who3", "who4") if m.group(g))
    verb = (m.group("verb") or m.group("verb3") or m.group("verb4") or "injured").lower()
    r.add(m.start(group), m.end(group), 0, "killed" if verb == "killed" else "injured", m=m)


def _active_killed(r: _Reading, m: re.Match[str]) -> None:
    r.add(m.start("who"), m.end("who"), 1, "killed", m=m)


def _active_pair(r: _Reading, m: re.Match[str]) -> None:
    killed = bool(m.group("k"))
    shot = m.group(0).lower().startswith("shot") and not killed
    category = "killed" if killed else "injured"
    r.add(m.start("who"), m.end("who"), 2, category, shot and not r.lived, m=m)


def _active_injured(r: _Reading, m: re.Match[str]) -> None:
    shot = m.group(0).lower().startswith("shot")
    r.add(m.start("who"), m.end("who"), 1, "injured", shot and not r.lived, m=m)


def _active_names(r: _Reading, m: re.Match[str]) -> None:
    names = len(re.findall(_NAME, m.group("who")))
    category = "killed" if m.group("k") else "injured"
    r.add(m.start("who"), m.end("who"), names, category, m=m)


def _another_hurt(r: _Reading, m: re.Match[str]) -> None:
    group = "who" if m.group("who") else "who2"
    r.add(m.start(group), m.end(group), 1, "injured", m=m)


def _self_shot(r: _Reading, m: re.Match[str]) -> None:
    fatal = bool(m.group("how"))
    category = "killed" if fatal else "injured"
    r.add(m.start("who"), m.end("who"), 1, category, not fatal and not r.lived, m=m)


def _bullet_hit(r: _Reading, m: re.Match[str]) -> None:
    r.add(m.start("who"), m.end("who"), 1, "injured", not r.lived, m=m)


def _one_killed(r: _Reading, m: re.Match[str]) -> None:
    r.add(m.start("who"), m.end("who"), 1, "killed", m=m)


def _one_injured(r: _Reading, m: re.Match[str]) -> None:
    r.add(m.start("who"), m.end("who"), 1, "injured", m=m)


def _both(r: _Reading, m: re.Match[str]) -> None:
    # "both A and B had wounds the coroner names as the cause of death"
    r.add_group(m, 2, died=bool(_FATAL_AFTER.search(r.sentence, m.end())))


def _both_object(r: _Reading, m: re.Match[str]) -> None:
    r.add(m.start("who"), m.end("who"), 2, "injured", not r.lived, not r.lived, m=m)


def _in_addition(r: _Reading, m: re.Match[str]) -> None:
    r.add_group(m, 2)


def _coordinated_vp(r: _Reading, m: re.Match[str]) -> None:
    total = _coordinated_total(m.group("who"))
    if total is not None:  # with no counted part, a pair or a list of names (below)
        r.add_group(m, total)


def _pair_vp(r: _Reading, m: re.Match[str]) -> None:
    r.add_group(m, 2, counts_all=False)


def _death_of(r: _Reading, m: re.Match[str]) -> None:
    # "the murder of his sister and a 4-year-old girl": two
    r.add(m.start("who"), m.end("who"), 2 if m.group("second") else 1, "killed", m=m)


def _single_injured(r: _Reading, m: re.Match[str]) -> None:
    died = _LATER_DIED.match(r.sentence, m.end()) or (
        re.search(r"\swho\s", m.group(0)) and _RELATIVE_DIED.match(r.sentence, m.end())
    )
    weak = bool(_SHOT_ONLY.search(m.group("vp"))) and not r.lived
    category = "killed" if died else "injured"
    r.add(m.start("who"), m.end("who"), 1, category, weak and not died, m=m)


def _injured_unless_later_died(r: _Reading, m: re.Match[str]) -> None:
    died = _LATER_DIED.match(r.sentence, m.end())
    category = "killed" if died else "injured"
    r.add(m.start("who"), m.end("who"), 1, category, not died and not r.lived, m=m)


# ------------------------------------------------------------------ the rules, as data


def _always(r: _Reading) -> bool:
    return True


def _in_headline(r: _Reading) -> bool:
    return r.headline


def _no_death_read_yet(r: _Reading) -> bool:
    # "Rowan died after he was hit by a stray round": a pronoun beside a death in the same
    # sentence is most often that victim again, not another one.
    return not any(c.category == "killed" for c in r.out)


@dataclass(frozen=True, slots=True)
class CasualtyRule:
    """One casualty rule: its `name` (a count's rule is "<category>.<name>"), the `gate` that
    says whether it runs on a sentence at all, the `patterns` it reads, and the `handler` that
    adds a count for each match. `provenance` says which phrasing of news English it covers,
    with an invented example; tests/test_casualty_rules.py holds its examples and near-miss."""

    name: str
    gate: Callable[[_Reading], bool]
    patterns: tuple[re.Pattern[str], ...]
    handler: Callable[[_Reading, re.Match[str]], None]
    provenance: str


# In the order they run: where two rules read the same words, the first keeps them.
CASUALTY_RULES: tuple[CasualtyRule, ...] = (
    CasualtyRule(
        "headline_coordinated",
        _in_headline,
        (_HEADLINE_COORDINATED,),
        _headline_coordinated,
        "a headline's victims of one verb, added up: 'Cook and porter shot'",
    ),
    CasualtyRule(
        "headline_subject",
        _in_headline,
        (_HEADLINE_SUBJECT,),
        _headline_subject,
        "a headline's one subject with no auxiliary: 'Ferry worker killed in Elmford'",
    ),
    CasualtyRule(
        "headline_object",
        _in_headline,
        (_HEADLINE_OBJECT,),
        _headline_object,
        "a headline's one object of an active verb: 'Teen accidentally shoots uncle'",
    ),
    CasualtyRule(
        "self",
        _always,
        (_SELF, _SELF_KILLED),
        _self,
        "a killing and a suicide: 'killed his brother and then himself' is two dead",
    ),
    CasualtyRule(
        "ordinal_vp",
        lambda r: r.ordinal,
        (_ORDINAL_VP,),
        _ordinal_vp,
        "the victim that makes the count up to an ordinal: 'a third hiker later died'",
    ),
    CasualtyRule(
        "names_list",
        _always,
        (_NAMES_LIST,),
        _names_list,
        "named victims before a passive verb: 'Ida Brook and Tom Vale were killed'",
    ),
    CasualtyRule(
        "no_one",
        _always,
        (_NO_ONE,),
        _no_one,
        "nobody hurt is a count of 0: 'no one was injured', 'neither ... nor ... was hurt'",
    ),
    CasualtyRule(
        "active_killed",
        _always,
        _ACTIVE_KILLED,
        _active_killed,
        "one victim as the object of a kill verb: 'shot and killed a cashier'",
    ),
    CasualtyRule(
        "active_pair",
        lambda r: r.joined,
        (_ACTIVE_PAIR,),
        _active_pair,
        "two victims as objects: 'wounded his neighbour and her son'",
    ),
    CasualtyRule(
        "active_injured",
        _always,
        (_ACTIVE_INJURED,),
        _active_injured,
        "one victim as the object of an injure verb: 'wounded a guard'",
    ),
    CasualtyRule(
        "active_names",
        _always,
        (_ACTIVE_NAMES,),
        _active_names,
        "named victims as objects: 'killing Ida Brook and injuring Tom Vale'",
    ),
    CasualtyRule(
        "another_hurt",
        _always,
        (_ANOTHER_HURT,),
        _another_hurt,
        "a bare 'another' is one more victim: 'two dead and another injured'",
    ),
    CasualtyRule(
        "self_shot",
        _always,
        (_SELF_SHOT,),
        _self_shot,
        "one who shot himself: 'accidentally shot himself in the foot'",
    ),
    CasualtyRule(
        "bullet_hit",
        _always,
        (_BULLET_HIT,),
        _bullet_hit,
        "a bullet as subject: 'a stray bullet struck a boy in the arm'",
    ),
    CasualtyRule(
        "shooter_dead",
        _always,
        (_SHOOTER_DEAD,),
        _one_killed,
        "the one who fired, dead: '... and the gunman was killed'",
    ),
    CasualtyRule(
        "both",
        lambda r: r.both,
        (_BOTH,),
        _both,
        "'both' before a verb: 'Both men were wounded' is two",
    ),
    CasualtyRule(
        "left_hurt",
        lambda r: r.left_hurt,
        (_LEFT_HURT,),
        _one_injured,
        "a shooting that left or sent someone hurt: 'sent a clerk to the hospital'",
    ),
    CasualtyRule(
        "both_object",
        lambda r: r.both,
        (_BOTH_OBJECT,),
        _both_object,
        "'both' as object: 'one round hit both of them'",
    ),
    CasualtyRule(
        "in_addition",
        lambda r: "addition" in r.sentence,
        (_IN_ADDITION,),
        _in_addition,
        "two victims named as an addition to others, before one verb",
    ),
    CasualtyRule(
        "coordinated_vp",
        lambda r: r.joined and r.counted,
        (_COORDINATED_VP,),
        _coordinated_vp,
        "victims joined before one verb, one part counted: 'a man and two women were shot'",
    ),
    CasualtyRule(
        "pair_vp",
        lambda r: r.joined,
        (_PAIR_VP,),
        _pair_vp,
        "two single victims joined before one verb: 'A woman and a boy were injured'",
    ),
    CasualtyRule(
        "single_killed",
        _always,
        (_SINGLE_KILLED,),
        _one_killed,
        "one victim, a passive kill verb: 'A courier was shot and killed'",
    ),
    CasualtyRule(
        "found_body",
        _always,
        (_FOUND_BODY,),
        _one_killed,
        "a body found: 'found the body of a hiker'",
    ),
    CasualtyRule(
        "death_of",
        _always,
        (_DEATH_OF,),
        _death_of,
        "a follow-up naming the death it is about: 'the shooting death of his nephew'",
    ),
    CasualtyRule(
        "single_injured",
        _always,
        (_SINGLE_INJURED,),
        _single_injured,
        "one victim, a passive injure verb: 'A courier was wounded' (killed if 'later died')",
    ),
    CasualtyRule(
        "found_wounded",
        _always,
        (_FOUND_WOUNDED,),
        _injured_unless_later_died,
        "a victim found shot: 'found a clerk suffering from gunshot wounds'",
    ),
    CasualtyRule(
        "pronoun_killed",
        _always,
        (_PRONOUN_KILLED,),
        _one_killed,
        "a pronoun for one victim already named: 'He was pronounced dead'",
    ),
    CasualtyRule(
        "pronoun_injured",
        _no_death_read_yet,
        (_PRONOUN_INJURED,),
        _injured_unless_later_died,
        "a pronoun for one victim, hurt: 'She was hospitalised', unless a death was read",
    ),
)


def implicit_casualties(sentence: str, headline: bool = False) -> list[Casualty]:
    """Counts a sentence states without a numeral, each spanning its victim phrase: every rule
    of `CASUALTY_RULES` whose gate passes reads the sentence, in order.

    A `headline` may also drop its articles and auxiliaries ("Clerk shot in shoulder")."""
    reading = _Reading(sentence, headline)
    for rule in CASUALTY_RULES:
        if not rule.gate(reading):
            continue
        reading.rule = rule.name
        for pattern in rule.patterns:
            for m in pattern.finditer(sentence):
                rule.handler(reading, m)
    return reading.out
