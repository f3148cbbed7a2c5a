"""Peak memory and wall time of `newsflow run` fetching from a hostile web site.

The site (newsflow.devtools.hostile_site, on 127.0.0.1) serves an endless 200 body, a gzip
bomb (about 2 MB on the wire, `--bomb-gib` GiB decompressed), a body dripped a few bytes at a
time, a redirect to file:///etc/passwd, and one ordinary article. The run uses the ephemeral
Prefect server and the default limits unless told otherwise, with loopback (where the site is)
allowed by NEWSFLOW_FETCH_ALLOW_NETWORKS (`--deadline`: NEWSFLOW_FETCH_DEADLINE). Peak RSS is
the sum over the run's process tree, sampled from /proc every 50 ms (as bench/throughput.py
does, with newsflow.devtools.throughput.processes).
Nothing is asserted: the script prints figures.

Usage: python bench/hostile_fetch.py [--deadline SECONDS] [--bomb-gib N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from newsflow.devtools.hostile_site import hostile_site
from newsflow.devtools.servers import clean_env
from newsflow.devtools.throughput.processes import process_rss, tree_rss

PATHS = ("/article", "/endless", "/gzip-bomb", "/drip", "/to-file")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadline", type=float, default=60.0, help="NEWSFLOW_FETCH_DEADLINE")
    parser.add_argument("--bomb-gib", type=int, default=2, help="decompressed size of the bomb")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, hostile_site(
            bomb_bytes=args.bomb_gib << 30, drip_every=3.0) as (base, site):
        urls = Path(folder) / "urls.txt"
        urls.write_text("".join(f"{base}{path}\n" for path in PATHS))
        env = clean_env(PREFECT_HOME=str(Path(folder) / "prefect"),
                        NEWSFLOW_FETCH_DEADLINE=str(args.deadline),
                        NEWSFLOW_FETCH_ALLOW_NETWORKS="127.0.0.1/32",
                        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180")
        command = [str(Path(sys.executable).parent / "newsflow"), "run", "--urls", str(urls),
                   "--db", str(Path(folder) / "news.duckdb")]
        started = time.perf_counter()
        run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
        peaks = {"tree": 0, "flow": 0}
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peaks["tree"] = max(peaks["tree"], tree_rss(run.pid))
                peaks["flow"] = max(peaks["flow"], process_rss(run.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, _ = run.communicate(timeout=30 * 60)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        print(f"gzip bomb: {len(site.bomb):,} bytes on the wire, {args.bomb_gib} GiB inflated")
        print(f"fetch deadline: {args.deadline:g} s; requests served: {dict(site.hits)}")
        print(f"exit {run.returncode}, wall {seconds:.1f} s; peak RSS: flow process "
              f"{peaks['flow'] / 2**20:,.0f} MiB, whole process tree (Prefect's temporary "
              f"server and the analysis workers included) {peaks['tree'] / 2**20:,.0f} MiB")
        for line in stdout.splitlines():
            if line.startswith("quarantined"):
                print(line)


if __name__ == "__main__":
    main()
