"""Casualty counts in local crime-news phrasing: (sentence → expected killed/injured figure)."""

from __future__ import annotations

import pytest

from store.extract.casualties import implicit_casualties
from store.extract.pipeline import extract_document
from store.extract.tally import TALLY_SALIENCE
from store.ingest import prepare
from store.readers import RawArticle

# (behaviour, sentence, category, value, text)
WORDED = [
    (
        "a_determiner_starts_a_new_phrase",
        "The second time the girl got shot in the shoulder, her uncle said.",
        "injured",
        1,
        "the girl",
    ),
    (
        "named_victims_with_ages_first",
        "44-year-old Rhea Tamsin, 20-year-old Colm J. Ardley-Vance and 37-year-old "
        "Ines P. Morrow were found dead in a trailer.",
        "killed",
        3,
        "44-year-old Rhea Tamsin, 20-year-old Colm J. Ardley-Vance and 37-year-old Ines P. Morrow",
    ),
    (
        "death_of_two_coordinated_victims",
        "She was charged in the murder of her sister and a 6-year-old girl.",
        "killed",
        2,
        "her sister and a 6-year-old girl",
    ),
    (
        "wounded_then_has_died",
        "A man who was wounded in a Friday morning robbery has died, deputies said.",
        "killed",
        1,
        "A man",
    ),
    (
        "relative_clause_does_not_take_the_next_speakers_death",
        "A man who was shot in the leg said the gunman died later.",
        "injured",
        1,
        "A man",
    ),
    (
        "fatally_injuring_a_named_victim",
        "Shots hit the trailer, fatally injuring Tobiah Greaves.",
        "killed",
        1,
        "Tobiah Greaves",
    ),
    (
        "follow_up_names_the_death",
        "A mother was jailed over the shooting death of her 4-year-old daughter.",
        "killed",
        1,
        "her 4-year-old daughter",
    ),
    (
        "fatal_shooting_of_named_child",
        "Three were charged over the fatal shooting of 3-year-old Kaden Whitlow.",
        "killed",
        1,
        "3-year-old Kaden Whitlow",
    ),
    (
        "killing_an_aged_named_victim",
        "She is charged with killing 58-year-old Darnell Pike at the motel.",
        "killed",
        1,
        "58-year-old Darnell Pike",
    ),
    ("killed_herself", "The girl picked up a gun before killing herself.", "killed", 1, "herself"),
    (
        "another_fighting_for_her_life",
        "Two men are dead and another is fighting for his life in intensive care.",
        "injured",
        1,
        "another",
    ),
    (
        "found_shot",
        "An older woman was found shot on Birchwood Court.",
        "injured",
        1,
        "An older woman",
    ),
    (
        "bullet_hit_possessive_object",
        "A round came through the ceiling and hit Okoro's daughter in the arm.",
        "injured",
        1,
        "Okoro's daughter",
    ),
    (
        "shot_before_killing_himself_survivor",
        "He shot his nephew before killing himself; the boy is in fair condition.",
        "injured",
        1,
        "his nephew",
    ),
    (
        "murder_suicide_with_named_child",
        "Deputies say the man shot his wife Marisol then himself.",
        "killed",
        2,
        "his wife Marisol then himself",
    ),
    (
        "murder_suicide_turning_the_gun",
        "A woman shot her 9-year-old son dead before turning the gun on herself, deputies said.",
        "killed",
        2,
        "her 9-year-old son dead before turning the gun on herself",
    ),
    (
        "murder_suicide_headline_list",
        "Lakeview man kills 5-year-old son, himself",
        "killed",
        2,
        "5-year-old son, himself",
    ),
    (
        "murder_suicide_killing_a_brother",
        "Police said the man killed his brother and then himself.",
        "killed",
        2,
        "his brother and then himself",
    ),
    (
        "murder_suicide_murdering_a_neighbor",
        "Investigators said he murdered a neighbor before turning the gun on himself.",
        "killed",
        2,
        "a neighbor before turning the gun on himself",
    ),
    (
        "single_victim_shot_and_killed",
        "A clerk was shot and killed behind a diner late Monday.",
        "killed",
        1,
        "A clerk",
    ),
    (
        "victim_with_age_modifier",
        "A 63-year-old woman was fatally shot on Juniper Way.",
        "killed",
        1,
        "A 63-year-old woman",
    ),
    ("the_victim_died", "The victim died at a local hospital.", "killed", 1, "The victim"),
    (
        "shot_alone_is_injured",
        "A teenager was shot in the knee during the brawl.",
        "injured",
        1,
        "A teenager",
    ),
    (
        "shot_then_died_is_killed",
        "A driver was shot Tuesday and later died at the hospital.",
        "killed",
        1,
        "A driver",
    ),
    (
        "suffered_wounds_is_injured",
        "The clerk suffered a gunshot wound to the arm.",
        "injured",
        1,
        "The clerk",
    ),
    (
        "named_victim_with_age",
        "Lena Marsh, 41, was found dead inside the home.",
        "killed",
        1,
        "Lena Marsh, 41",
    ),
    (
        "coordinated_named_victims",
        "Tom Reyes, 30, and Ada Quinn, 25, were found dead in the car.",
        "killed",
        2,
        "Tom Reyes, 30, and Ada Quinn, 25",
    ),
    (
        "active_voice_object_killed",
        "Police say he shot and killed a neighbor after an argument.",
        "killed",
        1,
        "a neighbor",
    ),
    (
        "active_voice_object_injured",
        "A girl accidentally shot her 11-year-old sister in the foot.",
        "injured",
        1,
        "her 11-year-old sister",
    ),
    (
        "active_voice_shot_to_death",
        "The gunman shot his wife to death in the kitchen.",
        "killed",
        1,
        "his wife",
    ),
    (
        "no_one_hurt_is_zero_injured",
        "No one else was hurt during the standoff.",
        "injured",
        0,
        "No one",
    ),
    ("no_injuries_reported", "No injuries were reported.", "injured", 0, "No injuries"),
    ("ordinal_victim_died", "A third man died two days later.", "killed", 3, "A third man"),
    (
        "possessive_victim_passive",
        "Deputies said his 6-year-old granddaughter was accidentally shot in the hand.",
        "injured",
        1,
        "his 6-year-old granddaughter",
    ),
    (
        "relative_clause_victim",
        "The other victim was a 48-year-old man who was hit in the thigh.",
        "injured",
        1,
        "a 48-year-old man",
    ),
    (
        "body_of_a_victim_is_killed",
        "Fishermen found the body of a 57-year-old woman near the dam.",
        "killed",
        1,
        "a 57-year-old woman",
    ),
    ("pronoun_victim_died", "She was pronounced dead at a nearby hospital.", "killed", 1, "She"),
    ("pronoun_victim_shot", "He was shot twice in the back.", "injured", 1, "He"),
    (
        "found_suffering_from_wounds",
        "Officers found a teenager suffering from gunshot wounds.",
        "injured",
        1,
        "a teenager",
    ),
    (
        "kin_noun_object",
        "A toddler shot his aunt with a pistol left on the couch.",
        "injured",
        1,
        "his aunt",
    ),
    (
        "who_was_shot_then_pronounced_dead",
        "The 14-year-old cousin who was shot was pronounced dead in surgery.",
        "killed",
        1,
        "The 14-year-old cousin",
    ),
    (
        "shot_and_pronounced_dead",
        "The driver was shot in the neck and pronounced dead at a hospital.",
        "killed",
        1,
        "The driver",
    ),
    (
        "neither_nor_was_injured",
        "Neither the cashier nor the customer was injured.",
        "injured",
        0,
        "Neither the cashier nor the customer",
    ),
    (
        "bare_age_object_is_a_victim",
        "Officers are looking for whoever shot a 13-year-old in the calf.",
        "injured",
        1,
        "a 13-year-old",
    ),
    (
        "bare_age_subject_died",
        "The 23-year-old died in surgery three days later.",
        "killed",
        1,
        "The 23-year-old",
    ),
    (
        "bullet_struck_object",
        "A stray round pierced the siding and struck the girl in her wrist.",
        "injured",
        1,
        "the girl",
    ),
    (
        "shot_himself_is_injured",
        "Investigators said he accidentally shot himself in the foot while cleaning the rifle.",
        "injured",
        1,
        "himself",
    ),
    (
        "fatally_shot_herself_is_killed",
        "Deputies believe the woman fatally shot herself.",
        "killed",
        1,
        "herself",
    ),
    (
        "subject_was_not_injured_is_zero",
        "Both passengers were not injured in the crash that followed.",
        "injured",
        0,
        "Both passengers",
    ),
    (
        "killing_named_object",
        "The gunman fired twice, killing Rosa Field, 52, and Omar Tate, 49, in the lobby.",
        "killed",
        2,
        "Rosa Field, 52, and Omar Tate, 49",
    ),
    (
        "injuring_named_objects",
        "He opened fire, killing one guard and injuring Mia Stone and Lou Park.",
        "injured",
        2,
        "Mia Stone and Lou Park",
    ),
    (
        "bare_another_injured",
        "Two people were killed and another injured in the crash of gunfire.",
        "injured",
        1,
        "another",
    ),
    (
        "subject_with_place_phrase",
        "A woman in the car was wounded by a stray round.",
        "injured",
        1,
        "A woman",
    ),
    (
        "recovering_is_hurt_and_alive",
        "A Belmont woman is recovering in the hospital after a hunting mishap.",
        "injured",
        1,
        "A Belmont woman",
    ),
    (
        "remains_in_hospital_is_injured",
        "A 16-year-old boy remains in the hospital after the drive-by.",
        "injured",
        1,
        "A 16-year-old boy",
    ),
    (
        "murder_suicide_counts_both",
        "Police said he shot his estranged wife and then himself.",
        "killed",
        2,
        "his estranged wife and then himself",
    ),
    (
        "two_victims_joined_by_and",
        "A woman and a boy were injured in gunfire outside a laundromat Tuesday.",
        "injured",
        2,
        "A woman and a boy",
    ),
    (
        "two_victims_joined_by_and_killed",
        "A 52-year-old woman and her nephew were killed early Monday.",
        "killed",
        2,
        "A 52-year-old woman and her nephew",
    ),
    (
        "two_objects_of_one_shooting",
        "Deputies said a 45-year-old man shot his girlfriend and her father on Friday.",
        "injured",
        2,
        "his girlfriend and her father",
    ),
    (
        "in_addition_to_one_victim_another",
        "In addition to the driver, a 15-year-old boy was wounded as he sat in the back seat.",
        "injured",
        2,
        "the driver, a 15-year-old boy",
    ),
    (
        "a_shooting_that_sent_a_victim_to_hospital",
        "Troopers are looking into a shooting that sent a teenager to the hospital.",
        "injured",
        1,
        "a teenager",
    ),
    (
        "left_a_named_victim_with_injuries",
        "A mishap with a pistol left Tamsin with severe injuries to her hand.",
        "injured",
        1,
        "Tamsin",
    ),
    (
        "both_as_the_objects_of_one_bullet",
        "The rifle discharged, and a single shot hit both Ruiz and the four-year-old in the arm.",
        "injured",
        2,
        "both Ruiz and the four-year-old",
    ),
    (
        "both_of_her_kin",
        "Detectives say Harlow shot both of her brothers and then fled in a van.",
        "injured",
        2,
        "both of her brothers",
    ),
    (
        "hitting_both_people",
        "Two rounds were fired, hitting both men.",
        "injured",
        2,
        "both men",
    ),
    (
        "both_victims_taken_to_a_hospital_and_treated",
        "Both victims were transported to the county hospital and released.",
        "injured",
        2,
        "Both victims",
    ),
    (
        "accused_of_shooting_two",
        "Three teens are charged with shooting a 10-year-old and his 41-year-old mother.",
        "injured",
        2,
        "a 10-year-old and his 41-year-old mother",
    ),
    (
        "both_says_two",
        "Both Okafor and the driver suffered minor injuries.",
        "injured",
        2,
        "Both Okafor and the driver",
    ),
    (
        "both_with_wounds_that_were_fatal",
        "The coroner said both Varga and Celestine suffered wounds that were the cause of death.",
        "killed",
        2,
        "both Varga and Celestine",
    ),
    (
        "counted_and_single_victims_add_up",
        "Two men and a woman were wounded during the argument.",
        "injured",
        3,
        "Two men and a woman",
    ),
    (
        "a_pronoun_and_counted_others_add_up",
        "She and three other people are in grave condition.",
        "injured",
        4,
        "She and three other people",
    ),
    (
        "an_age_in_words_names_a_victim",
        "A seven-year-old was hurt in the crossfire.",
        "injured",
        1,
        "A seven-year-old",
    ),
    (
        "passed_away_is_a_death",
        "She was flown to a trauma unit, where she passed away.",
        "killed",
        1,
        "she",
    ),
    (
        "ordinal_victim_counts_up_to_it",
        "Officials now say a 6th student was injured in the cafeteria shooting.",
        "injured",
        6,
        "a 6th student",
    ),
    (
        "ordinal_in_words_with_a_relative_clause",
        "A fourth victim who was grazed by a bullet turned up later at a clinic.",
        "injured",
        4,
        "A fourth victim",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "category", "value", "text"), [w[1:] for w in WORDED], ids=[w[0] for w in WORDED]
)
def test_worded_casualty(sentence: str, category: str, value: int, text: str) -> None:
    found = [(c.category, c.value, c.text) for c in implicit_casualties(sentence)]
    assert (category, value, text) in found
    for c in implicit_casualties(sentence):
        assert sentence[c.start : c.end] == c.text


