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
        [],
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
