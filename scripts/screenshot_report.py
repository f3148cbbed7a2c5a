"""Screenshot an HTML report with headless Chromium, with the network cut off.

    python scripts/screenshot_report.py report.html report.png [--width 1200 --height 2200]

Every host resolves to nothing and every request goes to a proxy that refuses connections, so
the picture shows what the page looks like on a machine without internet. Exits 2 when no
Chromium is installed (Debian: `apt-get install chromium`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsflow.devtools.screenshot import screenshot


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=2200)
    args = parser.parse_args()
    try:
        print(screenshot(args.html, args.png, args.width, args.height))
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
