"""Which addresses a fetch may connect to: the public internet, and named networks besides.

A URL from a feed, a URL list or a redirect is chosen by whoever wrote it. Left alone, it can
make the pipeline read the machine's own services or its cloud's metadata endpoint and publish
what they answer (server-side request forgery). So every host is resolved here, each address it
resolves to is checked, and the fetch connects to the checked address itself: a name that
resolves differently a moment later (DNS rebinding) cannot move the connection.

The resolver is the system's (getaddrinfo), so every spelling of an address it accepts is seen
as the address it means: `2130706433`, `0x7f.1`, `017700000001` and `127.1` are all 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from newsflow.netaddr import IPAddress, IPNetwork


class RefusedAddressError(Exception):
    """A host resolves to an address fetches may not reach; the message says which and why."""


class UnresolvedHostError(Exception):
    """The host has no address now (DNS failure): another attempt may find one."""


def address_kind(address: IPAddress) -> str | None:
    """Why an address is not fetched from (None: a public address).

    An IPv4 address written as IPv6 (`::ffff:127.0.0.1`, 6to4) is judged as the IPv4 address
    it carries, since that is where the packets go.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return address_kind(embedded)
    for kind, flagged in (("unspecified", address.is_unspecified),
                          ("loopback", address.is_loopback),
                          ("link-local", address.is_link_local),
                          ("multicast", address.is_multicast),
                          ("private", address.is_private),
                          ("reserved", address.is_reserved)):
        if flagged:
            return kind
    return None if address.is_global else "non-public"


def _plain(address: IPAddress) -> IPAddress:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses, plus the networks `allowed` names (NEWSFLOW_FETCH_ALLOW_NETWORKS)."""

    allowed: tuple[IPNetwork, ...] = ()

    def check(self, address: IPAddress) -> str | None:
        """Why `address` is refused, or None when it may be fetched from."""
        if any(_plain(address) in network or address in network for network in self.allowed):
            return None
        return address_kind(address)

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        """The addresses of `host`, all of them allowed, in the resolver's order of preference.

        A host with any refused address is refused whole: which of its addresses a connection
        would use is not the URL author's to choose.
        """
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise UnresolvedHostError(f"cannot resolve host {host!r}: {exc}") from exc
        addresses = list(dict.fromkeys(
            ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found))
        for address in addresses:
            kind = self.check(address)
            if kind is not None:
                shown = host if host == str(address) else f"{host} ({address})"
                raise RefusedAddressError(
                    f"refused: {shown} is a {kind} address; only public addresses and "
                    f"networks named in NEWSFLOW_FETCH_ALLOW_NETWORKS are fetched from")
        if not addresses:
            raise UnresolvedHostError(f"cannot resolve host {host!r}: no address")
        return addresses

