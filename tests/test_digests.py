"""Digests: on schedule in their timezone, new and changed figures, quiet days, exactly once
(across processes too), and settings errors that name the digest.

No test waits for a real schedule: runs are driven with explicit fire times or a fake clock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
import subprocess
import sys
import threading
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, select, update

from bot.cli import main
from bot.digests import (
    Digest,
    DigestConfigError,
    DigestRunner,
    DigestScheduler,
    all_digests,
    build_digest,
    digests_from_subscriptions,
    parse_digests,
)
from bot.render.digest_text import render_digest, render_nothing_new
from store.digests import (
    DigestContent,
    SubscriptionInfo,
    add_subscription,
    last_posted_fire_time,
    list_subscriptions,
    remove_subscription,
    run_status,
)
from store.factstore import FactStore
from store.models import DigestRun, Document
from store.readers import RawArticle
from tests.conftest import ROOT, SEEDS, create_pg_database, drop_pg_database
from tests.slack_fake import FakeSlack

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
SEED_003 = "003_d3f4b791f84820d2.txt"


class RecordingPoster:
    """A platform poster that remembers what it was asked to post."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, DigestContent]] = []
        self.posted = asyncio.Event()

    async def post(self, channel: str, digest: DigestContent) -> None:
        self.posts.append((channel, digest))
        self.posted.set()


class FailingPoster:
    """A platform that refuses the first `failures` posts (every post by default)."""

    def __init__(self, failures: int = 1_000_000) -> None:
        self.failures = failures
        self.attempts = 0
        self.posts: list[str] = []
        self.notices: list[tuple[str, str]] = []

    async def post(self, channel: str, digest: DigestContent) -> None:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise ConnectionError("platform down")
        self.posts.append(channel)

    async def notify(self, user: str, text: str) -> None:
        self.notices.append((user, text))


def make_digest(**overrides: Any) -> Digest:
    table: dict[str, Any] = {
        "id": "morning-toll",
        "schedule": "0 7 * * *",
        "timezone": "Europe/London",
        "question": "death toll Qaryatayn?",
        "window": "7d",
        "slack_channels": ["C1"],
    }
    table.update(overrides)
    return build_digest(table)


def ingest_at(store: FactStore, articles: list[RawArticle], when: dt.datetime) -> None:
    """Ingest, then set the controlled clock's time as the articles' ingest time."""
    report = store.ingest(articles)
    assert report.errors == [] and report.stored == len(articles)
    with store.sessions.begin() as session:
        session.execute(
            update(Document)
            .where(Document.id.in_([a.id for a in articles]))
            .values(ingested_at=when)
        )


def seed(name_prefix: str) -> RawArticle:
    path = next(SEEDS.glob(f"{name_prefix}_*.txt"))
    return RawArticle(id=path.name, text=path.read_text(encoding="utf-8"), origin=str(path))


def early_003() -> RawArticle:
    # The first report: 003's opening paragraph ("the bodies of at least 80 …"). The full
    # article also quotes SOHR's 128, so 128 would not be news a day later.
    text = (SEEDS / SEED_003).read_text(encoding="utf-8").split("\n\n")[0]
    assert " 80 " in text and "128" not in text
    return RawArticle(id=SEED_003, text=text, origin="early 003")


# --- the schedule, in its timezone ------------------------------------------------------------


def test_crontab_with_day_names_follows_london_across_the_dst_change() -> None:
    trigger = CronTrigger.from_crontab("0 7 * * mon-fri", timezone=LONDON)
    # Friday 23 October 2026, 05:00 UTC: 07:00 BST that day is 06:00 UTC.
    friday = trigger.get_next_fire_time(None, dt.datetime(2026, 10, 23, 5, 0, tzinfo=UTC))
    assert friday == dt.datetime(2026, 10, 23, 6, 0, tzinfo=UTC)
    # After it: the weekend is skipped, and summer time ended on Sunday 25 October, so
    # Monday's 07:00 GMT is 07:00 UTC.
    monday = trigger.get_next_fire_time(None, dt.datetime(2026, 10, 23, 6, 30, tzinfo=UTC))
    assert monday == dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
    assert monday is not None and monday.astimezone(LONDON).hour == 7


