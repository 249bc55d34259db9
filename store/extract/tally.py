"""One best killed and one best injured count per document, marked by high salience so that
ranking puts it first among that document's figures of its category.

Local crime news states the incident's toll in its first sentences; later sentences repeat
parts of it ("the second victim"), or tell of other incidents ("the 2009 shooting that
killed 13", "the city's 40th homicide this year"). So the tally takes, among the counts in the
lead, the largest credible one — except that a death toll of several people stated first is the
article's own (a larger one after it is a rival's or a running total) — and reads "no one was
hurt" as 0 when nothing else is counted.

A count of people "shot" includes the dead ("four people were shot, one fatally"). When it is the
best injured count the document gives and a killed count is chosen too, the tally emits a
derived figure in its place: the injured count is the shot count minus the killed count (not
below 0), while `text` stays the shot count's own phrase (so it is still a substring of its
sentence). Extraction marks a count weak only when nothing says those shot lived (a wound to a
limb, a stable condition) or were others besides the dead ("two others were shot").
"""

from __future__ import annotations

import dataclasses

from store.extract.document import ExtractedFigure
from store.extract.lexicon import PEOPLE_NOUNS

TALLY_SALIENCE = 10.0  # above any positional salience (which is below 1)
_LEAD_SENTENCES = 3  # distinct sentences with a count of the category that form the lead
_MAX_INCIDENT = 60  # larger numbers in local crime news are rarely one incident's toll
_MAX_NAMED = 100_000  # ... unless they name whom they count (a massacre, a war's toll)
# ... or give it as a toll is given ("At least 100 killed in blast"): an address or a year
# takes no "at least".
_TOLL_QUALIFIERS = frozenset({"at least", "more than", "nearly", "some", "about", "up to"})


def _credible(fig: ExtractedFigure) -> bool:
    if fig.value is None or fig.value != int(fig.value) or fig.value < 0:
        return False
    # A larger toll is credible when it says whom it counts ("128 civilians", "300 people"):
    # a bare large number beside a kill verb is more often an address or a year.
    named = fig.counts in PEOPLE_NOUNS or (fig.counts is None and fig.qualifier in _TOLL_QUALIFIERS)
    return fig.value <= _MAX_INCIDENT or (named and fig.value <= _MAX_NAMED)


def pick(
    figures: list[ExtractedFigure],
    category: str,
    weak: frozenset[int] = frozenset(),
    parts: frozenset[int] = frozenset(),
    earlier: frozenset[int] = frozenset(),
) -> int | None:
    """Index of the figure that best gives the document's count for `category`, or None.

    `weak` figures (a count of people "shot", which includes the dead) are used only when no
    figure names the injury itself ("three others were wounded"). `parts` are counts said to be
    among others ("Eight nurses were among the 30 dead"), never the toll while another count
    is given."""
    candidates = [(i, f) for i, f in enumerate(figures) if f.category == category and _credible(f)]
    strong = [(i, f) for i, f in candidates if i not in weak]
    if strong and any((f.value or 0) > 0 for _, f in strong):
        candidates = strong
    wholes = [(i, f) for i, f in candidates if i not in parts]
    if wholes:
        candidates = wholes
    if not candidates:
        return None
    # After the lede, a sentence that looks back ("a day after ...", "last week") tells of an
    # earlier incident: its count is not this one's toll.
    opening = min(f.sentence for _, f in candidates)
    candidates = [
        (i, f) for i, f in candidates if f.sentence == opening or f.sentence not in earlier
    ]
    lead_sentences = sorted({f.sentence for _, f in candidates})[:_LEAD_SENTENCES]
    lead = [(i, f) for i, f in candidates if f.sentence in lead_sentences]
    # Largest count in the lead; on a tie the earliest statement of it.
    # The lede states the toll: a count of several people given first is the article's own,
    # and a larger one after it a rival's or a running total ("Shelling killed 14 ... A monitor
    # put the toll at 19"). A single victim given first is often one of them ("A teenager was
    # killed ... 3 people were killed in all"): then the largest count in the lead.
    first_i, first = min(lead, key=lambda pair: (pair[1].sentence, pair[0]))
    if category == "killed" and (first.value or 0) > 1:
        return first_i
    best_i, _ = max(lead, key=lambda pair: (pair[1].value or 0, -pair[1].sentence, -pair[0]))
    return best_i


