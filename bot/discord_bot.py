"""The Discord adapter: `/fact`, `/fact-sources`, `/fact-help`, mentions and DMs.

A thin translation between discord.py events and `FactDesk.ask`; the store is never touched
here except through the desk. No privileged intent is needed: Discord delivers the content of
messages that mention the bot and of DMs without the message-content intent.

The renderer (bot/render/discord_embeds.py) imports no Discord library and returns plain embed
dicts; they become `discord.Embed`s here, with `Embed.from_dict`, only where a message is sent.

Every send passes `allowed_mentions=AllowedMentions.none()` (and the client default is the
same), so neither a question nor an article quote can ping anyone.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord
from discord import app_commands

from bot import messages
from bot.answering import Answering, ThreadAnswering
from bot.autocomplete import NameIndex
from bot.commands import AdminCommand, Caller, ChatCommands, Runtime
from bot.config import AnswerSettings, ConfigError, DiscordSettings, Settings, secret
from bot.core import FactDesk, Reply
from bot.digests import DigestPostError
from bot.render.discord_embeds import (
    DiscordMessage,
    clean,
    neutralise_mentions,
    render_answer,
    render_digest_message,
    render_overview_embed,
    truncate,
)
from store.digests import DigestContent

log = logging.getLogger("factdesk.discord")

NO_MENTIONS = discord.AllowedMentions.none()
TOKEN_ENV = "DISCORD_TOKEN"
VIEW_TIMEOUT = 14 * 60.0  # interaction tokens expire after 15 minutes
READY_TIMEOUT = 60.0  # how long a digest waits for the gateway before giving up on a post


def reply_message(reply: Reply, max_figures: int) -> DiscordMessage:
    if reply.answer is not None:
        return render_answer(reply.answer, limit=max_figures)
    return DiscordMessage(content=truncate(reply.message or messages.APOLOGY, 2000))


def to_embeds(message: DiscordMessage) -> list[discord.Embed]:
    """The renderer's embed dicts as discord.py embeds, at the edge where they are sent."""
    return [discord.Embed.from_dict(d) for d in message.embeds]