NOT_CASUALTIES = [
    ("speaker_is_not_a_victim", "A man said he heard several loud bangs."),
    ("left_without_harm", "The crash left Smith Road closed for hours."),
    ("witness_describes", "The woman told reporters the street was quiet."),
]


@pytest.mark.parametrize(
    "sentence", [n[1] for n in NOT_CASUALTIES], ids=[n[0] for n in NOT_CASUALTIES]
)
def test_no_casualty_without_a_casualty_verb(sentence: str) -> None:
    assert implicit_casualties(sentence) == []


# Near-misses: each has the shape of a rule above (named in the id) without the harm it reads.
# (behaviour, sentence, every (category, value) the sentence must give)
NEAR_MISSES = [
    (
        "murder_suicide_without_himself",
        "He shot his wife and then called police.",
        [("injured", 1)],
    ),
    ("murder_suicide_turning_himself_in", "He told his brother he would turn himself in.", []),
    (
        "murder_suicide_killed_time_then_surrendered",
        "The suspect killed time at a bar and then turned himself in.",
        [],
    ),
    (
        "in_addition_to_without_a_harm_verb",
        "In addition to the boy, police spoke to an 8-year-old girl.",
        [],
    ),
    ("both_without_a_harm_verb", "Both Okafor and the driver told police they heard shots.", []),
    ("ordinal_victim_arrested", "A second man was arrested later that night.", []),
    ("counted_and_single_arrested", "Two men and a woman were arrested at the scene.", []),
    (
        "death_of_one_who_survived",
        "He is charged in the attempted killing of a man who survived.",
        [],
    ),
    (
        "active_pair_shot_at_and_missed",
        "The deputy shot at his cousin and her father but missed.",
        [],
    ),
    ("another_arrested", "Another was arrested on Friday.", []),
    ("body_of_a_thing", "Detectives found the body of work the victim left behind.", []),
    ("pair_questioned", "Her sister and a 6-year-old girl were questioned by police.", []),
    ("relative_clause_then_left", "A man who was questioned Friday has left town.", []),
    ("clause_subject_not_charged", "The other three passengers were not charged.", []),
    ("rounds_missing_both", "Two rounds were fired, missing both men.", []),
    ("pronoun_and_others_waiting", "She and three other people are in the waiting room.", []),
    ("ordinal_questioned", "Officials now say a 6th student was questioned.", []),
    ("found_hiding", "Deputies found a clerk hiding in a closet.", []),
    ("sent_to_jail", "The shooting sent a teenager to jail.", []),
]


@pytest.mark.parametrize(
    ("sentence", "expected"), [n[1:] for n in NEAR_MISSES], ids=[n[0] for n in NEAR_MISSES]
)
def test_a_sentence_shaped_like_a_rule_counts_only_the_harm_it_states(
    sentence: str, expected: list[tuple[str, int]]
) -> None:
    assert [(c.category, c.value) for c in implicit_casualties(sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Nobody was seriously injured in the fire.",
        "Those two children were not seriously hurt.",
        "No one was critically wounded.",
    ],
)
def test_a_degree_of_harm_denied_is_not_zero_hurt(sentence: str) -> None:
    # "not seriously hurt" says someone was hurt, only not badly
    assert [c for c in implicit_casualties(sentence) if c.value == 0] == []


