"""Every user-facing string of the bot, in one place."""

APOLOGY = "Sorry, something went wrong while answering. The error has been logged."
STORE_UNAVAILABLE = "The fact store is unavailable right now; please try again in a moment."
EMPTY_QUESTION = "Ask me about a figure, for example: `death toll Qaryatayn?`"
BUILDING_FROM_SEEDS = "The fact store is empty: building it from the shipped seed articles…"
NO_FIGURES = "No figures found for “{query}”."
DID_YOU_MEAN = "Did you mean: {names}?"
AND_MORE = "…and {count} more figure(s). Ask a narrower question, or use `factdesk ask --json`."
CONFLICT_HEADER = "Sources disagree on {category}{where}:"
# One line a category: the lowest of the rival totals (the conservative figure), the range of
# every figure reported, and how many articles give one.
SUMMARY_LINE = (
    "{category}: {value}, the lowest total reported (range {low}–{high}, {sources} article(s))"
)
HELP = (
    "factdesk answers questions about the figures in the news it has read: each figure with "
    "who gave it, the outlet and date, and the exact sentence. Ask with /fact, by mentioning "
    "me, or in a direct message, for example:\n"
    "• `death toll Qaryatayn?`\n"
    "• `how many fled Qaryatayn?`\n"
    "• `SOHR figures on deaths`\n"
    "• `killed by regime forces in Qaryatayn`\n"
    "Also: `help` (this message), `sources` (what the fact store holds), and "
    "“Find figures in this message” on any message (Slack: its ⋯ menu; Discord: Apps).\n"
    "Admins: `add <url>`, `remove <document id>`, "
    "`subscribe <question> | <cron schedule> [| <timezone>]`, `unsubscribe <id>`.\n"
    "On Slack, type any of these after /fact (`/fact sources`). On Discord: /fact, /fact-help, "
    "/fact-sources, /fact-add, /fact-remove, /fact-subscribe, /fact-unsubscribe."
)
CHAT_BANNER = "factdesk: ask about figures in the news (empty line or Ctrl-D to quit)."
INGEST_DONE = "Ingested {stored} article(s) ({added} new, {replaced} updated, {unchanged} unchanged), {figures} figure(s)."
INGEST_FAILED = "{count} of {total} input(s) could not be ingested (listed above)."
REMOVED = "Removed {id} and its figures."
NOT_FOUND_DOCUMENT = "No document {id} in the store."
SOURCES_HEADER = "{documents} article(s), {figures} figure(s) in {url}"
UNKNOWN_OUTLET = "unknown outlet"
UNDATED = "undated"
HEADLINE_QUOTE = "(headline) "  # before a quote read from the article's headline
EXPLAIN_DOCUMENT = "{document}: {count} figure(s)"
EXPLAIN_FIGURE = "{number}. {text} — {category} (stage {stage}, rule {rule})"
EXPLAIN_CUE = "     decided by: “{cue}”"
EXPLAIN_QUOTE = "     in {part}: “{quote}”"
EXPLAIN_NOTHING = "No document {document}: give a file, or the id of a stored document with --db."
# Chat shows no connection details at all, not even a redacted URL: only this.
CHAT_STORE_LABEL = "the fact store"

