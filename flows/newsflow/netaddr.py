"""IP addresses and networks as written in settings (`127.0.0.0/8`, `::1`): parsing only, below
settings.py; what a fetch may reach is decided in ingest/addresses.py."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Networks from their written forms (`127.0.0.0/8`, `::1`)."""
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)