class PostPubliclyView(discord.ui.View):
    """The button under a private answer that posts the same answer to the channel."""

    def __init__(self, question: str, message: DiscordMessage) -> None:
        super().__init__(timeout=VIEW_TIMEOUT)
        self.question = question
        self.message = message
        self.posted = False

    @discord.ui.button(label=messages.DISCORD_POST_PUBLICLY, style=discord.ButtonStyle.primary)
    async def post_publicly(
        self, interaction: discord.Interaction, button: discord.ui.Button[PostPubliclyView]
    ) -> None:
        if self.posted:
            await interaction.response.send_message(
                messages.DISCORD_ALREADY_POSTED, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        self.posted = True
        button.disabled = True
        # Who asked is shown (a mention renders as a name but, with no allowed mentions, never pings).
        intro = messages.DISCORD_POSTED_BY.format(
            user=interaction.user.mention, question=clean(self.question, 300)
        )
        content = truncate("\n".join(filter(None, [intro, self.message.content])), 2000)
        await interaction.response.send_message(
            content=content, embeds=to_embeds(self.message), allowed_mentions=NO_MENTIONS
        )
        self.stop()


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


class FactDeskBot(discord.Client):
    """discord.py client with the factdesk command tree and mention/DM handling."""

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
        self.answering = answering or ThreadAnswering(desk)
        self.names = NameIndex(desk.store)
        # `/fact-subscribe` asks whether the bot can post in the channel before storing.
        self.commands.posters.setdefault("discord", DiscordDigestPoster(self))
        self.tree: app_commands.CommandTree[FactDeskBot] = app_commands.CommandTree(self)
        self.tree.on_error = self.on_tree_error  # type: ignore[method-assign]
        self._register_commands()

    # -- policy ---------------------------------------------------------------------------

    def allowed(self, channel: Any, guild_id: int | None) -> bool:
        """The allowlist holds channel or guild ids (a thread counts as its parent); DMs pass."""
        allow = set(self.settings.allowed_channels)
        if not allow or guild_id is None:
            return True
        ids = {guild_id, getattr(channel, "id", None), getattr(channel, "parent_id", None)}
        return bool(allow & ids)

    def is_public(self, channel_id: int | None) -> bool:
        if channel_id is not None and channel_id in self.settings.public_channels:
            return True
        return self.answers.public

    # -- commands -------------------------------------------------------------------------

    def _register_commands(self) -> None:
        @app_commands.command(name="fact", description=messages.DISCORD_FACT_DESCRIPTION)
        @app_commands.describe(question=messages.DISCORD_QUESTION_DESCRIPTION)
        async def fact(interaction: discord.Interaction, question: str) -> None:
            await self.handle_fact(interaction, question)

        @fact.autocomplete("question")
        async def fact_autocomplete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            # Warm names, matched off the event loop within Discord's 3 s (bot/autocomplete.py).
            found = await self.names.suggest(current)
            return [app_commands.Choice(name=s, value=s) for s in found]

        @app_commands.command(name="fact-sources", description=messages.DISCORD_SOURCES_DESCRIPTION)
        async def fact_sources(interaction: discord.Interaction) -> None:
            if not await self._check_allowed(interaction):
                return
            await interaction.response.defer(ephemeral=True)
            overview = await self.desk.overview()
            if overview is None:
                await interaction.followup.send(
                    messages.STORE_UNAVAILABLE, ephemeral=True, allowed_mentions=NO_MENTIONS
                )
                return
            embed = discord.Embed.from_dict(render_overview_embed(overview, self.desk.store.url))
            await interaction.followup.send(
                embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS
            )

        @app_commands.command(name="fact-help", description=messages.DISCORD_HELP_DESCRIPTION)
        async def fact_help(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(
                messages.HELP, ephemeral=True, allowed_mentions=NO_MENTIONS
            )

        @app_commands.command(name="fact-add", description=messages.DISCORD_ADD_DESCRIPTION)
        @app_commands.describe(url=messages.DISCORD_ADD_URL_DESCRIPTION)
        async def fact_add(interaction: discord.Interaction, url: str) -> None:
            await self.handle_admin(interaction, "add", url)

        @app_commands.command(name="fact-remove", description=messages.DISCORD_REMOVE_DESCRIPTION)
        @app_commands.describe(id=messages.DISCORD_REMOVE_ID_DESCRIPTION)
        async def fact_remove(interaction: discord.Interaction, id: str) -> None:
            await self.handle_admin(interaction, "remove", id)

        @app_commands.command(
            name="fact-subscribe", description=messages.DISCORD_SUBSCRIBE_DESCRIPTION
        )
        @app_commands.describe(
            question=messages.DISCORD_SUBSCRIBE_QUESTION_DESCRIPTION,
            schedule=messages.DISCORD_SUBSCRIBE_SCHEDULE_DESCRIPTION,
        )
        async def fact_subscribe(
            interaction: discord.Interaction, question: str, schedule: str
        ) -> None:
            # The shared parser takes "question | schedule"; a "|" typed inside an option
            # would shift the fields, so it is dropped here.
            argument = f"{question.replace('|', ' ')} | {schedule.replace('|', ' ')}"
            await self.handle_admin(interaction, "subscribe", argument)

        @app_commands.command(
            name="fact-unsubscribe", description=messages.DISCORD_UNSUBSCRIBE_DESCRIPTION
        )
        @app_commands.describe(id=messages.DISCORD_UNSUBSCRIBE_ID_DESCRIPTION)
        async def fact_unsubscribe(interaction: discord.Interaction, id: str) -> None:
            await self.handle_admin(interaction, "unsubscribe", id)

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

    async def handle_admin(
        self, interaction: discord.Interaction, action: str, argument: str
    ) -> None:
        """An admin command: refused at once for others, else deferred (fetching a page can
        take longer than Discord's 3 s) and answered privately with the shared reply text."""
        caller = Caller("discord", str(interaction.user.id), str(interaction.channel_id or ""))
        if not self.commands.is_admin(caller):
            await interaction.response.send_message(
                messages.ADMIN_ONLY, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        if not await self._check_allowed(interaction):
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        text = await self.commands.run(AdminCommand(action, argument), caller)
        await interaction.followup.send(
            truncate(neutralise_mentions(text), 2000), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    async def _check_allowed(self, interaction: discord.Interaction) -> bool:
        if self.allowed(interaction.channel, interaction.guild_id):
            return True
        await interaction.response.send_message(
            messages.DISCORD_NOT_HERE, ephemeral=True, allowed_mentions=NO_MENTIONS
        )
        return False

    async def handle_fact(self, interaction: discord.Interaction, question: str) -> None:
        if not await self._check_allowed(interaction):
            return
        public = self.is_public(interaction.channel_id)
        # Defer first: answering may take longer than the 3 s Discord allows for a response.
        await interaction.response.defer(ephemeral=not public, thinking=True)
        reply = await self.answering.ask(question)
        message = reply_message(reply, self.answers.max_figures)
        if public or reply.answer is None:
            await interaction.followup.send(
                content=message.content or discord.utils.MISSING,
                embeds=to_embeds(message),
                ephemeral=not public,
                allowed_mentions=NO_MENTIONS,
            )
            return
        await interaction.followup.send(
            content=message.content or discord.utils.MISSING,
            embeds=to_embeds(message),
            ephemeral=True,
            view=PostPubliclyView(question, message),
            allowed_mentions=NO_MENTIONS,
        )

    async def on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Anything unexpected in a command: logged for us, a short apology for the user."""
        log.error(
            "command %r failed", interaction.command and interaction.command.name, exc_info=error
        )
        try:
            if interaction.response.is_done():
                await interaction.followup.send(
                    messages.APOLOGY, ephemeral=True, allowed_mentions=NO_MENTIONS
                )
            else:
                await interaction.response.send_message(
                    messages.APOLOGY, ephemeral=True, allowed_mentions=NO_MENTIONS
                )
        except discord.HTTPException:
            log.warning("could not send the apology either", exc_info=True)

    # -- lifecycle and messages -----------------------------------------------------------

    async def setup_hook(self) -> None:
        """Start loading autocomplete's names; sync commands: per guild (instant) when guilds
        are configured, else globally."""
        self.names.refresh()
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

    async def close(self) -> None:
        await self.names.close()
        await super().close()

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s (%s guild(s))", self.user, len(self.guilds))

    def question_from(self, message: discord.Message) -> str | None:
        """The question in a DM or a message mentioning the bot; None if it isn't for us."""
        me = self.user
        if me is None or message.author.bot or message.author.id == me.id:
            return None  # never answer bots, least of all ourselves (no loops)
        if message.guild is not None and me not in message.mentions:
            return None
        return re.sub(rf"<@!?{me.id}>", " ", message.content).strip()

    async def on_message(self, message: discord.Message) -> None:
        question = self.question_from(message)
        if question is None:
            return
        guild_id = message.guild.id if message.guild else None
        if not self.allowed(message.channel, guild_id):
            return  # silently: a mention in a channel we don't serve is not an error
        if not question:
            out = DiscordMessage(content=messages.HELP)
        else:
            async with message.channel.typing():
                out = reply_message(await self.answering.ask(question), self.answers.max_figures)
        try:
            if message.guild is None:
                await message.channel.send(
                    content=out.content, embeds=to_embeds(out), allowed_mentions=NO_MENTIONS
                )
            else:
                await message.reply(
                    content=out.content,
                    embeds=to_embeds(out),
                    mention_author=False,
                    allowed_mentions=NO_MENTIONS,
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
