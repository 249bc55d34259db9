"""Settings: declared once, documented in config.example.toml, bad values named."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings
from tests.conftest import ROOT


def test_the_example_config_documents_every_setting_with_its_default() -> None:
    example = tomllib.loads((ROOT / "config.example.toml").read_text(encoding="utf-8"))
    defaults = Settings()
    for section in fields(defaults):
        values = getattr(defaults, section.name)
        for setting in fields(values):
            assert setting.metadata.get("help"), f"{section.name}.{setting.name} has no help"
            assert example[section.name][setting.name] == getattr(values, setting.name), (
                f"config.example.toml [{section.name}] {setting.name} differs from the default"
            )


def test_the_example_config_loads(tmp_path: Path) -> None:
    assert load_settings(ROOT / "config.example.toml") == Settings()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[slack]\nport = 'eighty'\n", "[slack] port must be int"),
        ("[slack]\nprot = 80\n", "[slack] has no setting 'prot'"),
        ("[nonsense]\n", "unknown section(s) nonsense"),
        ("[slack\n", "not valid TOML"),
    ],
)
def test_bad_settings_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "factdesk.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(
        ConfigError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")
    ):
        load_settings(path)


def test_the_commented_digest_and_feed_examples_are_valid() -> None:
    from bot.digests import parse_digests
    from bot.feeds_config import parse_feeds

    lines = (ROOT / "config.example.toml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# [[digests]]"))
    uncommented = "\n".join(
        line[2:]
        for line in lines[start:]
        if (line.startswith("# ") and "=" in line) or line.startswith("# [[")
    )
    raw = tomllib.loads(uncommented)
    assert [d.id for d in parse_digests(raw["digests"])] == ["morning-toll"]
    assert [f.url for f in parse_feeds(raw["feeds"])] == ["https://example.org/world/rss.xml"]
