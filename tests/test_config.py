"""Settings: declared once, documented in config.example.toml, bad values named."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from bot.config import (
    ConfigError,
    Settings,
    checked_value,
    config_path,
    load_settings,
    read_toml,
    reject_unknown_keys,
)
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


# -- the settings file, which [[digests]] and [[feeds]] are read from too -----------------------


def test_an_unreadable_or_invalid_file_is_named(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text("[[feeds]]\nurl = 'https://x.org'\n", encoding="utf-8")
    assert read_toml(good) == {"feeds": [{"url": "https://x.org"}]}
    bad = tmp_path / "bad.toml"
    bad.write_text("[slack\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml: not valid TOML \("):
        read_toml(bad)
    with pytest.raises(ConfigError, match=r"missing\.toml: cannot read \("):
        read_toml(tmp_path / "missing.toml")


def test_the_settings_file_is_the_one_named_then_the_environments_then_the_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FACTDESK_CONFIG", raising=False)
    assert config_path(None) is None
    (tmp_path / "factdesk.toml").write_text("", encoding="utf-8")
    assert config_path(None) == Path("factdesk.toml")
    monkeypatch.setenv("FACTDESK_CONFIG", str(tmp_path / "env.toml"))
    assert config_path(None) == tmp_path / "env.toml"
    assert config_path(tmp_path / "named.toml") == tmp_path / "named.toml"


# -- the checks every TOML table shares ([section], [[digests]], [[feeds]]) -----------------------


class TableError(ConfigError):
    """Stands for a caller's own error class (DigestConfigError)."""


def test_an_unknown_key_is_named_with_its_table_and_the_known_keys() -> None:
    reject_unknown_keys({"url": "x", "every": 5}, ("url", "outlet", "every"), "[[feeds]] #1")
    with pytest.raises(TableError) as caught:
        reject_unknown_keys(
            {"url": "x", "evry": 5, "colour": "red"},
            ("url", "outlet", "every"),
            "[[feeds]] #1",
            TableError,
        )
    # The first unknown key in the table's own order; the known keys in the order given.
    assert str(caught.value) == "[[feeds]] #1 has no setting 'evry' (known: url, outlet, every)"


@pytest.mark.parametrize(
    ("value", "default", "expected"),
    [("socket", "http", "socket"), (80, 3000, 80), (2, 10.0, 2.0), (True, False, True)],
)
def test_a_value_of_its_settings_type_is_kept(
    value: object, default: object, expected: object
) -> None:
    checked = checked_value(value, default, "[slack] port")
    assert checked == expected and type(checked) is type(expected)


@pytest.mark.parametrize(
    ("value", "default", "message"),
    [
        ("eighty", 3000, "[slack] port must be int, not 'eighty'"),
        (True, 3000, "[slack] port must be int, not True"),
        (1.5, 3000, "[slack] port must be int, not 1.5"),
        ("yes", False, "[slack] port must be bool, not 'yes'"),
        (80, "socket", "[slack] port must be str, not 80"),
    ],
)
def test_a_value_of_the_wrong_type_is_named_with_its_setting(
    value: object, default: object, message: str
) -> None:
    with pytest.raises(TableError) as caught:
        checked_value(value, default, "[slack] port", TableError)
    assert str(caught.value) == message
