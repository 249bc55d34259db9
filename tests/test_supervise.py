"""A supervised part of `factdesk serve` is started again after each failure, with a pause
that doubles up to a ceiling; a configuration error is not retried."""

from __future__ import annotations

import logging
import re

import pytest

from bot.config import ConfigError
from bot.supervise import Backoff, supervise

QUICK = Backoff(first=0.1, most=0.4, healthy_after=60.0, jitter=0.0)


async def test_a_failing_part_is_restarted_with_doubling_pauses_until_it_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    attempts: list[int] = []

    async def flaky() -> None:
        attempts.append(len(attempts))
        if len(attempts) <= 4:
            raise ConnectionError(f"refused\nattempt {len(attempts)}")

    caplog.set_level(logging.WARNING, logger="factdesk.serve")
    await supervise("the test adapter", flaky, QUICK)
    assert len(attempts) == 5
    messages = [r.getMessage() for r in caplog.records]
    pauses = [float(re.findall(r"again in ([0-9.]+) s", m)[0]) for m in messages]
    assert pauses == [0.1, 0.2, 0.4, 0.4]
    # Why it stopped, on one line, for the operator.
    assert messages[0].startswith("the test adapter stopped (ConnectionError: refused attempt 1)")


async def test_a_configuration_error_stops_at_once() -> None:
    attempts: list[int] = []

    async def misconfigured() -> None:
        attempts.append(1)
        raise ConfigError("[slack] mode must be 'socket' or 'http'")

    with pytest.raises(ConfigError, match="mode must be"):
        await supervise("the slack adapter", misconfigured, QUICK)
    assert attempts == [1]


async def test_the_first_run_given_is_used_before_new_ones_are_made() -> None:
    made: list[str] = []

    async def run(label: str) -> None:
        made.append(label)
        if label == "first":
            raise OSError("port in use")

    await supervise("the part", lambda: run("again"), QUICK, first=run("first"))
    assert made == ["first", "again"]
