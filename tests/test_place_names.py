"""Place names as articles spell them: the names an article is found by. Every sentence here is
invented."""

from __future__ import annotations

from store.extract.meaning import capitalised_names


def test_an_arabic_article_inside_a_name_keeps_the_name_whole() -> None:
    names = capitalised_names("Shelling hit the outskirts of Deir al-Zor on Monday.")
    assert "Deir al-Zor" in names


def test_an_arabic_article_written_ash_keeps_the_name_whole() -> None:
    names = capitalised_names("Rebels held Jisr ash-Shughur for a week before the army returned.")
    assert "Jisr ash-Shughur" in names


def test_near_miss_a_lowercase_prefix_is_no_arabic_article() -> None:
    names = capitalised_names("An ex-Marine was hurt near the depot.")
    assert "ex-Marine" not in names
    assert "Marine" in names
