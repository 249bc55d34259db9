"""Every user-facing string of the bot, in one place."""

APOLOGY = "Sorry, something went wrong while answering. The error has been logged."
STORE_UNAVAILABLE = "The fact store is unavailable right now; please try again in a moment."
EMPTY_QUESTION = "Ask me about a figure, for example: `death toll Qaryatayn?`"
BUILDING_FROM_SEEDS = "The fact store is empty: building it from the shipped seed articles…"
NO_FIGURES = "No figures found for “{query}”."
DID_YOU_MEAN = "Did you mean: {names}?"
AND_MORE = "…and {count} more figure(s). Ask a narrower question, or use `factdesk ask --json`."
CONFLICT_HEADER = "Sources disagree on {category}{where}:"
HELP = (
    "Ask about any figure in the news the fact store holds, e.g. `death toll Qaryatayn?`, "
    "`how many fled Qaryatayn?`, `SOHR figures on deaths`.\n"
    "Every figure comes with who gave it, the outlet and date, and the exact sentence."
)
CHAT_BANNER = "factdesk: ask about figures in the news (empty line or Ctrl-D to quit)."
INGEST_DONE = "Ingested {stored} article(s) ({added} new, {replaced} updated, {unchanged} unchanged), {figures} figure(s)."
INGEST_ERRORS = "{count} input(s) could not be ingested:"
REMOVED = "Removed {id} and its figures."
NOT_FOUND_DOCUMENT = "No document {id} in the store."
SOURCES_HEADER = "{documents} article(s), {figures} figure(s) in {url}"

# Digests
DIGEST_HEADER = "{title}: {question} — since {since}"
DIGEST_NOTHING_NEW = "No new figures since {since}."
DIGEST_CHANGED = "{what} now {now}, {direction} from {before} reported {before_when}"
DIGEST_NEW = "New: {headline}"
DIGEST_MORE = "…and {count} more. Ask `{question}` for everything."
DIGEST_LIST_EMPTY = "No digests are configured (add [[digests]] tables to the config file)."
DIGEST_UNKNOWN = "No digest {id!r} (configured: {known})."
DIGEST_NO_POSTERS = (
    "Posting digest {id!r} needs the chat adapters (`factdesk serve`); "
    "use --dry-run to see what it would post."
)
