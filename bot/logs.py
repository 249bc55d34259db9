"""How factdesk logs: one format and level, set by the CLI and passed to every worker process.

A spawned process starts with logging unconfigured, so a worker's warnings would otherwise
reach nobody; `configure` is called with the serving process's level in each one.
"""

from __future__ import annotations

import logging

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(level: int) -> None:
    """Log at `level` to standard error, in factdesk's format."""
    logging.basicConfig(level=level, format=LOG_FORMAT)


def current_level() -> int:
    """The level this process logs at, to hand to the processes it starts."""
    return logging.getLogger().getEffectiveLevel()
