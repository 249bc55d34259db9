"""Nouns that count people: what a figure counts when it counts persons ("128 civilians")."""

from __future__ import annotations

PEOPLE_NOUNS = frozenset(
    """people persons person civilians civilian residents militants fighters soldiers troops
    members children women men victims casualties dead bodies families refugees prisoners
    police officers workers students migrants protesters demonstrators rebels insurgents
    jihadists hostages passengers patients employees individuals citizens christians muslims
    inhabitants villagers slain corpses""".split()
)