def test_previous_fire_time_is_the_scheduled_time_not_now() -> None:
    digest = make_digest(schedule="0 7 * * mon-fri")
    now = dt.datetime(2026, 10, 26, 7, 0, 3, 250000, tzinfo=UTC)  # the job ran 3.25 s late
    assert digest.previous_fire_time(now) == dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
    sunday = dt.datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
    assert digest.previous_fire_time(sunday) == dt.datetime(2026, 10, 23, 6, 0, tzinfo=UTC)
    minutely = make_digest(schedule="* * * * *")
    assert minutely.previous_fire_time(now) == dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)


async def test_the_scheduler_job_posts_for_the_scheduled_fire_time(tmp_path: Path) -> None:
    store = FactStore(f"sqlite:///{tmp_path / 'facts.db'}")
    poster = RecordingPoster()
    digest = make_digest(schedule="0 7 * * mon-fri")
    fake_now = dt.datetime(2026, 10, 26, 7, 0, 2, tzinfo=UTC)  # Monday, 07:00 GMT, 2 s late
    scheduler = DigestScheduler(
        [digest], DigestRunner(store, {"slack": poster}), clock=lambda: fake_now
    )
    scheduler.start()  # catch-up runs too, with the fake clock: the same fire time
    try:
        # Make APScheduler itself run the job now, rather than waiting for a real 07:00.
        job = scheduler.scheduler.get_job(digest.id)
        assert job is not None
        job.modify(next_run_time=dt.datetime.now(UTC))
        await asyncio.wait_for(poster.posted.wait(), 10)
        await asyncio.gather(*scheduler.catch_up_tasks)
        await asyncio.sleep(0.3)  # let the job (if it lost the claim) finish too
    finally:
        scheduler.shutdown()
    # Catch-up and the job raced for 07:00 on Monday: one post, for the scheduled time.
    assert len(poster.posts) == 1
    channel, content = poster.posts[0]
    assert channel == "C1" and content.until == dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
    with store.sessions() as session:
        assert run_status(session, digest.id, content.until) == "posted"
    store.close()


# --- what a digest says ----------------------------------------------------------------------


async def test_new_then_changed_figures(store_url: str) -> None:
    store = FactStore(store_url)
    poster = RecordingPoster()
    runner = DigestRunner(store, {"slack": poster})
    digest = make_digest(window="24h")

    ingest_at(store, [early_003()], dt.datetime(2017, 10, 23, 5, 30, tzinfo=UTC))
    first = digest.next_fire_time(dt.datetime(2017, 10, 23, 5, 31, tzinfo=UTC))
    assert first == dt.datetime(2017, 10, 23, 6, 0, tzinfo=UTC)  # 07:00 BST
    assert await runner.run(digest, first) == "posted"
    content = poster.posts[-1][1]
    assert 80 in {f.value for f in content.new} and not content.changed

    ingest_at(store, [seed("002"), seed("000")], dt.datetime(2017, 10, 23, 20, 0, tzinfo=UTC))
    second = digest.next_fire_time(first + dt.timedelta(minutes=1))
    assert second == dt.datetime(2017, 10, 24, 6, 0, tzinfo=UTC)
    assert await runner.run(digest, second) == "posted"
    content = poster.posts[-1][1]
    assert content.since == first  # from the previous post, not a whole window back
    changes = {(c.now.value, c.before.value) for c in content.changed}
    assert (128, 80) in changes
    change = next(c for c in content.changed if c.now.value == 128)
    assert change.direction == "up"
    assert change.before_reported == dt.date(2017, 10, 23)
    assert {c.document[:3] for c in change.now.citations} == {"000", "002"}
    assert {c.document[:3] for c in change.before.citations} == {"003"}
    assert change.now.source == "Syrian Observatory for Human Rights"
    assert change.before.source == "activists"
    assert 80 not in {f.value for f in content.new}  # already posted yesterday
    assert 12 in {f.value for f in content.new}

    text = render_digest(content)
    assert text is not None
    assert re.search(r"now 128, up from 80 reported on 23 October 2017", text)
    assert "VOA" in text

    # max_items: the change leads, the rest is counted, not shown.
    short = DigestRunner(store).content(make_digest(id="short", window="24h", max_items=1), second)
    assert [c.now.value for c in short.changed] == [128] and short.new == ()
    assert short.omitted == len(content.new) + len(content.changed) - 1
    assert "…and" in (render_digest(short) or "")
    store.close()