# (behaviour, article, category, expected tallied value)
TALLIES = [
    (
        "the_one_who_fired_is_not_hurt",
        "Deputies believe one cousin accidentally shot the other.",
        "injured",
        None,
    ),
    (
        "firing_a_gun_hurts_no_one",
        "She was one of four people on the porch when she shot a rifle into the air.",
        "injured",
        None,
    ),
    (
        "a_recovering_victim_is_not_the_dead",
        "A woman was shot dead. A 12-year-old girl is on the road to recovery, a week after she "
        "was hurt in the attack.",
        "injured",
        1,
    ),
    (
        "single_victims_named_by_different_nouns_add_up",
        "Deputies say the aunt was shot in the arm, while the teenager was shot in the back.",
        "injured",
        2,
    ),
    ("a_verb_before_its_object_number", "Reno Blast Kills Two, Injures Five", "killed", 2),
    (
        "doors_are_not_victims",
        "A girl was shot in the foot only three doors down from the library.",
        "injured",
        1,
    ),
    (
        "a_partitive_of_the_accused_is_not_the_dead",
        "A boy was killed. Two of the five teens charged in his death pleaded guilty.",
        "killed",
        1,
    ),
    (
        "the_shooters_counted_are_not_the_dead",
        "A woman was shot and killed when three gunmen fired on the bus stop.",
        "killed",
        1,
    ),
    (
        "including_gives_the_cue_to_the_included_part",
        "Four were caught up in the gunfire, including one dead, in Maple Heights.",
        "killed",
        1,
    ),
    (
        "shooting_a_number_of_people_wounds_them",
        "A woman is charged with shooting six neighbours, deputies said.",
        "injured",
        6,
    ),
    ("a_parents_children_are_not_the_dead", "Mother of 4 killed in robbery", "killed", None),
    (
        "the_dead_shooter_adds_to_his_victims",
        "3 deputies, gunman dead in jail standoff",
        "killed",
        4,
    ),
    (
        "the_accused_are_not_the_dead",
        "Two of the five teens accused in the killing of a 12-year-old boy entered pleas.",
        "killed",
        1,
    ),
    (
        "the_shooters_are_not_the_dead",
        "Three deputies who shot and killed a driver went back on patrol Monday.",
        "killed",
        1,
    ),
    (
        "the_people_quoted_are_not_the_dead",
        "He died at a trauma center, according to three of his cousins.",
        "killed",
        1,
    ),
    (
        "wounded_others_add_up",
        "A man was shot in the neck, and two women were also wounded.",
        "injured",
        3,
    ),
    (
        "a_partitive_restates_rather_than_adds",
        "Four people were shot Sunday, two of them critically.",
        "injured",
        4,
    ),
    (
        "weekend_round_up_is_not_the_incident",
        "A man was shot and killed Sunday on Elm Street. Police said 27 people were wounded in "
        "weekend shootings across the city.",
        "injured",
        None,
    ),
    (
        "largest_lead_count_wins",
        "A man was shot and killed Sunday. Police said four people are dead and two are injured.",
        "killed",
        4,
    ),
    (
        "numeric_others_wounded",
        "A teen was killed and four others were wounded in gunfire on Cedar Avenue.",
        "injured",
        4,
    ),
    (
        "zero_injured_when_no_one_hurt",
        "A man was shot and killed in his driveway. No one else was hurt.",
        "injured",
        0,
    ),
    (
        "attempted_murder_kills_no_one",
        "He faces three counts of attempted murder. No one was killed.",
        "killed",
        0,
    ),
    (
        "dateline_year_is_not_another_incident",
        "Three people shot at party Posted: March 2, 2015. Deputies are investigating.",
        "injured",
        3,
    ),
    (
        "shot_count_includes_the_dead",
        "Five people were shot late Saturday, one fatally, outside a lounge.",
        "injured",
        4,
    ),
    (
        "shot_count_minus_worded_dead",
        "Police said three people were shot on Oak Street. A man died at the scene.",
        "injured",
        2,
    ),
    (
        "one_shot_who_died_is_not_injured",
        "A man was shot several times on the porch. He was pronounced dead at the scene.",
        "injured",
        0,
    ),
    (
        "others_shot_are_besides_the_dead",
        "A woman was killed and two others were shot at the party.",
        "injured",
        2,
    ),
    (
        "limb_wound_survivor_still_injured",
        "A man was shot and killed at the bar. A woman was shot in the leg.",
        "injured",
        1,
    ),
    (
        "adverb_is_not_the_counted_noun",
        "Two men were shot, one fatally, in the parking lot.",
        "killed",
        1,
    ),
    (
        "earlier_incident_is_not_this_toll",
        "Two men were shot dead Friday. In 2009 a shooting at the same club killed 13.",
        "killed",
        2,
    ),
    (
        "dead_then_wounded_conjunct_is_injured",
        "The ambush left one woman dead and two other students wounded, deputies said.",
        "injured",
        2,
    ),
    (
        "dead_then_wounded_conjunct_killed_is_one",
        "The ambush left one woman dead and two other students wounded, deputies said.",
        "killed",
        1,
    ),
    (
        "wounding_then_killing_conjuncts",
        "Two gunmen fired into the yard, wounding three women and killing another.",
        "injured",
        3,
    ),
    (
        "gallery_caption_is_not_a_count",
        "Image 14 of 20 Two men were wounded in the shooting on Pine Street.",
        "injured",
        2,
    ),
    (
        "apposition_age_is_not_a_count",
        "Medics pronounced one man, 34, dead at the scene, police said.",
        "killed",
        1,
    ),
    (
        "shots_heard_are_not_the_dead",
        "Neighbours said five shots rang out before a man was shot and killed.",
        "killed",
        1,
    ),
    (
        "ages_after_who_were_are_not_counts",
        "The shooting sent four teens, two who were 18 and two who were 16, to the hospital.",
        "injured",
        4,
    ),
    (
        "press_release_date_is_not_a_count",
        "The woman was rushed to a clinic, where she was pronounced dead. Cpl. Ortiz 3-9-17",
        "killed",
        1,
    ),
    (
        "complaints_are_not_victims",
        "A man was shot and killed Sunday. The suspect faces one complaint of murder and two complaints of assault with a weapon.",
        "killed",
        1,
    ),
    (
        "victims_were_struck_are_injured",
        "Three victims were struck by gunfire outside the store, police said.",
        "injured",
        3,
    ),
    (
        "possessive_limb_wound_is_a_survivor",
        "A man was shot and killed at the bar. A bullet struck a woman in her leg.",
        "injured",
        1,
    ),
    (
        "named_list_shot_includes_the_dead",
        "Ana Ruiz, 31, Tom Bell, 19, and Joe Lutz, 40, were shot outside a bar. Three people died.",
        "injured",
        0,
    ),
    (
        "numbered_uninjured_are_not_injured",
        "A man was shot and killed in the kitchen. His two children were not injured.",
        "injured",
        0,
    ),
    (
        "dead_and_others_in_the_hospital",
        "The gunfire left one man dead and two others in the hospital, police said.",
        "injured",
        2,
    ),
    (
        "died_and_others_in_critical_condition",
        "One woman has died and three men are in critical condition after the shooting.",
        "killed",
        1,
    ),
    (
        "age_range_is_not_a_count",
        "Two others, ranging in age from 18 to 24, were wounded in the shooting.",
        "injured",
        2,
    ),
    (
        # a round-up's counts stay figures of the answer, but none is one incident's toll
        "separate_incidents_give_no_single_toll",
        "Five people were shot and one man was stabbed to death in two separate incidents overnight.",
        "killed",
        None,
    ),
    (
        "station_name_is_not_a_count",
        "A neighbour told NBC 5 News that two men were killed in the driveway.",
        "killed",
        2,
    ),
    (
        "month_year_dates_another_incident",
        "A man was shot and killed Friday. His brother was murdered outside the same bar in June 2011.",
        "killed",
        1,
    ),
    (
        "negated_cue_is_not_a_count",
        "A clerk was shot in the arm. Four shoppers who weren't injured ran out the back door.",
        "injured",
        1,
    ),
    (
        "one_of_the_wounded_died_is_not_all_injured",
        "One of five men wounded at the party has died. Officers found four injured men in the yard.",
        "injured",
        4,
    ),
    (
        "pronoun_beside_a_death_is_the_same_victim",
        "A teenager was killed Sunday when he was hit by a round his friend fired.",
        "injured",
        None,
    ),
    (
        "an_ordinal_victim_counts_the_dead_before_it",
        "A woman was shot and killed Tuesday. Investigators found a second woman was hurt "
        "in the attack.",
        "injured",
        1,
    ),
    (
        "nobody_died_so_everyone_shot_is_wounded",
        "Three people were shot late Friday on South Grand Avenue. He says she was shot in "
        "the arm.",
        "injured",
        3,
    ),
    (
        "a_slaying_the_shooting_may_avenge_is_another_incident",
        "A 3-year-old boy was wounded Monday. Detectives are asking whether it was payback "
        "for the slaying of a woman Sunday.",
        "killed",
        None,
    ),
    (
        "people_at_a_fight_are_not_its_wounded",
        "Two men and a woman were wounded when shots rang out during a brawl involving "
        "more than 40 people.",
        "injured",
        3,
    ),
    (
        "he_and_others_shot_include_the_dead",
        "A woman died Friday morning after she and three others were shot outside a bakery.",
        "injured",
        3,
    ),
    (
        "a_round_up_of_several_shootings_is_not_the_toll",
        "Three people were killed and five others were hurt in four separate shootings late "
        "Saturday. Around 11 p.m., officers said two people were hurt in a shooting on 14th Street.",
        "injured",
        2,
    ),
    (
        "a_first_report_the_sentence_corrects_is_not_the_toll",
        "A rampage left six people injured. Officers first said that nine people were shot, "
        "then revised that number to six.",
        "injured",
        6,
    ),
    (
        "all_the_victims_take_in_the_dead",
        "The attack left one person dead and two others in the hospital. All three victims "
        "were taken to the hospital.",
        "injured",
        2,
    ),
    (
        "victims_shot_may_include_the_dead",
        "Officers say five victims were shot by two gunmen. One died at the scene. Four others "
        "were hospitalized.",
        "injured",
        4,
    ),
    (
        "survivors_of_those_shot_outnumber_a_lone_victim",
        "One woman died after five people were shot Tuesday night. Deputies say the man was "
        "also shot at the Linwood address.",
        "injured",
        4,
    ),
    (
        "gunshots_heard_are_not_the_dead",
        "We heard thousands of gunshots, a neighbour said.",
        "killed",
        None,
    ),
    (
        "what_should_have_happened_did_not",
        "There could have been nine people dead that night.",
        "killed",
        None,
    ),
    (
        "recent_attacks_elsewhere_are_other_incidents",
        "A deputy was shot in the wrist. The ambush comes after recent sniper attacks "
        "on deputies in Reno, where two officers died.",
        "killed",
        None,
    ),
    (
        "the_wounded_less_those_of_them_who_died",
        "1 of 3 workers wounded has died. Deputies found two men dead in a warehouse office, "
        "as well as three injured workers.",
        "injured",
        2,
    ),
    (
        "things_named_a_word_on_are_not_victims",
        "Detectives are looking into a deadly robbery that spans three crime scenes.",
        "killed",
        None,
    ),
    (
        "statistics_are_no_toll",
        "Unsecured guns kill hundreds of teens each year. A 9-year-old girl was shot and "
        "killed Monday.",
        "killed",
        1,
    ),
    (
        "a_season_ago_is_another_incident",
        "A woman was shot and killed Tuesday. Last spring, two men were killed on the same block.",
        "killed",
        1,
    ),
    (
        "a_timeline_entry_is_another_incident",
        "1987: A clerk named Hollis Grant is shot to death outside a pharmacy.",
        "killed",
        None,
    ),
    # second examples of the exclusions above
    (
        "what_would_have_happened_did_not",
        "It would have been a dozen people dead if the bus had stopped.",
        "killed",
        None,
    ),
    (
        "what_might_have_happened_did_not",
        "There might've been 20 children dead, the principal said.",
        "killed",
        None,
    ),
    (
        "a_first_report_the_sentence_corrects_is_not_the_toll_either",
        "A gunman wounded three people. Deputies initially reported that five people were shot, "
        "but corrected the count to three.",
        "injured",
        3,
    ),
    (
        "people_attending_are_not_its_wounded",
        "Two men were wounded during a party attended by 150 people.",
        "injured",
        2,
    ),
    (
        "all_the_victims_take_in_the_dead_too",
        "One man died and three women were wounded. All four victims were taken to a hospital.",
        "injured",
        3,
    ),
    (
        "another_season_ago_is_another_incident",
        "A woman was shot and killed Tuesday. Last winter, four people were killed in the same "
        "building.",
        "killed",
        1,
    ),
    (
        "another_timeline_entry_is_another_incident",
        "2004: Three clerks are shot dead in a robbery on Main Street.",
        "killed",
        None,
    ),
    # near-misses of the exclusions above: the same words, but this incident's own toll
    (
        "near_miss_one_shooting_is_no_round_up",
        "Three people were hurt in a shooting on 14th Street late Saturday.",
        "injured",
        3,
    ),
    (
        "near_miss_could_have_been_after_the_count",
        "Nine people were hurt that night, and it could have been worse.",
        "injured",
        9,
    ),
    (
        "near_miss_there_were_is_no_counterfactual",
        "There were ten people dead on that bus.",
        "killed",
        10,
    ),
    (
        "near_miss_those_present_who_were_hurt",
        "More than 40 people were hurt when a brawl broke out at the fair.",
        "injured",
        40,
    ),
    (
        "near_miss_a_day_is_no_statistic",
        "Unsecured guns hurt nine teens on Monday, police said.",
        "injured",
        9,
    ),
    (
        "near_miss_late_on_a_day_is_no_season_ago",
        "Late on Sunday, two men were killed on the same block.",
        "killed",
        2,
    ),
    (
        "near_miss_officers_who_were_killed_are_the_dead",
        "Three deputies were shot and killed on Monday.",
        "killed",
        3,
    ),
    (
        "near_miss_kin_who_were_hurt_are_the_hurt",
        "Three of his cousins were hurt, according to police.",
        "injured",
        3,
    ),
    (
        "near_miss_a_first_report_nobody_corrects",
        "Officers said that nine people were shot; the names were released Monday.",
        "injured",
        9,
    ),
    (
        "shot_and_killed_is_one_predicate",
        "Deputies said four people were shot and killed inside the duplex.",
        "killed",
        4,
    ),
    (
        "the_ledes_toll_before_a_larger_later_count",
        "Shelling killed 14 people in the market town of Kafr Batna on Sunday, medics said. "
        "A monitoring group put the toll at 19.",
        "killed",
        14,
    ),
    (
        "the_ledes_toll_before_a_running_total",
        "At least 9 civilians were killed in air raids on the city on Tuesday. "
        "Rescuers said 23 people had been killed there since Friday.",
        "killed",
        9,
    ),
    (
        "near_miss_one_victim_first_is_one_of_the_toll",
        "A teenager was killed in the shooting on Grove Street. "
        "Police said 3 people were killed in all.",
        "killed",
        3,
    ),
    (
        "a_day_month_year_dateline_opens_the_lede",
        "Tuesday 4 May 2021 Rocket fire kills 7 people in the port district. "
        "Rescuers said 2 of them were children.",
        "killed",
        7,
    ),
    (
        "a_dateline_glued_to_the_headline_is_not_another_period",
        "3 February 2019 Air raid kills 12 civilians in village market. "
        "Medics said 30 people were hurt.",
        "killed",
        12,
    ),
    (
        "near_miss_a_month_and_year_alone_dates_another_period",
        "Photos from March 2011 show 40 people killed at the square. "
        "Gunfire killed 5 protesters there on Friday.",
        "killed",
        5,
    ),
    (
        "a_number_before_its_own_participle_is_not_the_verbs_object",
        "Driver killed 3 injured in mortar strike on ferry landing",
        "injured",
        3,
    ),
    (
        "a_number_and_noun_before_their_own_participle",
        "Woman killed 6 people hurt in shelling of the old quarter",
        "injured",
        6,
    ),
    (
        "near_miss_a_participle_with_its_own_object_is_a_verb_of_the_clause",
        "Shelling killed 3 people injured 5 others in the town",
        "killed",
        3,
    ),
    (
        "the_verb_after_an_included_part_is_the_whole_subjects",
        "At least 14 civilians including three women were killed in shelling on the town.",
        "killed",
        14,
    ),
    (
        "the_whole_subject_before_a_perfect_passive",
        "Nine people including a child have been killed in the raid, medics said.",
        "killed",
        9,
    ),
    (
        "near_miss_a_cue_right_after_the_included_part_is_the_parts",
        "Six were caught in the crossfire at the depot, including two dead.",
        "killed",
        2,
    ),
    (
        "a_large_toll_given_at_least_is_credible_without_a_noun",
        "More than 90 killed in strikes on northern town. "
        "A monitor said 7 people died in a nearby village.",
        "killed",
        90,
    ),
    (
        "a_large_toll_given_as_some_is_credible_without_a_noun",
        "Some 75 killed as floodwaters sweep through the valley. "
        "Officials said 3 people died overnight.",
        "killed",
        75,
    ),
    (
        "near_miss_a_bare_large_number_beside_a_kill_verb_is_a_road",
        "The crash on 120 killed 2 men, troopers said.",
        "killed",
        2,
    ),
    (
        "combatants_are_people_counted",
        "Army says 120 terrorists killed in desert offensive. Five soldiers died in the fighting.",
        "killed",
        120,
    ),
    (
        "worshippers_are_people_counted",
        "Shelling killed 64 worshippers at the mosque on Friday. Three guards were also killed.",
        "killed",
        64,
    ),
    (
        "near_miss_a_large_count_of_things_is_not_the_toll",
        "Insurgents fired 150 rockets that killed 3 people, police said.",
        "killed",
        3,
    ),
    (
        "a_count_among_a_larger_one_is_a_part_of_the_toll",
        "Eight children were among at least 31 people killed in the village, a monitor said.",
        "killed",
        31,
    ),
    (
        "a_count_among_the_dead_named_later_is_a_part",
        "Four nurses were also among the dead. Rescuers said 19 people were killed in the raid.",
        "killed",
        19,
    ),
    (
        "a_headline_part_among_a_larger_count",
        "3 children among 15 killed in raid on market town",
        "killed",
        15,
    ),
    (
        "a_headline_part_among_a_qualified_count",
        "2 medics among at least 20 dead after strike on clinic",
        "killed",
        20,
    ),
    (
        "they_were_among_a_larger_count_makes_the_count_before_a_part",
        "Strikes on the clinic left 6 people dead. They were among 27 people killed across the "
        "province on Monday, a monitor said.",
        "killed",
        27,
    ),
    (
        "those_were_among_a_larger_count_makes_the_count_before_a_part",
        "Two brothers died when the shell hit their home. Those were among at least 11 people "
        "killed in the town.",
        "killed",
        11,
    ),
    (
        "near_miss_a_count_before_an_unrelated_sentence_stays_the_toll",
        "Strikes on the clinic left 6 people dead. They were taken to a village cemetery, "
        "where 40 mourners gathered.",
        "killed",
        6,
    ),
    (
        "near_miss_among_a_crowd_is_no_part_of_a_count",
        "5 killed among crowds at the festival, police said",
        "killed",
        5,
    ),
    (
        "near_miss_a_part_alone_is_still_the_count_given",
        "Three students were among the dead, the college said.",
        "killed",
        3,
    ),
    (
        "a_count_looking_back_a_day_is_an_earlier_incident",
        "A man was killed by sniper fire in the old city on Friday. The shooting came a day "
        "after 12 people died in an air raid on the market.",
        "killed",
        1,
    ),
    (
        "a_dated_attack_named_as_such_is_an_earlier_incident",
        "A rocket killed one person near the port on Sunday. It was the second attack on the port "
        "after at least 9 people were killed in a March 3 bombing.",
        "killed",
        1,
    ),
    (
        "a_dashed_aside_naming_a_part_does_not_end_the_clause",
        "Fighting in the hill villages left 17 villagers - including four women - dead, a "
        "monitor said.",
        "killed",
        17,
    ),
    (
        "a_dashed_aside_with_em_dashes_does_not_end_the_clause",
        "Two days of raids have left 41 people — most of them women — dead in the valley.",
        "killed",
        41,
    ),
    (
        "near_miss_a_dashed_clause_of_its_own_still_ends_the_clause",
        "Rescuers pulled 5 people out alive - 2 others were dead - from the rubble.",
        "killed",
        2,
    ),
    (
        "near_miss_a_lede_looking_back_is_still_the_toll",
        "Nine civilians were killed in shelling on the town last week, a monitor said on Monday. "
        "A child was hurt.",
        "killed",
        9,
    ),
]


