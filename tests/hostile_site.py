"""The hostile site lives in newsflow.devtools.hostile_site (bench/hostile_fetch.py uses it too);
this name stays for the fetch-limit tests that import it."""

from newsflow.devtools.hostile_site import ARTICLE, HostileSite, hostile_site

__all__ = ["ARTICLE", "HostileSite", "hostile_site"]
