"""newsflow: raw news articles in, clean validated DuckDB tables out."""

__version__ = "0.1.0"

import os

# Telemetry off and no progress bars, before Prefect or Great Expectations are imported. Prefect
# gives its temporary server 20 s to answer; the first run on a new 2-core machine (bytecode to
# compile, the server's database to create) can take longer and would fail, so allow 120 s.
# Each stays a default: a value already in the environment wins.
for _name, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "GX_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "TQDM_DISABLE": "1",
}.items():
    os.environ.setdefault(_name, _value)