@pytest.mark.parametrize(
    ("article", "category", "value"), [t[1:] for t in TALLIES], ids=[t[0] for t in TALLIES]
)
def test_document_tally(article: str, category: str, value: int | None) -> None:
    doc = extract_document(article)
    tallied = [f for f in doc.figures if f.category == category and f.salience >= TALLY_SALIENCE]
    assert [f.value for f in tallied] == ([] if value is None else [value])
    for f in doc.figures:
        assert article[f.start : f.end] == f.text


def test_victims_without_a_verb_are_not_dead() -> None:
    doc = extract_document("Officers found four victims at the scene.")
    assert not [f for f in doc.figures if f.category == "killed"]


# (behaviour, headline, article, category, expected tallied values)
TITLED = [
    (
        "headline_death_makes_lone_shot_victim_killed",
        "Boy, 6, killed in accidental shooting",
        "Deputies said a cousin shot the boy with a rifle kept in a closet.",
        "killed",
        [1],
    ),
    (
        "headline_death_leaves_no_injured",
        "Boy, 6, killed in accidental shooting",
        "Deputies said a cousin shot the boy with a rifle kept in a closet.",
        "injured",
        [0],  # the one shot is the one who died: no one else was hurt
    ),
    (
        "headline_without_death_keeps_shot_victim_injured",
        "Boy, 6, hurt in accidental shooting",
        "Deputies said a cousin shot the boy with a rifle kept in a closet.",
        "injured",
        [1],
    ),
    (
        "brain_dead_headline_is_not_a_death",
        "Teen who shot himself is brain dead, family says",
        "Police said the teen accidentally shot himself at a friend's home.",
        "killed",
        [],
    ),
    (
        "headline_death_does_not_relabel_a_survivor",
        "Man killed, woman hurt in shooting",
        "A man was shot and killed on the porch. A woman was shot in the leg.",
        "injured",
        [1],
    ),
]


