"""newsflow: raw news articles in, clean validated DuckDB tables out."""

__version__ = "0.1.0"

import os

# Telemetry off and no progress bars, before Prefect or Great Expectations are imported.
for _name, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "TQDM_DISABLE": "1",
}.items():
    os.environ.setdefault(_name, _value)