async def test_nothing_new_posts_a_line_or_nothing(store_url: str) -> None:
    store = FactStore(store_url)
    ingest_at(store, [early_003()], dt.datetime(2017, 10, 20, 5, 0, tzinfo=UTC))
    fire = dt.datetime(2017, 10, 23, 6, 0, tzinfo=UTC)

    loud_poster = RecordingPoster()
    loud = make_digest(id="loud", window="24h", quiet="post")
    assert await DigestRunner(store, {"slack": loud_poster}).run(loud, fire) == "posted"
    ((_, content),) = loud_poster.posts
    assert content.empty and render_digest(content) is None
    assert "No new figures since 2017-10-22 06:00 UTC" in render_nothing_new(content)

    quiet_poster = RecordingPoster()
    quiet = make_digest(id="quiet", window="24h", quiet="skip")
    assert await DigestRunner(store, {"slack": quiet_poster}).run(quiet, fire) == "skipped"
    assert quiet_poster.posts == []
    with store.sessions() as session:
        assert run_status(session, "quiet", fire) == "skipped"
        assert run_status(session, "loud", fire) == "posted"
    store.close()


async def test_a_fire_time_posts_once_and_a_failure_is_recorded(store_url: str) -> None:
    store = FactStore(store_url)
    poster = RecordingPoster()
    runner = DigestRunner(store, {"slack": poster})
    digest = make_digest()
    fire = dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
    assert await runner.run(digest, fire) == "posted"
    # The same instant written in London time is the same key.
    assert await runner.run(digest, fire.astimezone(LONDON)) == "taken"
    assert len(poster.posts) == 1

    failing_poster = FailingPoster()
    failing = DigestRunner(store, {"slack": failing_poster}, retry_delays=(0.0, 0.0))
    later = fire + dt.timedelta(days=1)
    assert await failing.run(digest, later) == "failed"
    assert failing_poster.attempts == 3  # tried, then retried twice
    with store.sessions() as session:
        assert run_status(session, digest.id, later) == "failed"
        # A failed run's figures are still owed: the next digest starts from the last post.
        assert (
            last_posted_fire_time(session, digest.id, before=later + dt.timedelta(days=1)) == fire
        )
        detail = session.scalar(select(DigestRun.detail).where(DigestRun.status == "failed"))
        assert detail is not None and "platform down" in detail
    store.close()


async def test_a_failed_post_is_retried_and_a_recovered_platform_gets_it(tmp_path: Path) -> None:
    store = FactStore(f"sqlite:///{tmp_path / 'facts.db'}")
    poster = FailingPoster(failures=2)
    runner = DigestRunner(store, {"slack": poster}, retry_delays=(0.01, 0.01))
    fire = dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
    assert await runner.run(make_digest(), fire) == "posted"
    assert poster.attempts == 3 and poster.posts == ["C1"]
    assert poster.notices == []  # delivered in the end: nobody to bother
    store.close()


async def test_a_subscription_that_cannot_be_posted_is_reported_to_its_subscriber(
    tmp_path: Path,
) -> None:
    store = FactStore(f"sqlite:///{tmp_path / 'facts.db'}")
    poster = FailingPoster()
    runner = DigestRunner(store, {"slack": poster}, retry_delays=(0.01, 0.01))
    sub = SubscriptionInfo(
        "c0ffee", "slack", "CNEWS", "death toll Qaryatayn", "0 7 * * *", "UTC", "U42"
    )
    (digest,) = digests_from_subscriptions([sub])
    assert digest.subscriber == "U42"
    fire = dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
    assert await runner.run(digest, fire) == "failed"
    assert poster.attempts == 3
    ((user, text),) = poster.notices
    assert user == "U42"
    assert "c0ffee" in text and "CNEWS" in text and "(3 attempt(s))" in text
    assert "platform down" in text
    # A configured digest has no subscriber: its failure is only logged and recorded.
    assert await runner.run(make_digest(), fire) == "failed"
    assert len(poster.notices) == 1
    store.close()


