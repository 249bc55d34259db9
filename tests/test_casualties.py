"""Casualty counts in local crime-news phrasing: (sentence → expected killed/injured figure)."""

from __future__ import annotations

import pytest

from store.casualties import implicit_casualties
from store.extraction import extract_document
from store.ingest import prepare
from store.readers import RawArticle
from store.tally import TALLY_SALIENCE

# (behaviour, sentence, category, value, text)
WORDED = [
    (
        "a_determiner_starts_a_new_phrase",
        "The third time the boy got shot in the chest, his mother said.",
        "injured",
        1,
        "the boy",
    ),
    (
        "named_victims_with_ages_first",
        "31-year-old Mere Contreras, 19-year-old Damon B. Oswald-Newman and 25-year-old "
        "Shelly L. Bird were found dead at a home.",
        "killed",
        3,
        "31-year-old Mere Contreras, 19-year-old Damon B. Oswald-Newman and 25-year-old "
        "Shelly L. Bird",
    ),
    (
        "death_of_two_coordinated_victims",
        "He was arrested in the murder of his former girlfriend and a 2-year-old boy.",
        "killed",
        2,
        "his former girlfriend and a 2-year-old boy",
    ),
    (
        "wounded_then_has_died",
        "A woman who was wounded in a Sunday night shooting has died, police said.",
        "killed",
        1,
        "A woman",
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
        "Bullets struck the house, fatally injuring Maleki Parker.",
        "killed",
        1,
        "Maleki Parker",
    ),
    (
        "follow_up_names_the_death",
        "A father was jailed over the shooting death of his 1-year-old son.",
        "killed",
        1,
        "his 1-year-old son",
    ),
    (
        "fatal_shooting_of_named_child",
        "Two were indicted for the fatal shooting of 1-year-old Braylon Robinson.",
        "killed",
        1,
        "1-year-old Braylon Robinson",
    ),
    (
        "killing_an_aged_named_victim",
        "He is accused of killing 34-year-old Ernest Edwards at the bar.",
        "killed",
        1,
        "34-year-old Ernest Edwards",
    ),
    ("killed_herself", "The girl picked up a gun before killing herself.", "killed", 1, "herself"),
    (
        "another_fighting_for_her_life",
        "Four people are dead and another is fighting for her life at a hospital.",
        "injured",
        1,
        "another",
    ),
    ("found_shot", "A young man was found shot on Carole Lane.", "injured", 1, "A young man"),
    (
        "bullet_hit_possessive_object",
        "The bullet went through a wall and hit Karban's son in the leg.",
        "injured",
        1,
        "Karban's son",
    ),
    (
        "shot_before_killing_himself_survivor",
        "He shot his son before killing himself; the boy is in stable condition.",
        "injured",
        1,
        "his son",
    ),
    (
        "murder_suicide_with_named_child",
        "Police say the father shot his daughter Skylar then himself.",
        "killed",
        2,
        "his daughter Skylar then himself",
    ),
    (
        "murder_suicide_turning_the_gun",
        "A man shot his 1-year-old daughter dead before turning the gun on himself, police said.",
        "killed",
        2,
        "his 1-year-old daughter dead before turning the gun on himself",
    ),
    (
        "murder_suicide_headline_list",
        "Parish man kills 7-year-old daughter, himself",
        "killed",
        2,
        "7-year-old daughter, himself",
    ),
    (
        "single_victim_shot_and_killed",
        "A man was shot and killed outside a bar late Friday.",
        "killed",
        1,
        "A man",
    ),
    (
        "victim_with_age_modifier",
        "A 19-year-old woman was fatally shot on Elm Street.",
        "killed",
        1,
        "A 19-year-old woman",
    ),
    ("the_victim_died", "The victim died at a local hospital.", "killed", 1, "The victim"),
    (
        "shot_alone_is_injured",
        "A teenager was shot in the leg during the fight.",
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
        "A boy accidentally shot his 7-year-old brother in the arm.",
        "injured",
        1,
        "his 7-year-old brother",
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
        "No one else was hurt in the exchange.",
        "injured",
        0,
        "No one",
    ),
    ("no_injuries_reported", "No injuries were reported.", "injured", 0, "No injuries"),
    ("ordinal_victim_died", "A third man died two days later.", "killed", 3, "A third man"),
    (
        "possessive_victim_passive",
        "Deputies said her 4-year-old grandson was accidentally shot in the foot.",
        "injured",
        1,
        "her 4-year-old grandson",
    ),
    (
        "relative_clause_victim",
        "The second victim was a 22-year-old woman who was shot in the hip.",
        "injured",
        1,
        "a 22-year-old woman",
    ),
    (
        "body_of_a_victim_is_killed",
        "Hikers found the body of a 40-year-old man near the trail.",
        "killed",
        1,
        "a 40-year-old man",
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
        "The 17-year-old girl who was shot was pronounced dead at the hospital.",
        "killed",
        1,
        "The 17-year-old girl",
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
        "Officers are looking for whoever shot a 15-year-old in the hip.",
        "injured",
        1,
        "a 15-year-old",
    ),
    (
        "bare_age_subject_died",
        "The 19-year-old died at the hospital two days later.",
        "killed",
        1,
        "The 19-year-old",
    ),
    (
        "bullet_struck_object",
        "A stray bullet went through the wall and struck the boy in his arm.",
        "injured",
        1,
        "the boy",
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
        "A Kuna man is recovering in the hospital after an accidental shooting.",
        "injured",
        1,
        "A Kuna man",
    ),
    (
        "remains_in_hospital_is_injured",
        "A 9-year-old girl remains in the hospital after the shooting.",
        "injured",
        1,
        "A 9-year-old girl",
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
        "A man and a woman were injured in a shooting at a hotel Saturday.",
        "injured",
        2,
        "A man and a woman",
    ),
    (
        "two_victims_joined_by_and_killed",
        "A 20-year-old man and his son were killed Sunday night.",
        "killed",
        2,
        "A 20-year-old man and his son",
    ),
    (
        "two_objects_of_one_shooting",
        "Police said a 30-year-old woman shot her estranged husband and their son Saturday.",
        "injured",
        2,
        "her estranged husband and their son",
    ),
    (
        "in_addition_to_one_victim_another",
        "In addition to the boy, an 8-year-old girl was shot while she was inside the home.",
        "injured",
        2,
        "the boy, an 8-year-old girl",
    ),
    (
        "a_shooting_that_sent_a_victim_to_hospital",
        "Police are investigating a shooting that sent a juvenile to the hospital.",
        "injured",
        1,
        "a juvenile",
    ),
    (
        "left_a_named_victim_with_injuries",
        "An accident with a shotgun left Neico with severe injuries to his leg.",
        "injured",
        1,
        "Neico",
    ),
    (
        "both_as_the_objects_of_one_bullet",
        "The gun went off, and a bullet hit both Jones and the six-year-old in the leg.",
        "injured",
        2,
        "both Jones and the six-year-old",
    ),
    (
        "both_of_his_parents",
        "Investigators say Pitts shot both of his parents and opened fire on police.",
        "injured",
        2,
        "both of his parents",
    ),
    (
        "hitting_both_people",
        "One round was fired, hitting both people.",
        "injured",
        2,
        "both people",
    ),
    (
        "both_victims_taken_to_a_hospital_and_treated",
        "Both victims were taken to a hospital and treated for their injuries.",
        "injured",
        2,
        "Both victims",
    ),
    (
        "accused_of_shooting_two",
        "Two men are accused of shooting a 7-year-old and her 33-year-old father.",
        "injured",
        2,
        "a 7-year-old and her 33-year-old father",
    ),
    (
        "both_says_two",
        "Both Flores and the female victim suffered non-life threatening injuries.",
        "injured",
        2,
        "Both Flores and the female victim",
    ),
    (
        "both_with_wounds_that_were_fatal",
        "Authorities said both Perrizo and Lynnaya suffered gunshot wounds, which appear to be "
        "the cause of death.",
        "killed",
        2,
        "both Perrizo and Lynnaya",
    ),
    (
        "counted_and_single_victims_add_up",
        "Three females and a male were wounded during the fight.",
        "injured",
        4,
        "Three females and a male",
    ),
    (
        "a_pronoun_and_counted_others_add_up",
        "He and two other people are in stable condition.",
        "injured",
        3,
        "He and two other people",
    ),
    (
        "an_age_in_words_names_a_victim",
        "A four-year-old was hurt in the shooting.",
        "injured",
        1,
        "A four-year-old",
    ),
    (
        "passed_away_is_a_death",
        "She was taken to the medical center, where she passed away.",
        "killed",
        1,
        "she",
    ),
    (
        "ordinal_victim_counts_up_to_it",
        "Police now say an 8th teen was injured in the weekend shooting.",
        "injured",
        8,
        "an 8th teen",
    ),
    (
        "ordinal_in_words_with_a_relative_clause",
        "A fifth victim who was struck by gunfire was found later at a hospital.",
        "injured",
        5,
        "A fifth victim",
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


@pytest.mark.parametrize(
    "sentence",
    [
        "Nobody was seriously injured in the crash.",
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
        "Police believe one twin accidentally shot the other.",
        "injured",
        None,
    ),
    (
        "firing_a_gun_hurts_no_one",
        "He was one of three adults in the car when he accidentally shot a gun while waving it.",
        "injured",
        None,
    ),
    (
        "a_recovering_victim_is_not_the_dead",
        "A man was shot dead. A 7-year-old boy is on the road to recovery, two days after he "
        "was injured in the shooting.",
        "injured",
        1,
    ),
    (
        "single_victims_named_by_different_nouns_add_up",
        "Police say the uncle was shot in the hand, while the child was shot in the chest.",
        "injured",
        2,
    ),
    ("a_verb_before_its_object_number", "Dallas Shooting Kills Three, Injures One", "killed", 3),
    (
        "doors_are_not_victims",
        "A boy was shot in the leg just two doors down from the school.",
        "injured",
        1,
    ),
    (
        "a_partitive_of_the_accused_is_not_the_dead",
        "A girl was killed. Three of the four men accused in her murder took plea deals.",
        "killed",
        1,
    ),
    (
        "the_shooters_counted_are_not_the_dead",
        "A boy was shot and killed when two shooters opened fire on the corner.",
        "killed",
        1,
    ),
    (
        "including_gives_the_cue_to_the_included_part",
        "Five were involved in a shooting, including one dead, in Capitol Heights.",
        "killed",
        1,
    ),
    (
        "shooting_a_number_of_people_wounds_them",
        "A man is accused of shooting five family members, authorities said.",
        "injured",
        5,
    ),
    ("a_parents_children_are_not_the_dead", "Father of 5 killed in shooting", "killed", None),
    (
        "the_dead_shooter_adds_to_his_victims",
        "2 bailiffs, shooter dead in courthouse shooting",
        "killed",
        3,
    ),
    (
        "the_accused_are_not_the_dead",
        "Three of four men accused in the shooting death of a 10-year-old girl entered pleas.",
        "killed",
        1,
    ),
    (
        "the_shooters_are_not_the_dead",
        "Two officers who shot and killed a homeowner returned to work Tuesday.",
        "killed",
        1,
    ),
    (
        "the_people_quoted_are_not_the_dead",
        "She was pronounced dead at the hospital, according to two family members.",
        "killed",
        1,
    ),
    (
        "wounded_others_add_up",
        "A woman was shot in the chest, and three men were also wounded.",
        "injured",
        4,
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
        "A woman was killed and three others were wounded in a shooting on Main Street.",
        "injured",
        3,
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
        "Four people were shot early Sunday, one fatally, outside a club.",
        "injured",
        3,
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
        "The shooting left one man dead and three other teenagers wounded, police said.",
        "injured",
        3,
    ),
    (
        "dead_then_wounded_conjunct_killed_is_one",
        "The shooting left one man dead and three other teenagers wounded, police said.",
        "killed",
        1,
    ),
    (
        "wounding_then_killing_conjuncts",
        "Gunmen opened fire on the porch, wounding four men and killing another.",
        "injured",
        4,
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
        "The man was taken to a hospital where he was pronounced dead. Sgt. Ruiz 6-14-16",
        "killed",
        1,
    ),
    (
        "complaints_are_not_victims",
        "A man was shot and killed Sunday. The suspect was booked on one complaint of murder and four complaints of shooting with intent to kill.",
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
        "A teenager was killed Saturday when he was accidentally shot by a friend.",
        "injured",
        None,
    ),
    (
        "an_ordinal_victim_counts_the_dead_before_it",
        "A man was shot and killed Thursday. Detectives learned a second man was injured "
        "in the shooting.",
        "injured",
        1,
    ),
    (
        "nobody_died_so_everyone_shot_is_wounded",
        "Four people were shot early Sunday on North Capitol Street. She says he was shot in "
        "the leg.",
        "injured",
        4,
    ),
    (
        "a_slaying_the_shooting_may_avenge_is_another_incident",
        "A 22-month-old girl was wounded Thursday. Police are probing whether it was retaliation "
        "for the slaying of a man Wednesday.",
        "killed",
        None,
    ),
    (
        "people_at_a_fight_are_not_its_wounded",
        "Three females and a male were wounded when gunfire erupted during a fight involving "
        "more than 30 people.",
        "injured",
        4,
    ),
    (
        "he_and_others_shot_include_the_dead",
        "A man died Tuesday night after he and four others were shot in front of a home.",
        "injured",
        4,
    ),
    (
        "a_round_up_of_several_shootings_is_not_the_toll",
        "Two people were killed and four others were hurt in three separate shootings early "
        "Sunday. About 2 a.m., police said three people were hurt in a shooting on 38th Avenue.",
        "injured",
        3,
    ),
    (
        "a_first_report_the_sentence_corrects_is_not_the_toll",
        "A shooting spree left four people injured. Police had originally said that seven "
        "people were shot, but amended that number to four.",
        "injured",
        4,
    ),
    (
        "all_the_victims_take_in_the_dead",
        "A shooting left one person dead and three others in the hospital. All four victims "
        "were taken to Hurley Medical Center.",
        "injured",
        3,
    ),
    (
        "victims_shot_may_include_the_dead",
        "Deputies say four victims were shot by masked men. One died at the scene. Three others "
        "were hospitalized.",
        "injured",
        3,
    ),
    (
        "survivors_of_those_shot_outnumber_a_lone_victim",
        "One man died after four people were shot Saturday evening. Police say the woman was "
        "also shot at the Exmore location.",
        "injured",
        3,
    ),
    (
        "gunshots_heard_are_not_the_dead",
        "We heard thousands of gunshots, a neighbour said.",
        "killed",
        None,
    ),
    (
        "what_should_have_happened_did_not",
        "There should've been five or six people dead that day.",
        "killed",
        None,
    ),
    (
        "recent_attacks_elsewhere_are_other_incidents",
        "An officer was shot in the ankle. The shooting follows recent ambush-style attacks "
        "against police in Dallas, where five officers died.",
        "killed",
        None,
    ),
    (
        "the_wounded_less_those_of_them_who_died",
        "1 of 2 students wounded has died. Officers found a man and a woman dead in a classroom, "
        "as well as two injured students.",
        "injured",
        1,
    ),
    (
        "things_named_a_word_on_are_not_victims",
        "Police are investigating a deadly shooting that covers two crime scenes.",
        "killed",
        None,
    ),
    (
        "statistics_are_no_toll",
        "Accidental shootings kill dozens of minors each year. A 7-year-old boy was shot and "
        "killed Sunday.",
        "killed",
        1,
    ),
    (
        "a_season_ago_is_another_incident",
        "A man was shot and killed Friday. Last summer, three men were killed on the same corner.",
        "killed",
        1,
    ),
    (
        "a_timeline_entry_is_another_incident",
        "1993: Dr. David Gunn is shot to death outside a clinic.",
        "killed",
        None,
    ),
    (
        "shot_and_killed_is_one_predicate",
        "Police said three people were shot and killed inside the home.",
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
        "Child Killed, Father Critical After Shooting",
        "injured",
        1,
        "Father",
    ),
    (
        "comma_list_of_victims",
        "TBI identifies father, son killed in shooting",
        "killed",
        2,
        "father, son",
    ),
    ("shot_comma_killed", "Teen shot, killed by permit holder during robbery", "killed", 1, "Teen"),
    ("stable_after", "Boy stable after accidental shooting", "injured", 1, "Boy"),
    ("critical_condition_after", "Man in critical condition after shooting", "injured", 1, "Man"),
    ("shoots_himself", "Man accidentally shoots himself in Atlanta", "injured", 1, "himself"),
    (
        "victim_killed",
        "St. Louis woman killed, 3 wounded by gunfire",
        "killed",
        1,
        "St. Louis woman",
    ),
    (
        "age_apposition_hurt",
        "Campbell boy, 7, hospitalized after shooting",
        "injured",
        1,
        "Campbell boy, 7",
    ),
    (
        "reporter_prefix",
        "Tucson police: Boy, 3, wounded in accidental shooting",
        "injured",
        1,
        "Boy, 3",
    ),
    ("age_noun_dies", "9-month-old dies after father's gun goes off", "killed", 1, "9-month-old"),
    ("title_case_shot_dead", "Man Shot Dead In Parking Lot", "killed", 1, "Man"),
    ("present_tense_object", "Teen accidentally shoots mom in parking lot", "injured", 1, "mom"),
    (
        "two_victims_of_one_verb",
        "Man and woman shot inside hotel room",
        "injured",
        2,
        "Man and woman",
    ),
    (
        "victims_listed_with_a_count",
        "Man, 3 girls shot in southeast DC",
        "injured",
        4,
        "Man, 3 girls",
    ),
    (
        "victims_who_walk_into_a_hospital",
        "Boy, girl walk into Wichita hospital with gunshot wounds",
        "injured",
        2,
        "Boy, girl",
    ),
    (
        "parents_are_two",
        "Parents, 2 children dead in murder-suicide",
        "killed",
        4,
        "Parents, 2 children",
    ),
    (
        "a_victim_and_counted_others",
        "Infant, 4 others sent to hospital after gunfire",
        "injured",
        5,
        "Infant, 4 others",
    ),
    (
        "an_age_apposition_does_not_divide_the_list",
        "Boy, 2, man in critical condition after shooting",
        "injured",
        2,
        "Boy, 2, man",
    ),
    (
        "two_victims_shot_to_death",
        "16-Year-Old Girl, Man Shot to Death in Car",
        "killed",
        2,
        "16-Year-Old Girl, Man",
    ),
    (
        "active_verb_with_two_objects",
        "Police Say Woman Shot Her Husband & Son",
        "injured",
        2,
        "Her Husband & Son",
    ),
    (
        "suffers_wound",
        "Brownsburg Man Suffers Gunshot Wound In Hunting Incident",
        "injured",
        1,
        "Brownsburg Man",
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
        "Police identify four killed in Killeen shooting",
        "Mayor says crime is down",
    ],
)
def test_headline_without_a_single_victim_counts_nothing_in_words(headline: str) -> None:
    assert implicit_casualties(headline, headline=True) == []


def test_headline_grammar_is_not_read_in_the_body() -> None:
    # In running text "the officer shot Tuesday" has no auxiliary: nobody is said to be hurt.
    assert implicit_casualties("He said the officer shot Tuesday was a friend.") == []


# (behaviour, headline, body, category, tallied values): through ingest's headline handling.
HEADLINED_ARTICLES = [
    (
        "numeric_headline_gives_both_counts_killed",
        "One dead, 4 wounded in early-morning shootout",
        "Officers were called to the lounge just after 2 a.m. The investigation continues.",
        "killed",
        [1],
    ),
    (
        "numeric_headline_gives_both_counts_injured",
        "One dead, 4 wounded in early-morning shootout",
        "Officers were called to the lounge just after 2 a.m. The investigation continues.",
        "injured",
        [4],
    ),
    (
        "worded_headline_victim",
        "17-year-old boy shot in head in Fresno",
        "Police said the shooting happened near a park on Sunday evening.",
        "injured",
        [1],
    ),
    (
        "present_tense_headline_object",
        "Teen accidentally shoots mom in store parking lot",
        "She was taken to a hospital for treatment.",
        "injured",
        [1],
    ),
    (
        "present_tense_headline_verb",
        "Early morning shooting wounds four",
        "Police are looking for a gray sedan seen leaving the block.",
        "injured",
        [4],
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
