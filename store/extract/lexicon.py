"""One vocabulary of people, death and injury words, read by every extraction stage.

Rules are data where they can be: the word lists below are what the rules of meaning
(`store.extract.meaning`), casualty counting (`store.extract.casualties`) and the tally
(`store.extract.tally`) read, and the answer side reads the same dead nouns. To teach
extraction a new word of this kind, add it here, with a test of an invented sentence that
uses it and a near-miss it must leave alone (see the README's extraction section).

Entries of `VICTIM_NOUNS`, `DEATH_WORDS`, `KILLED_PASSIVES` and `DYING_VERBS` are
regular-expression fragments, so one entry can carry a word's
forms (``teen(?:ager)?``); the other lists are plain words, matched as words or word
prefixes as each says.
"""

from __future__ import annotations

from collections.abc import Iterable

# Nouns that count people: what a figure counts when it counts persons ("128 civilians").
PEOPLE_NOUNS = frozenset(
    """people persons person civilians civilian residents militants fighters soldiers troops
    members children women men victims casualties dead bodies families refugees prisoners
    police officers workers students migrants protesters demonstrators rebels insurgents
    jihadists hostages passengers patients employees individuals citizens christians muslims
    inhabitants villagers slain corpses terrorists gunmen militiamen extremists loyalists
    combatants pilots airmen policemen guards teachers doctors nurses journalists babies infants
    schoolchildren minors girls boys teenagers worshippers""".split()
)

# Nouns whose count is a count of the dead whatever verb stands beside it ("35 bodies",
# "the dead"); "victims" alone may be wounded or dead, so it is a dead noun only with a verb
# that says so, and `DEAD_ONLY_NOUNS` leaves it out.
DEAD_NOUNS = frozenset({"bodies", "body", "corpses", "casualties", "dead", "victims", "slain"})
DEAD_ONLY_NOUNS = DEAD_NOUNS - {"victims"}
# The dead as found, not as killed: their count is "bodies", not "killed".
BODY_NOUNS = frozenset({"bodies", "body", "corpses"})
# People nouns that are also what happened to them ("One dead, 4 wounded").
STATE_NOUNS = frozenset({"dead", "slain"})

# People a report names as a single victim ("a 41-year-old man", "the victim", "one officer").
VICTIM_NOUNS: tuple[str, ...] = (
    "man",
    "woman",
    "boy",
    "girl",
    "teen(?:ager)?",
    "child",
    "toddler",
    "infant",
    "baby",
    "person",
    "victim",
    "male",
    "female",
    "student",
    "officer",
    "deputy",
    "trooper",
    "suspect",
    "gunman",
    "shooter",
    "driver",
    "passenger",
    "bystander",
    "resident",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "clerk",
    "employee",
    "customer",
    "youth",
    "juvenile",
    "motorist",
    "homeowner",
    "guard",
    "neighbor",
    "neighbour",
    "relative",
    "cousin",
    "friend",
    "pedestrian",
    "robber",
    "intruder",
    "burglar",
    "owner",
    "worker",
    "security guard",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "grandfather",
    "grandmother",
    "grandson",
    "granddaughter",
    "stepfather",
    "stepson",
    "girlfriend",
    "boyfriend",
    "fianc[ée]e?",
    "roommate",
    "individual",
    "adult",
    "patron",
    "cashier",
    "gentleman",
    "lady",
    "victim's",
)

# Cue words of a death and of an injury beside a number, matched as word prefixes on
# lower-cased text ("fatalit" is "fatality" and "fatalities").
KILLED_CUES: tuple[str, ...] = (
    "killed",
    "kill",
    "killing",
    "dead",
    "died",
    "die",
    "dying",
    "death",
    "deaths",
    "executed",
    "execution",
    "executions",
    "assassinated",
    "slain",
    "murdered",
    "murder",
    "massacred",
    "massacre",
    "fatalit",
    "fatally",
    "perished",
    "beheaded",
    "shot dead",
    "gunned down",
    "death toll",
    "lost their lives",
)
INJURED_CUES: tuple[str, ...] = (
    "injured",
    "injuries",
    "injuring",
    "wounded",
    "wounding",
    "wounds",
    "injures",
    "hurt",
    "hospitali",
    "to the hospital",
    "to a hospital",
    "to hospital",
    "in the hospital",
    "in hospital",
    "critical condition",
    "serious condition",
    "stable condition",
)


# Verbs of killing and of other harm whose agent follows "by" ("killed by the militia",
# "abducted by gunmen"): the perpetrator rule of meaning.
HARM_BY_VERBS: tuple[str, ...] = (
    "killed",
    "executed",
    "assassinated",
    "murdered",
    "massacred",
    "shot",
    "slain",
    "beheaded",
    "wounded",
    "injured",
    "abducted",
    "arrested",
    "detained",
    "attacked",
    "targeted",
    "bombed",
)
# Verbs of killing whose subject is the one who did it ("the militia executed 12").
KILLING_VERBS: tuple[str, ...] = (
    "executed",
    "killed",
    "murdered",
    "massacred",
    "assassinated",
    "beheaded",
    "shot",
)
# Words by which an article tells of a death, in its headline or anywhere in its text,
# whether or not a count is read ("Courier Shot, Killed", "was pronounced dead").
# Regular-expression fragments: "dead" after "brain" tells of no death.
DEATH_WORDS: tuple[str, ...] = (
    "killed",
    "kills",
    r"(?<!brain\s)dead",
    "died",
    "dies",
    "fatal(?:ly)?",
    "slain",
    "deadly",
    "death",
    "homicide",
    r"passed\s+away",
)
# What follows an auxiliary when one victim was killed ("was shot and killed", "were found
# dead"), and the verbs of dying that need none ("died", "succumbed"): casualty counting's
# kill verb phrase. Regular-expression fragments.
KILLED_PASSIVES: tuple[str, ...] = (
    r"shot\s+and\s+killed",
    r"shot\s+dead",
    r"shot\s+to\s+death",
    r"stabbed\s+to\s+death",
    r"fatally\s+(?:shot|wounded|injured|stabbed|struck)",
    "killed",
    "murdered",
    "slain",
    r"found\s+dead",
    r"found\s+(?:shot|stabbed|beaten)\s+(?:to\s+death|dead)",
    r"pronounced\s+dead",
    r"gunned\s+down",
    "dead",
)
DYING_VERBS: tuple[str, ...] = ("died", "dies", "succumbed", r"passed\s+away")


def alternation(fragments: Iterable[str]) -> str:
    """A non-capturing group of `fragments` in order: ``(?:a|b|c)``."""
    return "(?:" + "|".join(fragments) + ")"