# Slack adapter
SLACK_YOU_ASKED = "You asked: {question}"
SLACK_AGREEMENT = "{count} articles report this figure"
SLACK_MORE_ARTICLES = "+{count} more article(s)"
SLACK_POST_TO_CHANNEL = "Post to channel"
SLACK_SHARED_BY = "Shared from a /fact answer"
SLACK_CHANNEL_NOT_ALLOWED = "I don't answer in this channel. Ask me in a direct message instead."
SLACK_STORE_LABEL = "the fact store"
SLACK_MISSING_SECRET = "{name} is not set: export it (see docs/slack.md) and try again."
SERVE_NOTHING_ENABLED = (
    "No adapter is enabled: set `enabled = true` under [slack] in factdesk.toml, "
    "or name one: `factdesk serve slack`."
)
SERVE_UNKNOWN_ADAPTER = "Unknown adapter {name!r} (known: {known})."
# Discord adapter
DISCORD_MORE_ARTICLES = "…and {count} more article(s) report this figure."
DISCORD_SOURCES_TITLE = "What the fact store holds"
DISCORD_POST_PUBLICLY = "Post publicly"
DISCORD_TOKEN_MISSING = (
    "DISCORD_TOKEN is not set: put the bot token from the Discord developer portal "
    "(Application → Bot → Reset Token) in the DISCORD_TOKEN environment variable."
)
DISCORD_FACT_DESCRIPTION = "Ask about a figure in the news, e.g. death toll Qaryatayn?"
DISCORD_QUESTION_DESCRIPTION = "Your question, e.g. death toll Qaryatayn?"
DISCORD_SOURCES_DESCRIPTION = "What the fact store holds: outlets, sources, places"
DISCORD_HELP_DESCRIPTION = "How to ask factdesk about figures in the news"
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
# Chat admin commands (/fact add|remove|subscribe|unsubscribe), on every platform
ADMIN_ONLY = "Only factdesk admins can do that; ask one of them."
ADMIN_USAGE = (
    "Admin commands: `add <url>`, `remove <document id>`, "
    "`subscribe <question> | <cron schedule> [| <timezone>]`, `unsubscribe <id>`."
)
ADD_USAGE = "Give a link to add: `add https://…/article.html`."
ADD_FAILED = "Could not add {url}: {reason}"
ADD_UNCHANGED = "Already in the store, unchanged: {id} ({count} figure(s))."
ADD_DONE = "Added {id}: {count} figure(s) found."
ADD_NO_FIGURES = "Added {id}, but no figures were found in it."
ADD_TOP = "Top figures:"
ADD_MORE = "…and {count} more."
REMOVE_USAGE = (
    "Give the document id to remove (the link it was added with): `remove <document id>`."
)
SUBSCRIBE_USAGE = (
    "Subscribe like this: `subscribe death toll Qaryatayn | 0 7 * * mon-fri` "
    "(question | 5-field cron schedule, optionally | timezone such as Europe/London)."
)
SUBSCRIBE_BAD = "Not subscribed: {reason}"
SUBSCRIBE_CANNOT_POST = "Not subscribed: the bot cannot post digests here. {reason}"
DIGEST_UNDELIVERED = (
    "Your digest `{id}` ({question}) could not be posted to {where} for {fire} "
    "({attempts} attempt(s)): {reason}"
)
SLACK_NOT_IN_CHANNEL = (
    "The bot is not in this channel: invite it with `/invite @factdesk`, or reinstall the app "
    "with the chat:write.public scope (public channels only)."
)
SLACK_PRIVATE_NOT_INVITED = (
    "This is a private channel the bot is not in: invite it with `/invite @factdesk`."
)
SLACK_CHANNEL_ARCHIVED = "This channel is archived."
DISCORD_CANNOT_SEND = (
    "The bot lacks permissions in this channel: {missing}. Grant them to its role, or to the "
    "bot in the channel's settings."
)
SUBSCRIBED = (
    "Subscribed {id}: “{question}” at `{schedule}` ({timezone}), next {next}. "
    "Stop it with `unsubscribe {id}`."
)
UNSUBSCRIBE_USAGE = "Give the subscription id to stop: `unsubscribe <id>`."
UNSUBSCRIBED = "Unsubscribed {id}."
NOT_FOUND_SUBSCRIPTION = "No subscription {id}."
DISCORD_ADD_DESCRIPTION = "Admins: fetch a news article by link and add its figures"
DISCORD_ADD_URL_DESCRIPTION = "The article's http(s) link"
DISCORD_REMOVE_DESCRIPTION = "Admins: remove a document and its figures"
DISCORD_REMOVE_ID_DESCRIPTION = "The document id (for an added link: the link)"
DISCORD_SUBSCRIBE_DESCRIPTION = "Admins: post a digest of a question to this channel on a schedule"
DISCORD_SUBSCRIBE_QUESTION_DESCRIPTION = "The question, e.g. death toll Qaryatayn"
DISCORD_SUBSCRIBE_SCHEDULE_DESCRIPTION = "5-field cron in UTC, e.g. 0 7 * * mon-fri"
DISCORD_UNSUBSCRIBE_DESCRIPTION = "Admins: stop a digest subscription"
DISCORD_UNSUBSCRIBE_ID_DESCRIPTION = "The subscription id given when subscribing"
# serve: digests, feeds, the watched folder
DIGEST_PLATFORM_NOT_SERVED = (
    "digest {id!r}: posts to {platform}, but the {platform} adapter is not being served "
    "(enable it, or name it: `factdesk serve {platform}`)."
)
DIGEST_UNKNOWN_CHANNEL = "digest {id!r}: unknown {platform} channel {channel!r} ({reason})."
WATCH_BAD_INTERVAL = "[watch] interval must be more than 0 seconds, not {interval!r}"
WATCH_NOT_A_FOLDER = "[watch] folder {folder!r} is not a folder"
# Chat answers sized for a phone screen (bot/render/chat_pages.py), every platform
CHAT_MORE_EVENTS = "…and {count} more event(s)."
CHAT_ASK_ABOUT_ONE = "Ask about one of them for its figures, sources and quotes."
CHAT_MORE = "More"
CHAT_PAGE = "Page {number} of {count}"
CHAT_MORE_WAITING = "{count} more figure(s) and disagreement(s): press More."
CHAT_CUT = "{count} more figure(s) not shown: ask a narrower question."
CHAT_MORE_ARTICLES = "+{count} more article(s)"
CHAT_EXPIRED = "This answer has expired; ask again to see it."
CHAT_ALREADY_SHARED = "Already shared by {user}."
CHAT_SHARED_BY = "Shared by {user}"
CHAT_FIGURES_HEADER = "Figures for: {query}"
DISCORD_ARTICLE_LINK = "article"
NOT_HERE = "I don't answer in this channel; ask me in an allowed channel or in a direct message."
FIND_NOTHING_TO_ASK = "That message has no words to look up; ask me a question instead."
FIND_IN_ARTICLE = "The fact store holds {count} figure(s) from {id}:"
FIND_FIGURES = "Find figures in this message"
FILE_NOT_READ = (
    "I read questions, not attached files. Type your question (or, if you are an admin, "
    "add an article by its link: `add https://…`)."
)
SLACK_HOME_TITLE = "factdesk: figures in the news, with their sources"
SLACK_HOME_LATEST = "Latest articles"
DISCORD_STORE_LABEL = "the fact store"
DISCORD_SUBSCRIBE_TIMEZONE_DESCRIPTION = (
    "IANA timezone for the schedule, e.g. Europe/London (default UTC)"
)
CHAT_MORE_FIGURES = "+{count} more"
SLACK_HOME_EVENTS = "Latest events"
CHAT_SHARED_QUESTION = "Shared by {user}, who asked: {question}"