def test_a_stale_claim_is_taken_over_once_and_a_fresh_one_never(store_url: str) -> None:
    store = FactStore(store_url)
    fire = dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
    assert store.claim_digest_run("morning-toll", fire)
    # A claim minutes old may belong to a process still posting: it is not taken.
    assert not store.claim_digest_run("morning-toll", fire)

    def age_claim() -> None:
        with store.sessions.begin() as session:
            session.execute(
                update(DigestRun).values(claimed_at=dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC))
            )

    age_claim()  # its process stopped before recording how the run ended
    assert store.claim_digest_run("morning-toll", fire)
    assert not store.claim_digest_run("morning-toll", fire)  # the taker's claim is fresh
    age_claim()  # the taker stopped too: a run that crashes every time is not retried forever
    assert not store.claim_digest_run("morning-toll", fire)
    assert store.digest_run_status("morning-toll", fire) == "claimed"
    # A finished run is never taken over, however old.
    later = fire + dt.timedelta(days=1)
    assert store.claim_digest_run("morning-toll", later)
    store.mark_digest_run("morning-toll", later, "posted")
    age_claim()
    assert not store.claim_digest_run("morning-toll", later)
    store.close()


async def test_a_run_whose_claimer_stopped_is_posted_once_its_claim_goes_stale(
    tmp_path: Path,
) -> None:
    store = FactStore(f"sqlite:///{tmp_path / 'facts.db'}")
    digest = make_digest(schedule="0 7 * * mon-fri")
    fire = dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
    # Another replica claimed 07:00 and died before posting.
    assert store.claim_digest_run(digest.id, fire)
    poster = RecordingPoster()
    runner = DigestRunner(store, {"slack": poster}, stale_after=dt.timedelta(seconds=0.3))
    scheduler = DigestScheduler([digest], runner, clock=lambda: fire + dt.timedelta(minutes=1))
    scheduler.stale_margin = 0.05
    scheduler.start()  # catches up on 07:00, a minute late
    try:
        assert await scheduler.catch_up_tasks[0] == "taken"
        assert poster.posts == []
        await asyncio.wait_for(poster.posted.wait(), 10)
        await asyncio.gather(*scheduler.follow_ups)
    finally:
        scheduler.shutdown()
    assert len(poster.posts) == 1 and poster.posts[0][1].until == fire
    assert store.digest_run_status(digest.id, fire) == "posted"
    store.close()


async def test_catch_up_runs_a_recent_miss_once_and_skips_an_old_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = FactStore(f"sqlite:///{tmp_path / 'facts.db'}")
    poster = RecordingPoster()
    runner = DigestRunner(store, {"slack": poster})
    digest = make_digest(schedule="0 7 * * mon-fri", grace="15m")
    fire = dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC)

    recent = DigestScheduler([digest], runner, clock=lambda: fire + dt.timedelta(minutes=10))
    assert await recent.catch_up(digest) == "posted"
    assert await recent.catch_up(digest) == "taken"  # a second restart: still once
    assert len(poster.posts) == 1

    tuesday = fire + dt.timedelta(days=1)
    late = DigestScheduler([digest], runner, clock=lambda: tuesday + dt.timedelta(hours=2))
    with caplog.at_level(logging.WARNING, logger="factdesk.digests"):
        assert await late.catch_up(digest) is None
    assert "skipped missed run" in caplog.text and "morning-toll" in caplog.text
    assert len(poster.posts) == 1
    with store.sessions() as session:
        assert run_status(session, digest.id, tuesday) is None
    store.close()


# --- exactly once across processes -----------------------------------------------------------


def _fake_slack_in_thread() -> tuple[FakeSlack, Callable[[], None]]:
    """A FakeSlack served from its own event loop in a thread; returns it and a stopper."""
    loop = asyncio.new_event_loop()
    fake = FakeSlack()
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(fake.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)

    def stop() -> None:
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)

    return fake, stop


def _digest_title(payload: dict[str, Any]) -> str:
    """The digest and fire time a post carries in its message metadata."""
    metadata = payload.get("metadata")
    if isinstance(metadata, str):  # form-encoded posts carry it as JSON text
        metadata = json.loads(metadata)
    event = metadata["event_payload"]
    return f"{event['digest']} {event['fire_time']}"


