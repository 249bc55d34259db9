"""Every casualty rule of the table (`store.extract.casualties.CASUALTY_RULES`) reads at least
two invented sentences of the phrasing it covers and leaves a near-miss alone.

A rule added to the table without its examples here fails the first test. The sentences are
invented: a rule is a general phrasing of news English, not a fit to one article."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from store.extract.casualties import CASUALTY_RULES, implicit_casualties


@dataclass(frozen=True)
class Examples:
    reads: tuple[str, str]  # the rule reads a count in each
    near_miss: str  # alike on the surface; the rule must leave it alone
    headline: bool = False


EXAMPLES: dict[str, Examples] = {
    "headline_coordinated": Examples(
        ("Woman and boy shot outside Elmford diner", "Driver, 2 boys shot in Elmford crash"),
        "Woman and boy honored at Elmford parade",
        headline=True,
    ),
    "headline_subject": Examples(
        ("Clerk killed in Elmford holdup", "Elmford cashier shot during holdup"),
        "Ferry workers strike in Elmford",
        headline=True,
    ),
    "headline_object": Examples(
        ("Teen accidentally shoots uncle", "Man fatally shoots neighbor after argument"),
        "Teen shoots video of parade",
        headline=True,
    ),
    "self": Examples(
        (
            "He shot his wife and then himself, police said.",
            "She killed her husband and then herself.",
        ),
        "He told himself to stay calm.",
    ),
    "ordinal_vp": Examples(
        (
            "A third man later died at the hospital.",
            "A fourth student was injured in the stampede.",
        ),
        "A third woman arrived at the scene later.",
    ),
    "names_list": Examples(
        (
            "Ida Brook and Tom Vale were killed in the crash.",
            "Ida Brook, Tom Vale and Sam Reyes were wounded.",
        ),
        "Ida Brook and Tom Vale were married in June.",
    ),
    "no_one": Examples(
        ("No one was injured in the blaze.", "Neither the pilot nor the co-pilot was hurt."),
        "No one answered the door.",
    ),
    "active_killed": Examples(
        (
            "A gunman fatally shot a driver on the bridge.",
            "Investigators say the intruder murdered a guard overnight.",
        ),
        "The guard killed time reading a book.",
    ),
    "active_pair": Examples(
        (
            "He wounded his neighbor and her son with a shotgun.",
            "The gunman shot a clerk and a customer before fleeing.",
        ),
        "He met his neighbor and her son at the store.",
    ),
    "active_injured": Examples(
        ("The attacker wounded a guard at the gate.", "A gunman shot a clerk in the leg."),
        "The guard wounded his pride.",
    ),
    "active_names": Examples(
        (
            "The gunmen opened fire, killing Ida Brook and injuring Tom Vale.",
            "Police say he killed Sam Reyes in the parking lot.",
        ),
        "The party honored Ida Brook and Tom Vale.",
    ),
    "another_hurt": Examples(
        (
            "Two people were killed and another was wounded.",
            "One man died and another was hurt in the crash.",
        ),
        "Another meeting was held on Friday.",
    ),
    "self_shot": Examples(
        (
            "He accidentally shot himself in the foot while cleaning a rifle.",
            "A hunter fatally shot himself in the woods.",
        ),
        "He told himself to stay calm.",
    ),
    "bullet_hit": Examples(
        (
            "The wall took fire, and a bullet struck a woman in her kitchen.",
            "Stray gunfire hit a boy near the playground.",
        ),
        "A bullet hit the window of the bakery.",
    ),
    "shooter_dead": Examples(
        (
            "Three deputies were wounded, and the gunman was killed.",
            "Two officers were hurt in the standoff, and the suspect died.",
        ),
        "The gunman fled, and the suspect was later arrested.",
    ),
    "both": Examples(
        ("Both men were wounded in the exchange.", "Both victims were killed instantly."),
        "Both teams played well on Sunday.",
    ),
    "left_hurt": Examples(
        (
            "The shooting sent a teenager to the hospital.",
            "The crash left a driver in critical condition.",
        ),
        "The storm left a driver stranded on the road.",
    ),
    "both_object": Examples(
        ("One round hit both of them in the legs.", "One round struck both women as they ran."),
        "The coach thanked both of them after the match.",
    ),
    "in_addition": Examples(
        (
            "In addition to Ida Brook, a 9-year-old boy was wounded.",
            "In addition to Tom Vale, a woman was killed.",
        ),
        "In addition to the museum, the library was closed.",
    ),
    "coordinated_vp": Examples(
        (
            "A man and two women were shot outside the bar.",
            "Two boys and a girl were wounded in the crossfire.",
        ),
        "A man and two women were seen outside the bar.",
    ),
    "pair_vp": Examples(
        (
            "A woman and a boy were injured in the crash.",
            "His mother and her nephew were killed in the fire.",
        ),
        "A woman and a boy were seen near the bridge.",
    ),
    "single_killed": Examples(
        (
            "A clerk was shot and killed on Main Street.",
            "A 31-year-old man was found dead in his car.",
        ),
        "A courier was seen on Main Street.",
    ),
    "found_body": Examples(
        (
            "Rescuers found the body of a woman in the river.",
            "Police recovered the body of a man near the dam.",
        ),
        "Police found the owner of a dog near the dam.",
    ),
    "death_of": Examples(
        (
            "Police are investigating the shooting death of a 4-year-old boy.",
            "He was charged in the murder of his sister and a neighbor.",
        ),
        "The death of a proposal left the council divided.",
    ),
    "single_injured": Examples(
        (
            "A woman was wounded in the leg on Friday.",
            "A guard was shot, and later died at the hospital.",
        ),
        "A guard was stationed at the gate.",
    ),
    "found_wounded": Examples(
        (
            "Officers found a man suffering from gunshot wounds.",
            "Deputies discovered a woman with injuries to her arm.",
        ),
        "Officers found a man sleeping in his car.",
    ),
    "pronoun_killed": Examples(
        ("He was pronounced dead at the scene.", "She died two days later."),
        "He was named director in May.",
    ),
    "pronoun_injured": Examples(
        ("He was wounded in the arm.", "She was hurt when the ladder fell."),
        # a pronoun beside a death read in the same sentence is that victim again
        "A man died after a shooting, and he was hit twice.",
    ),
}


def _rules_read(sentence: str, headline: bool) -> set[str]:
    return {c.rule.split(".", 1)[1] for c in implicit_casualties(sentence, headline=headline)}


def test_every_rule_of_the_table_has_its_examples() -> None:
    names = [rule.name for rule in CASUALTY_RULES]
    assert len(names) == len(set(names))
    assert set(names) == set(EXAMPLES)
    assert all(rule.provenance for rule in CASUALTY_RULES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_rule_reads_its_examples_and_leaves_its_near_miss(name: str) -> None:
    examples = EXAMPLES[name]
    for sentence in examples.reads:
        assert name in _rules_read(sentence, examples.headline), sentence
    assert name not in _rules_read(examples.near_miss, examples.headline)
