"""User-facing notes of the store: what an answer says when it has no figures (part of the JSON
contract), and why a fetch was refused."""

NO_QUESTION = "Ask a question about figures, for example: death toll Qaryatayn?"
NO_FIGURES = "No figures in the store match this question."
UNKNOWN_PLACE = "The store has no articles about {place}."
NO_EVENTS_ON = "The store has nothing about {place} on {date}; the nearest dates it has are below."
NO_EVENTS_ON_ANYWHERE = "The store has nothing on {date}; the nearest dates it has are below."

# Why a fetch was refused or failed, in factdesk's words: never the far side's bytes, which
# (echoed to chat) would make `/fact add` a port scanner.
ADDRESS_UNSPECIFIED = "an unspecified address"
ADDRESS_LOOPBACK = "a loopback address (this machine)"
ADDRESS_LINK_LOCAL = "a link-local address (such as a cloud metadata service)"
ADDRESS_MULTICAST = "a multicast address"
ADDRESS_PRIVATE = "a private network address"
ADDRESS_RESERVED = "a reserved address"
ADDRESS_NOT_PUBLIC = "not a public address"
FETCH_REFUSED = (
    "refused: {host} is {reason}; factdesk fetches public addresses only "
    "(an operator can allow a host in [fetch] allow_hosts or allow_networks)"
)
FETCH_BAD_NETWORK = "[fetch] allow_networks: {network!r} is not a network such as 10.1.0.0/16"
FETCH_NO_CONNECTION = "cannot connect to {host}"
FETCH_NO_SUCH_HOST = "no such host: {host}"
FETCH_NOT_HTTP = "the server's answer was not valid HTTP"
FETCH_CUT_OFF = "the server closed the connection before answering in full"
FETCH_BAD_URL = "not a valid web address"
FETCH_FAILED = "cannot fetch the page"

# Opening a store
STORE_DAMAGED = (
    "the fact store {path} is damaged (SQLite integrity check: {problem}); restore it from a "
    "backup, or move it aside and ingest the articles again"
)
