"""Secrets kept out of everything factdesk shows: database URLs with their password hidden,
fetched URLs without their credentials, error texts without either.

SQLAlchemy's `URL.render_as_string(hide_password=True)` hides the password of a URL it can
parse, but not one in the query string (`?password=`), and a URL it cannot parse (a typo, an
unknown scheme) has nothing hidden at all; these helpers cover every case, for any scheme.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlsplit, urlunsplit

HIDDEN = "***"
# Query parameters that carry a secret in database and service URLs (libpq, psycopg, pymysql,
# cloud drivers). Compared lower-case.
SECRET_PARAMETERS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "pass",
        "sslpassword",
        "secret",
        "token",
        "access_token",
        "auth_token",
        "api_key",
        "apikey",
    }
)
# Last resort for text that is not a URL urlsplit understands: "scheme:user:secret@host".
_USERINFO_PASSWORD = re.compile(r"(?<=:)[^:@/\s'\"]*(?=@)")


def _split(url: str) -> SplitResult | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a garbled port, like other bad URLs
    except ValueError:
        return None
    return parts


def _hidden_query(query: str) -> str:
    if not query:
        return query
    pieces = []
    for piece in query.split("&"):
        name, sep, _ = piece.partition("=")
        pieces.append(f"{name}={HIDDEN}" if sep and name.lower() in SECRET_PARAMETERS else piece)
    return "&".join(pieces)


def redact_url(url: str) -> str:
    """`url` safe to show: the password after `user:` and secret query parameters replaced by
    ***, whatever the scheme or driver; the user, host, database and path stay readable."""
    parts = _split(url)
    if parts is None or not parts.netloc:
        # Not a URL with an authority: hide anything shaped like "user:password@".
        head, sep, query = url.partition("?")
        return _USERINFO_PASSWORD.sub(HIDDEN, head) + sep + _hidden_query(query)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user, colon, _ = userinfo.partition(":")
        netloc = f"{user}:{HIDDEN}@{host}" if colon else f"{user}@{host}"
    return urlunsplit(parts._replace(netloc=netloc, query=_hidden_query(parts.query)))


def url_secrets(url: str) -> list[str]:
    """The secret values written in `url` (its password, secret query values), so an error
    text that quotes them (a driver echoing its DSN) can have them hidden."""
    found: list[str] = _USERINFO_PASSWORD.findall(url.partition("?")[0])
    parts = _split(url)
    if parts is not None and parts.netloc and "@" in parts.netloc:
        userinfo = parts.netloc.rsplit("@", 1)[0]
        if ":" in userinfo:
            found.append(userinfo.split(":", 1)[1])
    if parts is not None:
        found.extend(
            value
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if name.lower() in SECRET_PARAMETERS
        )
    return [secret for secret in found if secret]


def hide_secrets(text: str, url: str) -> str:
    """`text` with `url` shown redacted and every secret of `url` replaced by ***."""
    text = text.replace(url, redact_url(url))
    for secret in sorted(url_secrets(url), key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return text


def strip_credentials(url: str) -> str:
    """`url` without `user:password@`: the form a fetched page is stored, cited and named by.
    (The credentials still go with the request; they are never kept or shown.)"""
    parts = _split(url)
    if parts is None or "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
