"""Domain exceptions: small, typed, and turned into user messages only at the edge (the bot)."""

from __future__ import annotations


class FactdeskError(Exception):
    """Base of every error factdesk reports to a user rather than as a traceback."""


class StoreUnavailable(FactdeskError):
    """The fact store cannot be reached or opened (server down, bad URL, unreadable file)."""


class IngestError(FactdeskError):
    """One input (a file, or one line of a feed) could not be ingested.

    `where` names the file and, for feeds, the line, so the user can find it.
    """

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class QuestionError(FactdeskError):
    """A question that cannot be asked (empty, say); the message is meant for the user."""


class LexiconError(FactdeskError):
    """The shipped word lists (`seeds/lexicon.toml`) are malformed: `where` names the file and
    `key` the list at fault, so whoever edited it can find the line."""

    def __init__(self, where: str, key: str, reason: str) -> None:
        super().__init__(f"{where}: [{key}] {reason}" if key else f"{where}: {reason}")
        self.where = where
        self.key = key
        self.reason = reason