def apply_tally(
    figures: list[ExtractedFigure],
    excluded_sentences: frozenset[int] = frozenset(),
    weak: frozenset[int] = frozenset(),
    reports_death: bool = False,
    mentions_death: bool = True,
    died_among: dict[float, float] | None = None,
    parts: frozenset[int] = frozenset(),
    earlier: frozenset[int] = frozenset(),
) -> list[ExtractedFigure]:
    """`figures` with the chosen killed and injured figures raised to tally salience;
    `weak` holds indices into `figures` of counts that only say people were shot.

    `reports_death` says the article tells of a death (its headline says "killed", its text
    "pronounced dead") though no killed count was read: then the one victim said only to have
    been "shot" is the one who died, and the tally counts them as killed, not injured.
    Where the article `mentions_death` nowhere, everyone shot lived: a count of people shot is
    then as good an injured count as one of the wounded. `died_among` maps a count of wounded
    to how many of them have since died ("1 of 3 workers wounded has died"): an injured count
    of that size is the wounded less those. `parts` holds indices into `figures` of counts
    said to be among others (see `pick`)."""
    out = list(figures)
    killed: ExtractedFigure | None = None
    for category in ("killed", "injured"):
        kept = [i for i, f in enumerate(out) if f.sentence not in excluded_sentences]
        eligible = [out[i] for i in kept]
        weak_here = frozenset(k for k, i in enumerate(kept) if i in weak)
        if category == "injured" and killed is None and not mentions_death:
            # Nobody died: everyone "shot" is among the wounded.
            weak_here = frozenset()
        index = pick(
            eligible,
            category,
            weak_here,
            frozenset(k for k, i in enumerate(kept) if i in parts),
            earlier,
        )
        if index is None:
            continue
        if category == "injured" and killed is not None and index not in weak_here:
            index = _total_less_the_dead(eligible, index, weak_here, killed)
        chosen = eligible[index]
        k = out.index(chosen)
        raised = dataclasses.replace(chosen, salience=TALLY_SALIENCE + chosen.salience)
        if category == "killed":
            killed = chosen
        elif died_among and chosen.value in died_among:
            left = float((chosen.value or 0) - died_among[chosen.value or 0])
            raised = dataclasses.replace(
                raised, value=left, low=left, high=left, rule=f"{chosen.rule}+tally.less_died"
            )
        elif kept[index] in weak and killed is not None:
            raised = _less_the_dead(raised, killed)
        elif kept[index] in weak and reports_death and chosen.value == 1:
            raised = dataclasses.replace(
                raised, category="killed", rule=f"killed.tally_headline_death({chosen.rule})"
            )
            # The one shot is the one who died: no one else was hurt, and the article's
            # injured count is 0 (its text the same phrase, as for a count less the dead).
            out.append(
                dataclasses.replace(
                    raised,
                    category="injured",
                    value=0.0,
                    low=0.0,
                    high=0.0,
                    rule=f"{chosen.rule}+tally.the_one_shot_died",
                )
            )
        out[k] = raised
    return out


def _total_less_the_dead(
    figures: list[ExtractedFigure], index: int, weak: frozenset[int], killed: ExtractedFigure
) -> int:
    """`index`, or a count of people shot whose survivors outnumber it: "four people were
    shot" beside "1 dead" says 3 hurt, more than a lone "the woman was also shot" names."""
    chosen = figures[index]
    if chosen.value != 1 or not weak:
        return index
    weak_indices = sorted(weak)
    best = pick([figures[i] for i in weak_indices], "injured")
    if best is None:
        return index
    shot = weak_indices[best]
    survivors = (figures[shot].value or 0) - (killed.value or 0)
    return shot if survivors > (chosen.value or 0) else index


def _less_the_dead(shot: ExtractedFigure, killed: ExtractedFigure) -> ExtractedFigure:
    """The injured count left when the `killed` are among those `shot` (see module doc)."""
    s, d = int(shot.value or 0), int(killed.value or 0)
    if d <= 0:
        return shot
    left = float(max(s - d, 0))
    return dataclasses.replace(
        shot, value=left, low=left, high=left, rule=f"{shot.rule}+tally.less_the_dead"
    )
