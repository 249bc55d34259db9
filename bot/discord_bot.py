"""The Discord adapter: slash commands, the "Find figures in this message" menu, mentions of
the bot or its role, DMs, and the More / Post publicly buttons.

A thin translation between discord.py events and the conversation core (bot/conversation.py),
which decides what to say, to whom, and what a failure tells the user; the store is reached
only through the core. No privileged intent is needed: Discord delivers the content of
messages that mention the bot, of DMs and of messages a context menu is used on without the
message-content intent.

The renderer (bot/render/discord_embeds.py) imports no Discord library and returns plain embed
dicts; they become `discord.Embed`s here, with `Embed.from_dict`, only where a message is sent.

Every send passes `allowed_mentions=AllowedMentions.none()` (and the client default is the
same), so neither a question nor an article quote can ping anyone.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from collections.abc import Awaitable
from typing import Any

import discord
from discord import app_commands

from bot import messages
from bot.answering import Answering
from bot.autocomplete import NameIndex
from bot.commands import Caller, ChatCommands, Runtime
from bot.config import AnswerSettings, ConfigError, DiscordSettings, Settings, secret
from bot.conversation import ChatReply, Conversation, Entry, Policy, Visibility
from bot.core import FactDesk
from bot.digests import DigestPostError
from bot.render.chat_pages import chat_pages
from bot.render.discord_embeds import (
    MAX_CONTENT,
    DiscordMessage,
    neutralise_mentions,
    render_answer,
    render_digest_message,
    render_overview_embed,
    truncate,
)
from store.answer import Answer
from store.chatstate import Snapshot
from store.digests import DigestContent

log = logging.getLogger("factdesk.discord")

NO_MENTIONS = discord.AllowedMentions.none()
TOKEN_ENV = "DISCORD_TOKEN"
COMMANDS_STATE = "discord.commands"  # the bot-state entry holding the synced command set's hash
READY_TIMEOUT = 60.0  # how long a digest waits for the gateway before giving up on a post


def to_embeds(message: DiscordMessage) -> list[discord.Embed]:
    """The renderer's embed dicts as discord.py embeds, at the edge where they are sent."""
    return [discord.Embed.from_dict(d) for d in message.embeds]


def reply_message(reply: ChatReply) -> DiscordMessage:
    """A reply as one Discord message (an answer: its first page)."""
    if reply.answer is not None:
        return render_answer(reply.answer)
    if reply.overview is not None:
        return DiscordMessage(
            embeds=[render_overview_embed(reply.overview, messages.DISCORD_STORE_LABEL)]
        )
    text = neutralise_mentions(reply.text or messages.APOLOGY)
    return DiscordMessage(content=truncate(text, MAX_CONTENT))


def page_messages(answer: Answer, first: int) -> list[DiscordMessage]:
    """Every page of an answer as Discord renders it (`first` figures quoted on page one):
    what a snapshot keeps."""
    return [render_answer(answer, page) for page in chat_pages(answer, first)]


def _payload(message: DiscordMessage) -> dict[str, Any]:
    return {"content": message.content, "embeds": message.embeds}


def _message(payload: dict[str, Any]) -> DiscordMessage:
    return DiscordMessage(content=payload.get("content"), embeds=list(payload.get("embeds") or []))


def _pages(snapshot: Snapshot) -> list[dict[str, Any]]:
    return list(snapshot.payload.get("pages") or [])


# ---- buttons that outlive the process ---------------------------------------------------------
#
# A button's state is in its custom id ("factdesk:more:<key>:<page>", "factdesk:share:<key>")
# and the reply it stands for is a snapshot in the store, so a button still works after a
# restart, on any replica, days later. discord.py's DynamicItem matches the ids by template;
# the bot registers both kinds at start (`add_dynamic_items`), and views never time out.


class MoreButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"factdesk:more:(?P<key>[\w-]+):(?P<page>\d+)",
):
    """Shows the next page of an answer, privately to whoever pressed it."""

    def __init__(self, key: str, page: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=messages.CHAT_MORE,
                style=discord.ButtonStyle.secondary,
                custom_id=f"factdesk:more:{key}:{page}",
            )
        )
        self.key = key
        self.page = page

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> MoreButton:
        return cls(match["key"], int(match["page"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        assert isinstance(bot, FactDeskBot)
        await bot.pressed(interaction, bot.show_page(interaction, self.key, self.page))


class ShareButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"factdesk:share:(?P<key>[\w-]+)",
):
    """Posts the private answer, exactly as previewed, to the channel; works once."""

    def __init__(self, key: str, *, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=messages.DISCORD_POST_PUBLICLY,
                style=discord.ButtonStyle.primary,
                custom_id=f"factdesk:share:{key}",
                disabled=disabled,
            )
        )
        self.key = key

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> ShareButton:
        return cls(match["key"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        assert isinstance(bot, FactDeskBot)
        await bot.pressed(interaction, bot.share(interaction, self.key))


def answer_view(
    key: str | None, *, next_page: int | None, share: bool, shared: bool = False
) -> discord.ui.View | None:
    """The buttons under a page (None: no buttons). Never times out: see above."""
    if key is None or (next_page is None and not share):
        return None
    view = discord.ui.View(timeout=None)
    if next_page is not None:
        view.add_item(MoreButton(key, next_page))
    if share:
        view.add_item(ShareButton(key, disabled=shared))
    return view


class DiscordDigestPoster:
    """Posts digests to a channel as embeds, with no allowed mentions (nothing can ping)."""

    def __init__(self, bot: discord.Client) -> None:
        self.bot = bot

    async def _channel(self, channel_id: str) -> discord.abc.Messageable:
        # A digest due at start may fire before the gateway is ready; the cache fills then.
        await asyncio.wait_for(self.bot.wait_until_ready(), READY_TIMEOUT)
        cid = int(channel_id)  # ValueError: not a Discord id
        channel = self.bot.get_channel(cid) or await self.bot.fetch_channel(cid)
        if not isinstance(channel, discord.abc.Messageable):
            raise ValueError(f"channel {channel_id} cannot receive messages")
        return channel

    async def post(self, channel: str, digest: DigestContent) -> None:
        message = render_digest_message(digest)
        try:
            target = await self._channel(channel)
            await target.send(
                content=message.content or None,
                embeds=to_embeds(message),
                allowed_mentions=NO_MENTIONS,
            )
        except discord.Forbidden as exc:  # no retry gives the bot its permissions back
            raise DigestPostError(await self.can_post(channel) or str(exc)) from exc

    async def can_post(self, channel: str) -> str | None:
        """Why the bot cannot post digests in `channel` (its permissions there), or None."""
        try:
            target = await self._channel(channel)
        except (ValueError, discord.NotFound, discord.Forbidden):
            return await self.check(channel)
        except (TimeoutError, discord.HTTPException) as exc:  # posting will tell, and report
            log.warning("cannot check Discord channel %s: %r", channel, exc)
            return None
        if not isinstance(target, discord.abc.GuildChannel):
            return None  # a DM: the bot can always answer there
        allowed = target.permissions_for(target.guild.me)
        needed = {
            "View Channel": allowed.view_channel,
            "Send Messages": allowed.send_messages,
            "Embed Links": allowed.embed_links,  # a digest is embeds
        }
        missing = [name for name, ok in needed.items() if not ok]
        return messages.DISCORD_CANNOT_SEND.format(missing=", ".join(missing)) if missing else None

    async def notify(self, user: str, text: str) -> None:
        """A DM to one user (a subscriber whose digest could not be posted)."""
        uid = int(user)
        target = self.bot.get_user(uid) or await self.bot.fetch_user(uid)
        await target.send(truncate(neutralise_mentions(text), 2000), allowed_mentions=NO_MENTIONS)

    async def check(self, channel: str) -> str | None:
        """None when Discord knows the channel (or it cannot be checked now), else why not."""
        try:
            await self._channel(channel)
        except ValueError:
            return "not a Discord text channel id"
        except discord.NotFound:
            return "Discord says it does not exist"
        except discord.Forbidden:
            return "the bot cannot see it (check its permissions)"
        except (TimeoutError, discord.HTTPException) as exc:  # not ready, or Discord trouble
            log.warning("cannot check Discord channel %s: %r", channel, exc)
        return None


def command_set_hash(payload: list[dict[str, Any]], guilds: list[int]) -> str:
    """A digest of the commands as Discord receives them and where they go: syncing again
    only when it changes keeps restarts clear of Discord's command rate limits."""
    text = json.dumps({"commands": payload, "guilds": sorted(guilds)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


class FactDeskBot(discord.Client):
    """discord.py client: slash commands, a message menu, mentions and DMs, all through the
    conversation core (bot/conversation.py); this class only translates."""

    def __init__(
        self,
        desk: FactDesk,
        settings: DiscordSettings,
        answers: AnswerSettings | None = None,
        commands: ChatCommands | None = None,
        answering: Answering | None = None,
        **options: Any,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # channels and the guild cache for interactions
        intents.guild_messages = True  # mentions in guild channels
        intents.dm_messages = True  # questions in DMs
        intents.message_content = False  # privileged; mentions and DMs carry content anyway
        options.setdefault("allowed_mentions", NO_MENTIONS)
        super().__init__(intents=intents, **options)
        self.desk = desk
        self.settings = settings
        self.answers = answers or AnswerSettings()
        self.commands = commands or ChatCommands(desk, {"discord": settings.admins})
        self.talk = Conversation(
            desk,
            self.commands,
            "discord",
            Policy.of(settings.allowed_channels, settings.public_channels, self.answers.public),
            answering,
        )
        self.names = NameIndex(desk.store)
        # `/fact-subscribe` asks whether the bot can post in the channel before storing.
        self.commands.posters.setdefault("discord", DiscordDigestPoster(self))
        self.tree: app_commands.CommandTree[FactDeskBot] = app_commands.CommandTree(self)
        self.tree.on_error = self.on_tree_error  # type: ignore[method-assign]
        self._register_commands()

    # -- who and where --------------------------------------------------------------------

    @staticmethod
    def caller(user: discord.abc.User, channel: Any, guild_id: int | None) -> Caller:
        """The conversation's view of a Discord user in a channel: a thread is also its
        parent channel, and the guild itself may be on the allowlist."""
        places = [str(p) for p in (getattr(channel, "parent_id", None), guild_id) if p]
        return Caller(
            "discord",
            str(user.id),
            str(getattr(channel, "id", "") or ""),
            is_dm=guild_id is None,
            places=tuple(places),
            name=user.display_name,
        )

    def interaction_caller(self, interaction: discord.Interaction) -> Caller:
        return self.caller(interaction.user, interaction.channel, interaction.guild_id)

    # -- commands -------------------------------------------------------------------------

    def _register_commands(self) -> None:
        @app_commands.command(name="fact", description=messages.DISCORD_FACT_DESCRIPTION)
        @app_commands.describe(question=messages.DISCORD_QUESTION_DESCRIPTION)
        async def fact(interaction: discord.Interaction, question: str) -> None:
            await self.handle(interaction, question)

        @fact.autocomplete("question")
        async def fact_autocomplete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            # Warm names, matched off the event loop within Discord's 3 s (bot/autocomplete.py).
            found = await self.names.suggest(current)
            return [app_commands.Choice(name=s, value=s) for s in found]

        @app_commands.command(name="fact-sources", description=messages.DISCORD_SOURCES_DESCRIPTION)
        async def fact_sources(interaction: discord.Interaction) -> None:
            await self.handle(interaction, "sources")

        @app_commands.command(name="fact-help", description=messages.DISCORD_HELP_DESCRIPTION)
        async def fact_help(interaction: discord.Interaction) -> None:
            await self.handle(interaction, "help")

        # Admin commands: shown only to members who may manage the server (admins can widen
        # that per command in Server Settings → Integrations), never in DMs; the admins list
        # in the config is still checked by the core for every use.
        admin_only = app_commands.default_permissions(manage_guild=True)

        @app_commands.command(name="fact-add", description=messages.DISCORD_ADD_DESCRIPTION)
        @app_commands.describe(url=messages.DISCORD_ADD_URL_DESCRIPTION)
        @app_commands.guild_only()
        @admin_only
        async def fact_add(interaction: discord.Interaction, url: str) -> None:
            await self.handle(interaction, f"add {url}")

        @app_commands.command(name="fact-remove", description=messages.DISCORD_REMOVE_DESCRIPTION)
        @app_commands.describe(id=messages.DISCORD_REMOVE_ID_DESCRIPTION)
        @app_commands.guild_only()
        @admin_only
        async def fact_remove(interaction: discord.Interaction, id: str) -> None:
            await self.handle(interaction, f"remove {id}")

        @app_commands.command(
            name="fact-subscribe", description=messages.DISCORD_SUBSCRIBE_DESCRIPTION
        )
        @app_commands.describe(
            question=messages.DISCORD_SUBSCRIBE_QUESTION_DESCRIPTION,
            schedule=messages.DISCORD_SUBSCRIBE_SCHEDULE_DESCRIPTION,
            timezone=messages.DISCORD_SUBSCRIBE_TIMEZONE_DESCRIPTION,
        )
        @app_commands.guild_only()
        @admin_only
        async def fact_subscribe(
            interaction: discord.Interaction,
            question: str,
            schedule: str,
            timezone: str | None = None,
        ) -> None:
            # The core parses "question | schedule [| timezone]"; a "|" typed inside an
            # option would shift the fields, so it is dropped here.
            fields = [question, schedule] + ([timezone] if timezone else [])
            await self.handle(
                interaction, "subscribe " + " | ".join(f.replace("|", " ") for f in fields)
            )

        @app_commands.command(
            name="fact-unsubscribe", description=messages.DISCORD_UNSUBSCRIBE_DESCRIPTION
        )
        @app_commands.describe(id=messages.DISCORD_UNSUBSCRIBE_ID_DESCRIPTION)
        @app_commands.guild_only()
        @admin_only
        async def fact_unsubscribe(interaction: discord.Interaction, id: str) -> None:
            await self.handle(interaction, f"unsubscribe {id}")

        async def find_figures(interaction: discord.Interaction, message: discord.Message) -> None:
            await self.find_in_message(interaction, message)

        commands: list[app_commands.Command[Any, Any, None]] = [
            fact,
            fact_sources,
            fact_help,
            fact_add,
            fact_remove,
            fact_subscribe,
            fact_unsubscribe,
        ]
        for command in commands:
            self.tree.add_command(command)
        self.tree.add_command(
            app_commands.ContextMenu(name=messages.FIND_FIGURES, callback=find_figures)
        )

    async def handle(self, interaction: discord.Interaction, text: str) -> None:
        """Any slash command: refused at once where the bot does not answer, else deferred
        (answering or fetching a page can take longer than Discord's 3 s), then the core's
        reply, private or public as the core says, with its buttons."""
        caller = self.interaction_caller(interaction)
        refusal = self.talk.refuse(caller, text)
        if refusal is not None:
            await self.respond(interaction, refusal)
            return
        kind = self.talk.kind_of(text)
        private = self.talk.visibility(caller, Entry.COMMAND, kind) is Visibility.PRIVATE
        await interaction.response.defer(ephemeral=private, thinking=True)
        reply = await self.talk.handle(text, caller, Entry.COMMAND)
        if not private and reply.visibility is Visibility.PRIVATE:
            # Discord sends the first follow-up after a deferral with the deferral's
            # visibility: a notice meant for the asker alone (a store failure) would replace
            # the public "thinking…". Removing that message first lets the notice be private.
            await interaction.delete_original_response()
        await self.respond(interaction, reply)

    async def find_in_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        """The message menu's "Find figures in this message": always answered privately."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        text = " ".join([message.content, *(e.url or "" for e in message.embeds)])
        reply = await self.talk.find_in_message(text, self.interaction_caller(interaction))
        await self.respond(interaction, reply)

    async def respond(self, interaction: discord.Interaction, reply: ChatReply) -> None:
        """Send a reply to an interaction, deferred or not, with its buttons."""
        out, view = await self.render(reply)
        private = reply.visibility is Visibility.PRIVATE
        if interaction.response.is_done():
            await interaction.followup.send(
                content=out.content or discord.utils.MISSING,
                embeds=to_embeds(out),
                ephemeral=private,
                allowed_mentions=NO_MENTIONS,
                view=view or discord.utils.MISSING,
            )
        else:
            await interaction.response.send_message(
                content=out.content,
                embeds=to_embeds(out),
                ephemeral=private,
                allowed_mentions=NO_MENTIONS,
                view=view or discord.utils.MISSING,
            )

    async def render(self, reply: ChatReply) -> tuple[DiscordMessage, discord.ui.View | None]:
        """A reply as a message; an answer with figures gets its pages kept in the store and
        the buttons that reach them."""
        if reply.answer is None or not reply.has_figures:
            return reply_message(reply), None
        pages = page_messages(reply.answer, self.answers.max_figures)
        more = len(pages) > 1
        key = None
        if more or reply.shareable:
            key = await self.talk.keep(
                {"question": reply.answer.query, "pages": [_payload(p) for p in pages]}
            )
        view = answer_view(key, next_page=1 if more else None, share=reply.shareable)
        return pages[0], view

    async def show_page(self, interaction: discord.Interaction, key: str, number: int) -> None:
        """ "More": page `number` of a kept answer, privately to whoever pressed it."""
        snapshot = await self.talk.snapshot(key)
        pages = _pages(snapshot) if snapshot is not None else []
        if not 0 <= number < len(pages):
            await self.notify(interaction, messages.CHAT_EXPIRED)
            return
        out = _message(pages[number])
        view = answer_view(
            key, next_page=number + 1 if number + 1 < len(pages) else None, share=False
        )
        await interaction.response.send_message(
            content=out.content,
            embeds=to_embeds(out),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
            view=view or discord.utils.MISSING,
        )

    async def share(self, interaction: discord.Interaction, key: str) -> None:
        """ "Post publicly": the first page exactly as previewed, posted to the channel under
        who shared it; the preview's button is disabled, and a second press is told who did."""
        who = interaction.user.mention  # shows the name; NO_MENTIONS keeps it from pinging
        shared = await self.talk.share(key, who)
        if shared.snapshot is None:
            if shared.failed:
                text = messages.APOLOGY
            elif shared.already_by:
                # Our own mention of the sharer, not user text: it shows as their name, and
                # with no allowed mentions it cannot ping.
                await interaction.response.send_message(
                    messages.CHAT_ALREADY_SHARED.format(user=shared.already_by),
                    ephemeral=True,
                    allowed_mentions=NO_MENTIONS,
                )
                return
            else:
                text = messages.CHAT_EXPIRED
            await self.notify(interaction, text)
            return
        pages = _pages(shared.snapshot)
        first = _message(pages[0])
        more = len(pages) > 1
        await interaction.response.edit_message(
            view=answer_view(key, next_page=1 if more else None, share=True, shared=True)
        )
        intro = messages.CHAT_SHARED_BY.format(user=who)
        content = truncate("\n".join(filter(None, [intro, first.content])), MAX_CONTENT)
        public_view = answer_view(key, next_page=1 if more else None, share=False)
        await interaction.followup.send(
            content=content,
            embeds=to_embeds(first),
            allowed_mentions=NO_MENTIONS,
            view=public_view or discord.utils.MISSING,
        )

    async def pressed(self, interaction: discord.Interaction, work: Awaitable[None]) -> None:
        """Run a button's work; a failure is logged and the presser told, never left silent."""
        try:
            await work
        except Exception:
            log.exception("a button press failed")
            try:
                await self.notify(interaction, messages.APOLOGY)
            except discord.HTTPException:
                log.warning("could not send the apology either", exc_info=True)

    async def notify(self, interaction: discord.Interaction, text: str) -> None:
        """A short private message, whether or not the interaction was answered already."""
        content = truncate(neutralise_mentions(text), MAX_CONTENT)
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(
                content, ephemeral=True, allowed_mentions=NO_MENTIONS
            )

    async def on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Anything unexpected in a command: logged for us, a short apology for the user."""
        log.error(
            "command %r failed", interaction.command and interaction.command.name, exc_info=error
        )
        try:
            await self.notify(interaction, messages.APOLOGY)
        except discord.HTTPException:
            log.warning("could not send the apology either", exc_info=True)

    # -- lifecycle and messages -----------------------------------------------------------

    async def setup_hook(self) -> None:
        """Register the persistent buttons, start loading autocomplete's names, then sync
        commands (per guild when guilds are configured, else globally) only when the command
        set changed since the last sync."""
        self.add_dynamic_items(MoreButton, ShareButton)
        self.names.refresh()
        payload = [c.to_dict(self.tree) for c in self.tree.get_commands()]
        digest = command_set_hash(payload, list(self.settings.guilds))
        try:
            synced_before = await asyncio.to_thread(self.desk.store.state, COMMANDS_STATE)
        except Exception:
            log.warning("cannot read the last command sync; syncing", exc_info=True)
            synced_before = None
        if synced_before == digest:
            log.info("commands unchanged since the last sync; not syncing")
            return
        try:
            if self.settings.guilds:
                for guild_id in self.settings.guilds:
                    guild = discord.Object(id=guild_id)
                    self.tree.copy_global_to(guild=guild)
                    synced = await self.tree.sync(guild=guild)
                    log.info("synced %d command(s) to guild %s", len(synced), guild_id)
            else:
                synced = await self.tree.sync()
                log.info(
                    "synced %d global command(s) (may take up to an hour to appear)", len(synced)
                )
        except discord.HTTPException:
            # Mentions and DMs still work; the usual cause is a missing applications.commands scope.
            log.exception("command sync failed; was the bot invited with applications.commands?")
            return
        try:
            await asyncio.to_thread(self.desk.store.set_state, COMMANDS_STATE, digest)
        except Exception:
            log.warning("cannot record the command sync; the next start syncs again", exc_info=True)

    async def close(self) -> None:
        await self.names.close()
        await super().close()

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s (%s guild(s))", self.user, len(self.guilds))

    def question_from(self, message: discord.Message) -> str | None:
        """The text of a DM, or of a message mentioning the bot or its role; None if it isn't
        for us."""
        me = self.user
        if me is None or message.author.bot or message.author.id == me.id:
            return None  # never answer bots, least of all ourselves (no loops)
        role = message.guild.self_role if message.guild is not None else None
        named = me in message.mentions or (role is not None and role in message.role_mentions)
        if message.guild is not None and not named:
            return None
        text = re.sub(rf"<@!?{me.id}>", " ", message.content)
        if role is not None:
            text = text.replace(role.mention, " ")
        return text.strip()

    async def on_message(self, message: discord.Message) -> None:
        text = self.question_from(message)
        if text is None:
            return
        guild_id = message.guild.id if message.guild else None
        caller = self.caller(message.author, message.channel, guild_id)
        entry = Entry.DM if guild_id is None else Entry.MENTION
        try:
            if not text and message.attachments:
                reply = self.talk.notice(messages.FILE_NOT_READ, caller, entry)
            else:
                async with message.channel.typing():
                    reply = await self.talk.handle(text, caller, entry)
            out, view = await self.render(reply)
        except Exception:
            log.exception("failed to answer message %s", message.id)
            out, view = DiscordMessage(content=messages.APOLOGY), None
        try:
            if message.guild is None:
                await message.channel.send(
                    content=out.content,
                    embeds=to_embeds(out),
                    allowed_mentions=NO_MENTIONS,
                    view=view or discord.utils.MISSING,
                )
            else:
                await message.reply(
                    content=out.content,
                    embeds=to_embeds(out),
                    mention_author=False,
                    allowed_mentions=NO_MENTIONS,
                    view=view or discord.utils.MISSING,
                )
        except discord.HTTPException:
            log.exception(
                "could not answer message %s in channel %s", message.id, message.channel.id
            )


def discord_token() -> str:
    """DISCORD_TOKEN from the environment; ConfigError (one line) when it is missing."""
    token = secret(TOKEN_ENV)
    if token is None:
        raise ConfigError(messages.DISCORD_TOKEN_MISSING)
    return token


async def run_discord(
    desk: FactDesk,
    settings: Settings,
    *,
    token: str | None = None,
    runtime: Runtime | None = None,
    answering: Answering | None = None,
    **options: Any,
) -> None:
    """Run the Discord adapter until cancelled; this is what `factdesk serve discord` runs.

    The token comes only from the DISCORD_TOKEN environment variable. Reconnects (network loss,
    Discord restarts) are discord.py's own, with `reconnect=True`. With a `runtime` (from
    `factdesk serve`) the admin commands are the shared ones and the digest poster is
    registered before connecting.
    """
    token = token or discord_token()
    commands = runtime.commands if runtime is not None else None
    bot = FactDeskBot(desk, settings.discord, settings.answers, commands, answering, **options)
    if runtime is not None:
        runtime.add_poster("discord", DiscordDigestPoster(bot))
    async with bot:
        await bot.start(token, reconnect=True)