@pytest.mark.postgres
def test_two_replicas_post_each_fire_time_exactly_once(pg_admin: str, tmp_path: Path) -> None:
    name, url = create_pg_database(pg_admin)
    try:
        FactStore(url).close()  # migrate once, before the replicas start
        posts = tmp_path / "posts.tsv"
        start_at = time.time() + 4  # after both interpreters have imported everything
        # Slack digests go over the wire to the loopback fake Slack (in a thread of its own,
        # since this test blocks on the replicas); Discord ones to the shared file.
        fake, stop_fake = _fake_slack_in_thread()
        script = ROOT / "tests" / "digest_replica.py"
        env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
        replicas = [
            subprocess.Popen(
                [
                    sys.executable,
                    str(script),
                    url,
                    str(posts),
                    f"r{i}",
                    "--fires",
                    "30",
                    "--start-at",
                    str(start_at),
                    "--slack-api",
                    fake.api_url,
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(2)
        ]
        for proc in replicas:
            _out, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err
        stop_fake()
        discord_lines = [line.split("\t") for line in posts.read_text().splitlines()]
        slack_posts = [c for c in fake.calls if c.name == "chat.postMessage"]
        # Each Slack post as the fake received it: (digest, channel, fire time in the title).
        slack_keys = [
            (_digest_title(c.payload), f"slack:{c.payload['channel']}") for c in slack_posts
        ]
        per_slack = Counter(slack_keys)
        assert all(n == 1 for n in per_slack.values()), per_slack.most_common(3)
        assert len(slack_posts) == 60  # every-minute to C1, weekday-mornings to C2, 30 each
        per_discord = Counter((d, ch, fire) for _r, d, ch, fire in discord_lines)
        assert all(n == 1 for n in per_discord.values()), per_discord.most_common(3)
        assert len(discord_lines) == 30  # every-minute to D1
        assert {ch for _t, ch in per_slack} == {"slack:C1", "slack:C2"}
        store = FactStore(url)
        with store.sessions() as session:
            statuses = session.execute(
                select(DigestRun.status, func.count()).group_by(DigestRun.status)
            ).all()
        store.close()
        assert dict(statuses) == {"posted": 60}
    finally:
        drop_pg_database(pg_admin, name)


def test_the_store_side_of_digests_does_not_import_the_bot() -> None:
    from tests.test_architecture import imported_by

    assert not imported_by("store.digests") & {
        "bot",
        "discord",
        "slack_bolt",
        "slack_sdk",
        "apscheduler",
    }
    # Commands other than `digest` start without the scheduler.
    assert "apscheduler" not in imported_by("bot.cli")


# --- settings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"schedule": "0 7 * *"}, "digest 'morning-toll': bad schedule '0 7 * *': "),
        ({"schedule": "0 25 * * *"}, "digest 'morning-toll': bad schedule '0 25 * * *': "),
        ({"schedule": "0 7 * * funday"}, "digest 'morning-toll': bad schedule '0 7 * * funday': "),
        ({"timezone": "Europe/Londn"}, "digest 'morning-toll': unknown timezone 'Europe/Londn'"),
        ({"slack_channels": []}, "digest 'morning-toll': no channels"),
        ({"window": "forever"}, "digest 'morning-toll': bad window 'forever'"),
        ({"quiet": "silent"}, "digest 'morning-toll': quiet must be 'post' or 'skip'"),
        ({"max_items": "ten"}, "digest 'morning-toll': max_items must be int"),
        ({"colour": "red"}, "digest 'morning-toll' has no setting 'colour'"),
    ],
)
def test_bad_settings_name_the_digest(override: dict[str, Any], message: str) -> None:
    with pytest.raises(DigestConfigError) as caught:
        make_digest(**override)
    assert str(caught.value).startswith(message), str(caught.value)


def test_unknown_channel_and_duplicate_ids_are_refused() -> None:
    table = {"id": "t", "schedule": "0 7 * * *", "question": "q", "slack_channels": ["C9"]}
    with pytest.raises(DigestConfigError, match=r"digest 't': unknown slack channel 'C9'"):
        parse_digests([table], {"slack": {"C1", "C2"}})
    assert parse_digests([table], {"slack": set()})[0].channels == (("slack", "C9"),)
    with pytest.raises(DigestConfigError, match="digest 't': defined twice"):
        parse_digests([table, table])


def test_the_documented_example_parses() -> None:
    doc = (ROOT / "docs" / "digests.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", doc, re.S)
    assert block is not None
    (digest,) = parse_digests(tomllib.loads(block.group(1))["digests"])
    assert digest.id == "morning-toll" and digest.quiet == "post"
    assert digest.window == dt.timedelta(hours=24) and digest.grace == dt.timedelta(minutes=15)
    assert digest.channels == (("slack", "C0123456789"), ("discord", "112233445566778899"))


# --- subscriptions and the command line -------------------------------------------------------


