"""The `factdesk` command: the CLI, imported inside the guard that reports factdesk's errors.

The store reads its shipped word lists when it is imported (`store.extract.lexicon`), so a
malformed data file fails at import, before `bot.cli.main` could catch anything; here it is
reported in one line naming the file and the list, like every other `FactdeskError`.
"""

from __future__ import annotations

import sys

from store.errors import FactdeskError


def main() -> int:
    """Run the CLI with the process's arguments; exit status 1 if it cannot even be loaded."""
    try:
        from bot.cli import main as cli_main
    except FactdeskError as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return 1
    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
