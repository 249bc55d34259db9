"""The conversation core on its own: routing, policy and failure replies decided once for
every platform, and the store-kept snapshots behind "More" and share buttons (on SQLite and
PostgreSQL). A real store built from the seeds; no chat library involved."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import messages
from bot.answering import ProcessAnswering
from bot.commands import Caller, ChatCommands
from bot.conversation import Conversation, Entry, Kind, Policy, Visibility, help_text
from bot.core import FactDesk
from store.answer import Answer, AnswerEvent
from store.errors import StoreUnavailable
from store.factstore import FactStore, open_store
from store.readers import RawArticle
from tests.chat_fixtures import SEEDS, RecordingAnswering

SLACK_USER = Caller("slack", "U42", "C1", name="editor")
DISCORD_USER = Caller("discord", "7", "3000", places=("3100", "2000"), name="reporter")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FactStore]:
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('conversation') / 'facts.db'}")
    s.ingest_paths([SEEDS])
    yield s
    s.close()


def talk(store: FactStore, platform: str = "slack", policy: Policy | None = None) -> Conversation:
    desk = FactDesk(store)
    commands = ChatCommands(desk, {"slack": ["U42"], "discord": ["7"]})
    return Conversation(desk, commands, platform, policy or Policy())


async def test_every_question_is_answered_through_the_answering_the_core_is_given(
    seeds: FactStore,
) -> None:
    desk = FactDesk(seeds)
    answering = RecordingAnswering(desk)
    core = Conversation(desk, ChatCommands(desk, {"slack": ["U42"]}), "slack", Policy(), answering)
    for entry in (Entry.COMMAND, Entry.MENTION, Entry.DM):
        reply = await core.handle("death toll Qaryatayn?", SLACK_USER, entry)
        assert reply.kind is Kind.ANSWER and reply.has_figures
    found = await core.find_in_message("How many died in Qaryatayn?", SLACK_USER)
    assert found.has_figures
    home = await core.home()
    assert home.overview is not None
    places = [place for place, _ in home.overview.places[:3]]
    # Help, sources and admin commands are not questions: nothing is computed for them.
    for text in ("help", "sources", "remove no-such-article"):
        await core.handle(text, SLACK_USER, Entry.COMMAND)
    assert answering.questions == [
        *["death toll Qaryatayn?"] * 3,
        "How many died in Qaryatayn?",
        *places,
    ]


async def test_the_core_answers_in_worker_processes_as_in_this_one(seeds: FactStore) -> None:
    desk = FactDesk(seeds)
    commands = ChatCommands(desk, {})
    here = await talk(seeds).handle("death toll Qaryatayn?", SLACK_USER, Entry.COMMAND)
    workers = ProcessAnswering(desk, workers=1)
    try:
        core = Conversation(desk, commands, "slack", Policy(), workers)
        there = await core.handle("death toll Qaryatayn?", SLACK_USER, Entry.COMMAND)
    finally:
        await asyncio.to_thread(workers.close)
    assert here.answer is not None and there.answer is not None
    assert there.answer.figures and there.answer == here.answer


async def test_help_is_one_text_however_and_wherever_it_is_asked(seeds: FactStore) -> None:
    replies = [
        await talk(seeds).handle("help", SLACK_USER, Entry.COMMAND),
        await talk(seeds).handle("", SLACK_USER, Entry.MENTION),
        await talk(seeds, "discord").handle("Help?", DISCORD_USER, Entry.MENTION),
        await talk(seeds, "discord").handle("help", DISCORD_USER, Entry.DM),
    ]
    assert {r.kind for r in replies} == {Kind.HELP}
    assert {r.text for r in replies} == {help_text()}
    for command in ("/fact-subscribe", "/fact-sources", "sources", "unsubscribe <id>"):
        assert command in help_text()


async def test_sources_and_admin_commands_are_routed_not_asked(seeds: FactStore) -> None:
    sources = await talk(seeds).handle("sources", SLACK_USER, Entry.COMMAND)
    assert sources.kind is Kind.SOURCES and sources.overview is not None
    assert sources.overview.documents == 5
    removed = await talk(seeds).handle("remove no-such-article", SLACK_USER, Entry.COMMAND)
    assert removed.kind is Kind.ADMIN
    assert removed.text == messages.NOT_FOUND_DOCUMENT.format(id="no-such-article")
    refused = await talk(seeds).handle("remove x", Caller("slack", "U9", "C1"), Entry.DM)
    assert (refused.kind, refused.text) == (Kind.ADMIN, messages.ADMIN_ONLY)


async def test_answers_are_private_unless_the_channel_is_public(seeds: FactStore) -> None:
    policy = Policy.of([], ["CPUB"])
    core = talk(seeds, policy=policy)
    private = await core.handle("death toll Qaryatayn?", SLACK_USER, Entry.COMMAND)
    assert private.kind is Kind.ANSWER and private.visibility is Visibility.PRIVATE
    assert private.shareable
    public_caller = Caller("slack", "U42", "CPUB")
    public = await core.handle("death toll Qaryatayn?", public_caller, Entry.COMMAND)
    assert public.visibility is Visibility.PUBLIC and not public.shareable
    # Help in a public channel is still only for the one who asked.
    assert (await core.handle("help", public_caller, Entry.COMMAND)).visibility == "private"
    # Under a mention the channel saw the question already; a DM is private by nature.
    mention = await core.handle("death toll Qaryatayn?", SLACK_USER, Entry.MENTION)
    assert mention.visibility is Visibility.PUBLIC
    dm = Caller("slack", "U42", "D1", is_dm=True)
    in_dm = await core.handle("death toll Qaryatayn?", dm, Entry.DM)
    assert in_dm.visibility is Visibility.PRIVATE and in_dm.has_figures
    assert not in_dm.shareable  # no channel to post it to


async def test_the_allowlist_names_channels_threads_parents_or_guilds(seeds: FactStore) -> None:
    core = talk(seeds, "discord", Policy.of([2000], []))
    assert (await core.handle("help", DISCORD_USER, Entry.COMMAND)).kind is Kind.HELP
    elsewhere = Caller("discord", "7", "3000", places=("9999",))
    refused = await core.handle("death toll?", elsewhere, Entry.MENTION)
    assert (refused.kind, refused.visibility) == (Kind.NOTICE, Visibility.PRIVATE)
    assert refused.text == messages.NOT_HERE
    dm = Caller("discord", "7", "5000", is_dm=True)
    assert (await core.handle("help", dm, Entry.DM)).kind is Kind.HELP


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (StoreUnavailable("connection refused"), messages.STORE_UNAVAILABLE),
        (RuntimeError("disk on fire"), messages.APOLOGY),
    ],
)
async def test_a_store_failure_is_the_same_short_notice_on_every_route(
    seeds: FactStore, monkeypatch: pytest.MonkeyPatch, failure: Exception, said: str
) -> None:
    def broken(*args: object, **kwargs: object) -> Answer:
        raise failure

    for method in ("ask", "overview", "document_figures"):
        monkeypatch.setattr(seeds, method, broken)
    for platform, caller in (("slack", SLACK_USER), ("discord", DISCORD_USER)):
        core = talk(seeds, platform)
        for text in ("death toll Qaryatayn?", "sources"):
            for entry in (Entry.COMMAND, Entry.MENTION, Entry.DM):
                reply = await core.handle(text, caller, entry)
                assert (reply.kind, reply.text) == (Kind.NOTICE, said), (platform, text, entry)
        found = await core.find_in_message("see https://news.example/x for the toll", caller)
        assert (found.kind, found.text) == (Kind.NOTICE, said)


async def test_find_in_message_asks_about_the_words_of_a_message(seeds: FactStore) -> None:
    core = talk(seeds)
    words = await core.find_in_message("How many died in Qaryatayn, <@U1>?", SLACK_USER)
    assert words.kind is Kind.ANSWER and words.has_figures
    assert words.visibility is Visibility.PRIVATE
    # A link the store does not hold is no question, and nothing else is left to ask.
    nothing = await core.find_in_message("https://elsewhere.example/page", SLACK_USER)
    assert (nothing.kind, nothing.text) == (Kind.NOTICE, messages.FIND_NOTHING_TO_ASK)


async def test_find_in_message_lists_the_figures_of_a_stored_link(store: FactStore) -> None:
    url = "https://news.example/harbour-storm"
    store.ingest(
        [
            RawArticle(
                id=url,
                text="At least 14 people were killed when the storm hit Port Elms, "
                "the coastguard said on Friday.",
                origin="test",
                title="Storm kills 14",
            )
        ]
    )
    reply = await talk(store).find_in_message(f"Did you see <{url}|this>?", SLACK_USER)
    assert reply.kind is Kind.ADMIN and reply.text is not None
    count = len(store.document_figures(url))  # the headline's figure and the body's
    assert reply.text.startswith(messages.FIND_IN_ARTICLE.format(id=url, count=count))
    assert "14" in reply.text


async def test_a_snapshot_is_shared_once_and_remembers_by_whom(empty_store: FactStore) -> None:
    core = talk(empty_store)
    key = await core.keep({"question": "q", "pages": [{"text": "page one"}]})
    assert key is not None
    snapshot = await core.snapshot(key)
    assert snapshot is not None and snapshot.payload["pages"][0]["text"] == "page one"
    first = await core.share(key, "@editor")
    assert first.snapshot is not None and first.snapshot.shared_by == "@editor"
    second = await core.share(key, "@someone-else")
    assert second.snapshot is None and second.already_by == "@editor"
    gone = await core.share("no-such-key", "@editor")
    assert gone.snapshot is None and gone.already_by is None and not gone.failed


async def test_bot_state_is_kept_in_the_store(empty_store: FactStore) -> None:
    assert empty_store.state("discord.commands") is None
    empty_store.set_state("discord.commands", "abc")
    empty_store.set_state("discord.commands", "def")
    assert empty_store.state("discord.commands") == "def"


async def test_home_lists_the_latest_events_at_the_most_covered_places(
    seeds: FactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The store does not fill events yet: stand in answers that carry some, newest last.
    asked: list[str] = []

    def with_events(question: str) -> Answer:
        asked.append(question)
        day = dt.date(2017, 10, len(asked))
        event = AnswerEvent(f"e{len(asked)}", question, day, day, question, lead=None)
        return Answer(query=question, events=(event,))

    monkeypatch.setattr(seeds, "ask", with_events)
    home = await talk(seeds).home()
    assert home.overview is not None and home.recent
    assert asked == [place for place, _ in home.overview.places[:3]]
    assert [e.place for e in home.events] == asked[::-1]  # newest first


async def test_a_snapshot_past_its_days_is_gone_and_its_buttons_say_so(
    empty_store: FactStore,
) -> None:
    from sqlalchemy import update

    from store.chatstate import SNAPSHOT_DAYS
    from store.models import ReplySnapshot

    core = talk(empty_store)
    old = await core.keep({"pages": [{"text": "last month"}]})
    assert old is not None
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=SNAPSHOT_DAYS + 1)
    with empty_store.write_sessions() as session:
        session.execute(
            update(ReplySnapshot).where(ReplySnapshot.key == old).values(created_at=long_ago)
        )
        session.commit()
    assert await core.snapshot(old) is None  # past its days: gone, whether swept or not
    gone = await core.share(old, "@editor")
    assert gone.snapshot is None and gone.already_by is None
    # A process sweeps expired rows at its first save (then hourly): a fresh store's is now.
    another = FactStore(empty_store.url)
    try:
        await talk(another).keep({"pages": [{"text": "today"}]})
    finally:
        another.close()
    with empty_store.sessions() as session:
        assert session.get(ReplySnapshot, old) is None


def test_answering_workers_log_at_the_serving_process_level(tmp_path: Path) -> None:
    """A spawned worker starts with logging unconfigured: it is handed the server's level, so
    what it logs reaches the operator's standard error like the server's own lines."""
    script = (
        "import asyncio, logging\n"
        "from bot import logs\n"
        "from bot.answering import ProcessAnswering\n"
        "from bot.core import FactDesk\n"
        "from store.factstore import FactStore\n"
        "logs.configure(logging.INFO)\n"
        f"desk = FactDesk(FactStore('sqlite:///{tmp_path / 'store.db'}'))\n"
        "workers = ProcessAnswering(desk, workers=1)\n"
        "asyncio.run(workers.warm())\n"
        "workers.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert "INFO factdesk.answering: answering worker" in done.stderr