@pytest.mark.parametrize(
    ("title", "article", "category", "values"), [t[1:] for t in TITLED], ids=[t[0] for t in TITLED]
)
def test_headline_tally(title: str, article: str, category: str, values: list[int]) -> None:
    doc = extract_document(article, title)
    tallied = [f for f in doc.figures if f.category == category and f.salience >= TALLY_SALIENCE]
    assert [f.value for f in tallied] == values


# (behaviour, headline, category, value, victim phrase): headlines drop articles and auxiliaries.
HEADLINES = [
    (
        "second_clause_after_comma",
        "Driver Killed, Passenger Critical After Shooting",
        "injured",
        1,
        "Passenger",
    ),
    (
        "comma_list_of_victims",
        "Sheriff identifies mother, daughter killed in shooting",
        "killed",
        2,
        "mother, daughter",
    ),
    ("shot_comma_killed", "Teen shot, killed by permit holder during robbery", "killed", 1, "Teen"),
    ("stable_after", "Girl stable after backyard shooting", "injured", 1, "Girl"),
    (
        "critical_condition_after",
        "Woman in critical condition after drive-by",
        "injured",
        1,
        "Woman",
    ),
    ("shoots_himself", "Hunter accidentally shoots himself in Ocala", "injured", 1, "himself"),
    (
        "victim_killed",
        "Ft. Wayne man killed, 2 wounded in gunfire",
        "killed",
        1,
        "Ft. Wayne man",
    ),
    (
        "age_apposition_hurt",
        "Dayton girl, 9, hospitalized after shooting",
        "injured",
        1,
        "Dayton girl, 9",
    ),
    (
        "reporter_prefix",
        "Mesa police: Girl, 5, wounded in accidental shooting",
        "injured",
        1,
        "Girl, 5",
    ),
    (
        "age_noun_dies",
        "6-month-old dies after uncle's rifle discharges",
        "killed",
        1,
        "6-month-old",
    ),
    ("title_case_shot_dead", "Man Shot Dead In Parking Lot", "killed", 1, "Man"),
    ("present_tense_object", "Teen accidentally shoots dad in driveway", "injured", 1, "dad"),
    (
        "two_victims_of_one_verb",
        "Woman and boy shot inside apartment",
        "injured",
        2,
        "Woman and boy",
    ),
    (
        "victims_listed_with_a_count",
        "Woman, 2 boys shot in north Tulsa",
        "injured",
        3,
        "Woman, 2 boys",
    ),
    (
        "victims_who_walk_into_a_hospital",
        "Teen, woman walk into Albany hospital with gunshot wounds",
        "injured",
        2,
        "Teen, woman",
    ),
    (
        "parents_are_two",
        "Parents, 3 children dead in murder-suicide",
        "killed",
        5,
        "Parents, 3 children",
    ),
    (
        "a_victim_and_counted_others",
        "Toddler, 3 others sent to hospital after shooting",
        "injured",
        4,
        "Toddler, 3 others",
    ),
    (
        "an_age_apposition_does_not_divide_the_list",
        "Girl, 4, woman in critical condition after shooting",
        "injured",
        2,
        "Girl, 4, woman",
    ),
    (
        "two_victims_shot_to_death",
        "15-Year-Old Boy, Woman Shot to Death in Van",
        "killed",
        2,
        "15-Year-Old Boy, Woman",
    ),
    (
        "active_verb_with_two_objects",
        "Deputies Say Man Shot His Brother & Niece",
        "injured",
        2,
        "His Brother & Niece",
    ),
    (
        "suffers_wound",
        "Greenfield Woman Suffers Gunshot Wound In Hunting Accident",
        "injured",
        1,
        "Greenfield Woman",
    ),
]


