"""Which addresses factdesk may fetch from: public ones, and what the operator allows.

A link pasted into chat (`/fact add`) or found in a feed is fetched by the bot, from inside
the newsroom's network. Without a policy that turns the bot into a proxy onto the intranet:
the cloud metadata service at 169.254.169.254, an admin page on localhost, a database port
whose banner comes back as the "reason" a fetch failed. So every connection is vetted:

  * a host written as an address, in any spelling the C resolver accepts (`127.1`,
    `0x7f000001`, `2130706433`, `0177.0.0.1`, `[::1]`, `[::ffff:127.0.0.1]`), is checked
    before the request (`literal_refusal`);
  * a host name is resolved by `VettingResolver`, which the HTTP client uses for every
    connection it opens (robots.txt, each redirect hop, the page), and every address it
    returns is checked; the client then connects to exactly those addresses, so a name that
    resolves to a public address when checked and to 127.0.0.1 a moment later (DNS
    rebinding) cannot slip through a second lookup: there is none.

The standard library's `ipaddress` knows the special ranges; what no library does is apply
them to every spelling and to the addresses embedded in IPv6 (mapped, 6to4, Teredo, NAT64),
which is the little written here.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from store import notes

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(OSError):
    """A host resolved to an address the policy refuses (an OSError, as aiohttp expects of a
    resolver's failure)."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"{host}: {reason}")
        self.host = host
        self.reason = reason


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Public addresses only, plus the hosts and networks the operator allows explicitly."""

    allow_hosts: frozenset[str] = frozenset()
    allow_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def allowing(cls, hosts: Iterable[str] = (), networks: Iterable[str] = ()) -> AddressPolicy:
        """A policy allowing `hosts` (names, case-insensitive) and `networks` (CIDR strings).

        A network that is not one raises ValueError naming it."""
        parsed: list[IPNetwork] = []
        for network in networks:
            try:
                parsed.append(ipaddress.ip_network(network.strip(), strict=False))
            except ValueError as exc:
                raise ValueError(notes.FETCH_BAD_NETWORK.format(network=network)) from exc
        return cls(frozenset(_host_key(h) for h in hosts if h.strip()), tuple(parsed))

    def host_allowed(self, host: str) -> bool:
        """The operator named this host: its addresses are not checked."""
        return _host_key(host) in self.allow_hosts

    def refusal(self, address: IPAddress) -> str | None:
        """Why `address` may not be fetched from (a phrase such as "a loopback address"), or
        None when it may."""
        if any(address in network for network in self.allow_networks):
            return None
        # The embedded IPv4 address first: ::ffff:127.0.0.1 is best named loopback.
        for inner in reversed(_embedded(address)):
            if any(inner in network for network in self.allow_networks):
                return None
            reason = _special(inner)
            if reason is not None:
                return reason
        return None


def _host_key(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def _embedded(address: IPAddress) -> list[IPAddress]:
    """The address and every IPv4 address an IPv6 one carries: each must be public."""
    found: list[IPAddress] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            found.append(address.ipv4_mapped)
        if address.sixtofour is not None:
            found.append(address.sixtofour)
        if address.teredo is not None:
            found.extend(address.teredo)
        if address in _NAT64:
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def _special(address: IPAddress) -> str | None:
    # The most telling name first: 127.0.0.1 is loopback before it is "not global".
    if address.is_unspecified:
        return notes.ADDRESS_UNSPECIFIED
    if address.is_loopback:
        return notes.ADDRESS_LOOPBACK
    if address.is_link_local:
        return notes.ADDRESS_LINK_LOCAL
    if address.is_multicast:
        return notes.ADDRESS_MULTICAST
    if address.is_reserved:  # before private: the standard library counts 240/4 as both
        return notes.ADDRESS_RESERVED
    if address.is_private:
        return notes.ADDRESS_PRIVATE
    if not address.is_global:  # shared (100.64/10), documentation and the like
        return notes.ADDRESS_NOT_PUBLIC
    return None


def parse_literal(host: str) -> IPAddress | None:
    """`host` as an address when it is written as one, in any spelling; None for a name.

    `socket.inet_aton` is the C parser getaddrinfo uses for IPv4, so it accepts exactly the
    legacy spellings (`127.1`, `0x7f000001`, `2130706433`, `0177.0.0.1`) a connection would."""
    bare = host.strip().strip("[]")
    try:
        return ipaddress.ip_address(bare.split("%", 1)[0])
    except ValueError:
        pass
    if not bare or any(ch.isspace() for ch in bare):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(bare))
    except OSError:
        return None


def literal_refusal(policy: AddressPolicy, host: str) -> str | None:
    """Why a host written as an address may not be fetched from; None for names (checked when
    resolved) and for allowed addresses."""
    if policy.host_allowed(host):
        return None
    address = parse_literal(host)
    return None if address is None else policy.refusal(address)


class VettingResolver(AbstractResolver):
    """aiohttp's resolver, with every address it returns checked against the policy.

    The client connects only to the addresses a resolver returns, so checking here is
    checking at connect time, for every connection, redirects included."""

    def __init__(self, policy: AddressPolicy, inner: AbstractResolver | None = None) -> None:
        self.policy = policy
        self._inner = inner or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if self.policy.host_allowed(host):
            return results
        for result in results:
            address = ipaddress.ip_address(result["host"].split("%", 1)[0])
            reason = self.policy.refusal(address)
            if reason is not None:
                raise AddressRefused(host, reason)
        return results

    async def close(self) -> None:
        await self._inner.close()
