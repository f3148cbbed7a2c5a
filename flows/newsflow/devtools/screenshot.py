"""Screenshots of HTML reports with headless Chromium, with the network cut off.

Every host resolves to nothing and every request goes to a proxy that refuses connections, so
the picture shows what the page looks like on a machine without internet.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def screenshot(html: Path, png: Path, width: int = 1200, height: int = 2200) -> Path:
    browser = find_chromium()
    if browser is None:
        raise FileNotFoundError("no Chromium on PATH (" + ", ".join(BROWSERS) + ")")
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", "--disable-background-networking", "--disable-extensions",
             f"--user-data-dir={profile}",
             "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
             f"--window-size={width},{height}", f"--screenshot={png.resolve()}",
             html.resolve().as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    if not png.exists():
        raise RuntimeError(f"Chromium wrote no screenshot for {html}")
    return png