@pytest.mark.parametrize(
    ("headline", "category", "value", "text"),
    [h[1:] for h in HEADLINES],
    ids=[h[0] for h in HEADLINES],
)
def test_headline_casualty(headline: str, category: str, value: int, text: str) -> None:
    found = [(c.category, c.value, c.text) for c in implicit_casualties(headline, headline=True)]
    assert (category, value, text) in found


@pytest.mark.parametrize(
    "headline",
    [
        "Teens shot near park",
        "Police name three killed in Abilene shooting",
        "Mayor says crime is down",
    ],
)
def test_headline_without_a_single_victim_counts_nothing_in_words(headline: str) -> None:
    assert implicit_casualties(headline, headline=True) == []


@pytest.mark.parametrize(
    "headline",
    [
        "3 deputies, gunman at large after jail standoff",
        "Girl, 4, woman honored after rescue",
        "Parents, 3 children attend vigil for victims",
        "Driver Praised, Passenger Thanked After Rescue",
        "Woman, 2 boys rescued from flooded car",
        "Teen accidentally locks dad in garage",
        "Mesa police: Girl, 5, found safe after search",
    ],
)
def test_a_headline_shaped_like_a_casualty_one_without_harm_counts_nothing(headline: str) -> None:
    assert implicit_casualties(headline, headline=True) == []


def test_headline_grammar_is_not_read_in_the_body() -> None:
    # In running text "the officer shot Tuesday" has no auxiliary: nobody is said to be hurt.
    assert implicit_casualties("He said the officer shot Tuesday was a friend.") == []


# (behaviour, headline, body, category, tallied values): through ingest's headline handling.
HEADLINED_ARTICLES = [
    (
        "numeric_headline_gives_both_counts_killed",
        "One dead, 3 wounded in late-night shootout",
        "Deputies were called to the tavern shortly after 1 a.m. The inquiry continues.",
        "killed",
        [1],
    ),
    (
        "numeric_headline_gives_both_counts_injured",
        "One dead, 3 wounded in late-night shootout",
        "Deputies were called to the tavern shortly after 1 a.m. The inquiry continues.",
        "injured",
        [3],
    ),
    (
        "worded_headline_victim",
        "15-year-old girl shot in shoulder in Modesto",
        "Officers said the gunfire broke out near a school on Monday night.",
        "injured",
        [1],
    ),
    (
        "present_tense_headline_object",
        "Teen accidentally shoots dad in garage",
        "He was driven to a clinic for treatment.",
        "injured",
        [1],
    ),
    (
        "present_tense_headline_verb",
        "Late-night shooting wounds three",
        "Police are looking for a gray sedan seen leaving the block.",
        "injured",
        [3],
    ),
]


@pytest.mark.parametrize(
    ("title", "body", "category", "values"),
    [a[1:] for a in HEADLINED_ARTICLES],
    ids=[a[0] for a in HEADLINED_ARTICLES],
)
def test_headline_counts_reach_the_tally(
    title: str, body: str, category: str, values: list[int]
) -> None:
    prepared = prepare(RawArticle(id="story", text=body, origin="t", title=title))
    # read before the body, and kept apart from it
    assert prepared.read_text == f"{title}\n\n{body}" and prepared.body_start == len(title) + 2
    doc = prepared.extracted
    tallied = [f for f in doc.figures if f.category == category and f.salience >= TALLY_SALIENCE]
    assert [f.value for f in tallied] == values


def test_a_body_that_opens_with_its_headline_is_not_given_it_twice() -> None:
    text = "Man shot on Elm Street\n\nA man was shot in the leg, police said."
    prepared = prepare(RawArticle(id="s", text=text, origin="t", title="Man shot on Elm Street"))
    assert prepared.read_text == text and prepared.body_start == 0


def _readings(sentence: str) -> list[tuple[str, str, float | None]]:
    """(text, category, value) of each killed or injured figure of one sentence."""
    return [
        (f.text, f.category, f.value)
        for f in extract_document(sentence).figures
        if f.category in ("killed", "injured")
    ]


# A cue before a comma belongs to the toll before it: "Man killed, two others hurt" lists two.
# (behaviour, sentence, (text, category, value) it must read)
COMMA_LISTED_TOLLS = [
    (
        "killed_then_hurt",
        "Clerk killed, two other workers hurt in gas station holdup",
        ("two", "injured", 2.0),
    ),
    (
        "dead_then_wounded",
        "One driver dead, three passengers wounded after gunfire on the interstate.",
        ("three", "injured", 3.0),
    ),
    (
        "near_miss_a_part_of_the_dead_stays_dead",
        "Four people were killed Saturday, two of them brothers.",
        ("two", "killed", 2.0),
    ),
]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [t[1:] for t in COMMA_LISTED_TOLLS],
    ids=[t[0] for t in COMMA_LISTED_TOLLS],
)
def test_a_cue_before_a_comma_belongs_to_the_toll_before_it(
    sentence: str, expected: tuple[str, str, float]
) -> None:
    assert expected in _readings(sentence)


# "lives" the noun tells of deaths ("claimed the lives of"), the verb ("who lives nearby") not.
LIVES = [
    ("who_lives_nearby", "A woman who lives nearby said two men ran toward the park.", []),
    (
        "lives_on_the_block",
        "One neighbor lives on the block and told reporters he heard shots.",
        [],
    ),
]


@pytest.mark.parametrize(
    ("sentence", "expected"), [t[1:] for t in LIVES], ids=[t[0] for t in LIVES]
)
def test_lives_the_verb_is_no_death(sentence: str, expected: list[object]) -> None:
    assert _readings(sentence) == expected


def test_lives_the_noun_is_still_a_death() -> None:
    """The near-miss: the noun after a determiner still counts the dead."""
    assert ("12", "killed", 12.0) in _readings(
        "The fire claimed the lives of 12 people in the old quarter."
    )


# A number of wounds is not a number of the wounded.
WOUNDS = [
    ("gunshot_wounds", "The driver suffered two gunshot wounds to the chest.", ("two", 2.0)),
    (
        "fatal_stab_wounds",
        "The coroner said the woman had three fatal stab wounds.",
        ("three", 3.0),
    ),
]


