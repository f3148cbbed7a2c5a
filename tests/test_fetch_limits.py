"""Fetching stays bounded however hostile the server: size, time, schemes, encodings."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from newsflow.devtools.hostile_site import ARTICLE, HostileSite, hostile_site
from newsflow.ingest.addresses import AddressPolicy
from newsflow.ingest.fetch import FetchError, PoliteFetcher
from newsflow.netaddr import networks

LIMIT = 1_000_000
DEADLINE = 2.0


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, HostileSite]]:
    with hostile_site(bomb_bytes=64 << 20, drip_every=0.3) as served:
        yield served


def fetcher() -> PoliteFetcher:
    """The hostile site is on loopback, which fetches may reach only when allowed."""
    return PoliteFetcher(timeout=5, retries=2, backoff=0.01, per_host_delay=0, max_bytes=LIMIT,
                         deadline=DEADLINE, policy=AddressPolicy(networks(["127.0.0.1/32"])))


def test_a_page_within_the_limits_is_fetched(site: tuple[str, HostileSite]) -> None:
    base, _ = site
    result = fetcher().fetch(f"{base}/to-article")
    assert result.final_url == f"{base}/article"
    assert b"Harbour reopens" in result.content


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/raw-deflate"])
def test_compressed_pages_are_decoded(site: tuple[str, HostileSite], path: str) -> None:
    base, _ = site
    assert fetcher().fetch(f"{base}{path}").content == ARTICLE


@pytest.mark.parametrize("path", ["/endless", "/gzip-bomb", "/declared-huge"])
def test_a_body_over_the_limit_is_refused_and_not_retried(
    site: tuple[str, HostileSite], path: str
) -> None:
    base, hostile = site
    with pytest.raises(FetchError, match="larger than the 1,000,000-byte limit"):
        fetcher().fetch(f"{base}{path}")
    assert hostile.hits[path] == 1


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_a_dripping_server_is_cut_off_at_the_deadline(
    site: tuple[str, HostileSite], path: str
) -> None:
    # Every read gets an answer within the 5 s read timeout; only the deadline can stop this.
    base, _ = site
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline"):
        fetcher().fetch(f"{base}{path}")
    assert time.monotonic() - started < DEADLINE + 3  # the drip alone would last for ever


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://127.0.0.1/news.html", "data:text/html,<p>x</p>", "/relative",
])
def test_other_schemes_are_refused_at_once(url: str) -> None:
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        fetcher().fetch(url)


@pytest.mark.parametrize("path", ["/to-file", "/to-ftp"])
def test_a_redirect_to_another_scheme_is_final(
    site: tuple[str, HostileSite], path: str
) -> None:
    base, hostile = site
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        fetcher().fetch(f"{base}{path}")
    assert hostile.hits[path] == 1


def test_an_encoding_that_is_not_decoded_here_is_refused(site: tuple[str, HostileSite]) -> None:
    base, _ = site
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        fetcher().fetch(f"{base}/brotli")