def test_subscriptions_are_kept_and_become_digests(store_url: str) -> None:
    store = FactStore(store_url)
    sub = SubscriptionInfo(
        "s1", "discord", "42", "death toll Qaryatayn?", "30 8 * * sat", "Asia/Damascus", "u7"
    )
    with store.sessions() as session:
        assert add_subscription(session, sub)
        assert not add_subscription(session, sub)  # the id is taken
        assert add_subscription(
            session, SubscriptionInfo("s2", "slack", "C1", "q", "bad", "UTC", None)
        )
        assert [s.id for s in list_subscriptions(session, platform="discord")] == ["s1"]
        subs = list_subscriptions(session)
    (digest,) = digests_from_subscriptions(subs)  # the bad schedule is logged and left out
    assert digest.id == "sub:s1" and digest.channels == (("discord", "42"),)
    with store.sessions() as session:
        assert remove_subscription(session, "s1")
        assert not remove_subscription(session, "s1")
        assert [s.id for s in list_subscriptions(session)] == ["s2"]
    store.close()


async def test_config_and_subscriptions_are_scheduled_together(tmp_path: Path) -> None:
    store = FactStore(f"sqlite:///{tmp_path / 'facts.db'}")
    config = tmp_path / "factdesk.toml"
    config.write_text(
        '[[digests]]\nid = "sub:clash"\nschedule = "0 7 * * *"\nquestion = "q"\n'
        "discord_channels = [42]\n",
        encoding="utf-8",
    )
    with store.sessions() as session:
        for sid in ("clash", "weekly"):
            add_subscription(
                session, SubscriptionInfo(sid, "slack", "C1", "q", "0 9 * * mon", "UTC", None)
            )
    digests = all_digests(store, config)
    assert [(d.id, d.channels) for d in digests] == [
        ("sub:clash", (("discord", "42"),)),  # the configured one wins
        ("sub:weekly", (("slack", "C1"),)),
    ]
    scheduler = DigestScheduler(digests, DigestRunner(store))
    scheduler.start()
    try:
        scheduler.add(make_digest(id="added"))
        assert {j.id for j in scheduler.scheduler.get_jobs()} == {
            "sub:clash",
            "sub:weekly",
            "added",
        }
        assert scheduler.remove("sub:weekly") and not scheduler.remove("sub:weekly")
        assert {j.id for j in scheduler.scheduler.get_jobs()} == {"sub:clash", "added"}
        await asyncio.gather(*scheduler.catch_up_tasks)
    finally:
        scheduler.shutdown()
    store.close()


def test_cli_lists_and_dry_runs_a_digest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'facts.db'}"
    store = FactStore(db)
    ingest_at(store, [early_003()], dt.datetime(2017, 10, 23, 5, 30, tzinfo=UTC))
    ingest_at(store, [seed("000")], dt.datetime(2017, 10, 23, 20, 0, tzinfo=UTC))
    store.close()
    config = tmp_path / "factdesk.toml"
    config.write_text(
        '[[digests]]\nid = "morning-toll"\nschedule = "0 7 * * mon-fri"\n'
        'timezone = "Europe/London"\nquestion = "death toll Qaryatayn?"\n'
        'window = "12h"\nslack_channels = ["C1"]\n',
        encoding="utf-8",
    )
    assert main(["--db", db, "digest", "--config", str(config), "list"]) == 0
    listed = capsys.readouterr().out
    assert "morning-toll" in listed and "0 7 * * mon-fri (Europe/London)" in listed

    args = ["--db", db, "digest", "--config", str(config), "run", "morning-toll"]
    assert main([*args, "--dry-run", "--at", "2017-10-24T07:00"]) == 0
    out = capsys.readouterr().out
    assert "now 128, up from 80 reported on 23 October 2017" in out
    assert main([*args, "--dry-run", "--at", "2017-10-23T19:00"]) == 0  # between the two: nothing
    assert "No new figures since" in capsys.readouterr().out
    # A dry run records nothing; without --dry-run the CLI has no posters and says so.
    assert main(args) == 1
    assert "--dry-run" in capsys.readouterr().err
    assert main(["--db", db, "digest", "--config", str(config), "run", "nope", "--dry-run"]) == 1
    assert "No digest 'nope'" in capsys.readouterr().err
    with FactStore(db).sessions() as session:
        assert session.scalar(select(func.count()).select_from(DigestRun)) == 0