@pytest.mark.parametrize(
    ("sentence", "number"), [t[1:] for t in WOUNDS], ids=[t[0] for t in WOUNDS]
)
def test_a_count_of_wounds_counts_no_victims(sentence: str, number: tuple[str, float]) -> None:
    assert all(text != number[0] for text, _category, _value in _readings(sentence))


def test_victims_with_wounds_are_still_counted() -> None:
    """The near-miss: people counted with their wounds are the wounded."""
    assert ("Two", "injured", 2.0) in _readings(
        "Two others were found with gunshot wounds in the parking lot."
    )


# "One of the N people shot has died": the part that died is a death toll of its own.
ONE_OF_THEM_DIED = [
    (
        "has_died",
        "Police say one of the four people wounded at the party has died.",
        ("one", "killed", 1.0),
    ),
    (
        "headline_dies",
        "One of 6 shot outside nightclub dies of injuries",
        ("One", "killed", 1.0),
    ),
]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [t[1:] for t in ONE_OF_THEM_DIED],
    ids=[t[0] for t in ONE_OF_THEM_DIED],
)
def test_the_part_that_died_is_killed(sentence: str, expected: tuple[str, str, float]) -> None:
    assert expected in _readings(sentence)


def test_the_part_still_in_hospital_is_not_killed() -> None:
    """The near-miss: a part said to be in hospital lived."""
    readings = _readings("One of the three men shot Friday remains in critical condition.")
    assert all(category != "killed" for _text, category, _value in readings)


def _tallied(title: str, body: str) -> dict[str, float | None]:
    """The document's tallied killed and injured counts, as ingest reads a titled article."""
    text = f"{title}\n\n{body}"
    doc = extract_document(text, title)
    return {f.category: f.value for f in doc.figures if f.salience >= TALLY_SALIENCE}


# A death told in the lead of the body, not only in the headline, makes the one victim said
# only to have been "shot" the one who died.
DEATH_IN_THE_LEAD = [
    (
        "killed_without_auxiliary",
        "Man shot in field near farm",
        "A hunter killed Sunday morning was identified Monday by the sheriff. "
        "The hunter was shot near a tree line, deputies said.",
    ),
    (
        "death_investigation",
        "Woman shoots herself at gun shop",
        "A death investigation is under way after a woman shot herself at a gun shop, police said.",
    ),
]


@pytest.mark.parametrize(
    ("title", "body"),
    [t[1:] for t in DEATH_IN_THE_LEAD],
    ids=[t[0] for t in DEATH_IN_THE_LEAD],
)
def test_a_death_in_the_lead_makes_the_one_shot_the_one_killed(title: str, body: str) -> None:
    assert _tallied(title, body) == {"killed": 1, "injured": 0}


def test_a_homicide_unit_in_the_lead_tells_of_no_death() -> None:
    """The near-miss: the unit that investigates is named, and the one shot lived."""
    tallied = _tallied(
        "Teen shot outside apartments",
        "The Metro Homicide Unit is investigating after a teen was shot outside the "
        "apartments on Friday.",
    )
    assert tallied == {"injured": 1}


# A cue word is a word start followed only by an inflection: a town or word that merely begins
# with one ("Killeen", "San Diego", "Deadwood") tells of no death.
CUE_PREFIX_WORDS = [
    (
        "town_named_like_kill",
        "The storm cut power for one Killeenville street where a cook was hurt in gunfire.",
    ),
    ("city_named_like_die", "Two San Diego officers walked the block where a man was shot."),
    ("town_named_like_dead", "Two Deadwood deputies found a man with a gunshot wound."),
]


@pytest.mark.parametrize(
    "sentence", [t[1] for t in CUE_PREFIX_WORDS], ids=[t[0] for t in CUE_PREFIX_WORDS]
)
def test_a_word_that_only_begins_like_a_cue_is_no_cue(sentence: str) -> None:
    assert all(category != "killed" for _text, category, _value in _readings(sentence))


def test_an_inflected_cue_is_still_a_cue() -> None:
    """The near-miss: "killings" and "hospitalized" are inflections of their cues."""
    assert ("four", "killed", 4.0) in _readings("The killings of four men shocked the town.")
    assert ("two", "injured", 2.0) in _readings("Three men were killed and two hospitalized.")


# "killing a clerk" names one dead as "killed a clerk" does; "found shot to death" is a death.
KILLING_AND_FOUND_SHOT_TO_DEATH = [
    (
        "killing_an_object",
        "The gunman opened fire in the lobby, killing a guard and wounding a visitor.",
        ("a guard", "killed", 1),
    ),
    (
        "found_shot_to_death",
        "A woman was found shot to death inside her car on Monday.",
        ("A woman", "killed", 1),
    ),
    (
        "found_stabbed_to_death",
        "A 40-year-old man was found stabbed to death behind the store.",
        ("A 40-year-old man", "killed", 1),
    ),
]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [t[1:] for t in KILLING_AND_FOUND_SHOT_TO_DEATH],
    ids=[t[0] for t in KILLING_AND_FOUND_SHOT_TO_DEATH],
)
def test_killing_an_object_and_found_shot_to_death(
    sentence: str, expected: tuple[str, str, int]
) -> None:
    assert expected in [(c.text, c.category, c.value) for c in implicit_casualties(sentence)]


def test_found_shot_alive_is_not_killed() -> None:
    """The near-miss: one found shot, not to death, is hurt."""
    found = [(c.text, c.category) for c in implicit_casualties("A man was found shot in a car.")]
    assert found == [("A man", "injured")]


# Two invented examples for each casualty rule the tests above give fewer to, checked by the
# rule's own name: (rule, sentence, headline, (text, category, value)).
RULE_EXAMPLES = [
    (
        "killed.found_body",
        "Hikers found the body of a woman near the trail.",
        False,
        ("a woman", "killed", 1),
    ),
    (
        "killed.found_body",
        "The body of Lena Varga was found in a drainage ditch.",
        False,
        ("Lena Varga", "killed", 1),
    ),
    (
        "injured.found_wounded",
        "Troopers found a driver suffering from bullet wounds on the shoulder of the road.",
        False,
        ("a driver", "injured", 1),
    ),
    (
        "injured.found_wounded",
        "Deputies discovered a teenager with gunshot wounds behind the gym.",
        False,
        ("a teenager", "injured", 1),
    ),
    (
        "injured.headline_object",
        "Teen accidentally shoots his father",
        True,
        ("his father", "injured", 1),
    ),
    (
        "killed.headline_object",
        "Man kills neighbor over parking spot",
        True,
        ("neighbor", "killed", 1),
    ),
    (
        "injured.in_addition",
        "In addition to the cashier, a 30-year-old customer was injured.",
        False,
        ("the cashier, a 30-year-old customer", "injured", 2),
    ),
    (
        "injured.in_addition",
        "In addition to Mara Lind, a passenger was wounded.",
        False,
        ("Mara Lind, a passenger", "injured", 2),
    ),
    (
        "killed.shooter_dead",
        "Two officers were wounded, and the gunman was killed.",
        False,
        ("gunman", "killed", 1),
    ),
    (
        "killed.shooter_dead",
        "Three deputies were hurt and the suspect is dead.",
        False,
        ("suspect", "killed", 1),
    ),
]


@pytest.mark.parametrize(
    ("rule", "sentence", "headline", "expected"),
    RULE_EXAMPLES,
    ids=[f"{r[0]}:{i}" for i, r in enumerate(RULE_EXAMPLES)],
)
def test_each_rule_reads_its_invented_examples(
    rule: str, sentence: str, headline: bool, expected: tuple[str, str, int]
) -> None:
    found = [
        ((c.text, c.category, c.value), c.rule)
        for c in implicit_casualties(sentence, headline=headline)
    ]
    assert (expected, rule) in found


# Near-misses for the rules that had none: the rule's shape without the harm it reads.
# (rule it must leave alone, sentence, headline)
RULE_NEAR_MISSES = [
    ("headline_object", "Woman shoots video of parade", True),
    ("shooter_dead", "Two officers were wounded, and the suspect was arrested.", False),
    ("active_killed", "The council killed a plan to close the station.", False),
    ("active_injured", "The photographer shot a wedding for the bride.", False),
    ("active_names", "Police spent the day interviewing Amos Reyes and Pia Ortiz.", False),
    ("names_list", "Amos Reyes and Pia Ortiz were arrested Friday.", False),
    ("bullet_hit", "A stray round struck the car of a neighbor.", False),
    ("self_shot", "He blamed himself for the shooting.", False),
    ("pronoun_killed", "He was arrested at the scene.", False),
    ("pronoun_injured", "She was questioned by detectives.", False),
]


@pytest.mark.parametrize(
    ("rule", "sentence", "headline"),
    RULE_NEAR_MISSES,
    ids=[r[0] for r in RULE_NEAR_MISSES],
)
def test_each_rule_leaves_its_near_miss_alone(rule: str, sentence: str, headline: bool) -> None:
    found = implicit_casualties(sentence, headline=headline)
    assert not any(c.rule.endswith(f".{rule}") for c in found)
    assert [c for c in found if c.category in ("killed", "injured")] == []


# The readings of a number beside a kill or injure word, each with two invented examples and a
# near-miss: (reading, sentence, the number's text, category and rule it must get).
NUMBER_READINGS = [
    ("parent_of", "The father of 5 was killed on Sunday.", "5", "count", "count.not_the_victims"),
    (
        "parent_of",
        "A mother of three was shot outside her home.",
        "three",
        "count",
        "count.not_the_victims",
    ),
    (
        "parent_of_near_miss",
        "Three children of the pastor were killed.",
        "Three",
        "killed",
        "killed.nearest_cue",
    ),
    (
        "present_at",
        "A brawl involving more than 40 people ended with a man shot.",
        "more than 40",
        "count",
        "count.not_the_victims",
    ),
    (
        "present_at",
        "A crowd of 200 watched as two men were wounded.",
        "200",
        "count",
        "count.not_the_victims",
    ),
    (
        "present_at_near_miss",
        "A brawl left more than 40 people hurt.",
        "more than 40",
        "injured",
        "injured.nearest_cue",
    ),
    (
        "counterfactual",
        "It could have been ten people dead on that bus, the chief said.",
        "ten",
        "count",
        "count.not_the_victims",
    ),
    (
        "counterfactual",
        "There might have been 20 people killed, the chief said.",
        "20",
        "count",
        "count.not_the_victims",
    ),
    (
        "counterfactual_near_miss",
        "Ten people were dead on that bus.",
        "Ten",
        "killed",
        "killed.nearest_cue",
    ),
    (
        "according_to",
        "According to two family members, the victim was shot at home.",
        "two",
        "count",
        "count.not_the_victims",
    ),
    (
        "according_to",
        "According to three witnesses, a man was killed in the alley.",
        "three",
        "count",
        "count.not_the_victims",
    ),
    (
        "according_to_near_miss",
        "According to police, two men were killed.",
        "two",
        "killed",
        "killed.nearest_cue",
    ),
    (
        "things_not_people",
        "Police heard four shots before the man was killed.",
        "four",
        "count",
        "count.not_the_victims",
    ),
    (
        "things_not_people",
        "Witnesses heard 12 rounds before a man was wounded.",
        "12",
        "count",
        "count.not_the_victims",
    ),
    (
        "things_not_people_near_miss",
        "Four men were shot before the store closed.",
        "Four",
        "injured",
        "injured.nearest_cue",
    ),
    (
        "dead_noun",
        "Officials reported 20 casualties in the town.",
        "20",
        "killed",
        "killed.dead_noun",
    ),
    (
        "dead_noun",
        "Medics counted 11 casualties at the checkpoint.",
        "11",
        "killed",
        "killed.dead_noun",
    ),
    (
        "dead_noun_near_miss_victims",
        "Medics counted 11 victims at the clinic.",
        "11",
        "count",
        "count.plain",
    ),
    (
        "dead_noun_wounded",
        "35 of the casualties were found shot in the head.",
        "35",
        "killed",
        "killed.dead_noun_wounded",
    ),
    (
        "dead_noun_wounded",
        "Ten casualties had gunshot wounds, the coroner said.",
        "Ten",
        "killed",
        "killed.dead_noun_wounded",
    ),
    (
        "dead_noun_wounded_near_miss",
        "35 of the residents were found wounded in the square.",
        "35",
        "injured",
        "injured.nearest_cue",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "text", "category", "rule"),
    [r[1:] for r in NUMBER_READINGS],
    ids=[f"{r[0]}:{i}" for i, r in enumerate(NUMBER_READINGS)],
)
def test_a_number_beside_a_harm_word_is_read_by_its_rule(
    sentence: str, text: str, category: str, rule: str
) -> None:
    found = [(f.category, f.rule) for f in extract_document(sentence).figures if f.text == text]
    assert found and found[0][0] == category and found[0][1].startswith(rule)


# Counts of different people in one sentence add up; a restatement does not.
SENTENCE_TOTALS = [
    ("A man was shot in the neck, and two women were also wounded.", 3.0),
    ("A girl was hurt in the blast, and three other children were also injured.", 4.0),
    ("Four were shot, two of them critically wounded.", None),  # the near-miss
]


@pytest.mark.parametrize(("sentence", "total"), SENTENCE_TOTALS)
def test_counts_of_other_people_in_one_sentence_add_up(sentence: str, total: float | None) -> None:
    totals = [
        f.value for f in extract_document(sentence).figures if f.rule == "injured.sentence_total"
    ]
    assert totals == ([] if total is None else [total])


# A tally over a span tells of several incidents, not this one's toll.
SPAN_TALLIES = [
    (
        "in_one_week",
        "Boy, 7, shot on porch",
        "A 7-year-old boy was shot on his porch on Tuesday. "
        "Three children have been hurt by gunfire in one week, the mayor said.",
    ),
    (
        "over_a_long_weekend",
        "Teen shot near school",
        "A 16-year-old was shot near the school on Friday. "
        "Twenty people were shot over the long and hot holiday weekend.",
    ),
]


@pytest.mark.parametrize(
    ("title", "body"), [t[1:] for t in SPAN_TALLIES], ids=[t[0] for t in SPAN_TALLIES]
)
def test_a_tally_over_a_span_is_not_the_incidents_toll(title: str, body: str) -> None:
    assert _tallied(title, body) == {"injured": 1}


def test_a_toll_on_one_day_of_the_week_is_the_incidents_own() -> None:
    """The near-miss: a weekday names when this shooting happened, not a span."""
    tallied = _tallied(
        "Three shot outside bar",
        "Three people were wounded in a shooting outside a bar this week, police said.",
    )
    assert tallied == {"injured": 3}


# When the one victim said to have been "shot" is the one who died, the article's injured
# count is 0: no one else was hurt.
THE_ONE_SHOT_DIED = [
    (
        "headline_death",
        "Fatal shooting at corner store",
        "A store clerk was shot during a holdup on Elm Street on Friday night.",
    ),
    (
        "death_in_the_lead",
        "Man shot in parking garage",
        "A death investigation is under way after a man was shot in a parking garage.",
    ),
]


@pytest.mark.parametrize(
    ("title", "body"), [t[1:] for t in THE_ONE_SHOT_DIED], ids=[t[0] for t in THE_ONE_SHOT_DIED]
)
def test_when_the_one_shot_died_no_one_was_hurt(title: str, body: str) -> None:
    assert _tallied(title, body) == {"killed": 1, "injured": 0}


def test_one_shot_with_no_death_told_is_hurt() -> None:
    """The near-miss: with no death in the headline or lead, the one shot is hurt."""
    assert _tallied(
        "Man shot in parking garage", "A man was shot in a parking garage on Friday night."
    ) == {"injured": 1}


# Hurt feelings are no wounds: the count beside them is not of the injured.
FEELINGS_HURT = [
    ("hurt_by_the_news", "Her three grandsons are hurt by the news, she said."),
    ("felt_hurt", "We felt hurt, the two brothers told reporters."),
]


@pytest.mark.parametrize(
    "sentence", [t[1] for t in FEELINGS_HURT], ids=[t[0] for t in FEELINGS_HURT]
)
def test_hurt_feelings_count_no_injured(sentence: str) -> None:
    assert _readings(sentence) == []


def test_hurt_by_gunfire_is_still_injured() -> None:
    """The near-miss: "hurt by" a weapon is a wound."""
    assert ("Two", "injured", 2.0) in _readings("Two people were hurt by gunfire on Main Street.")
