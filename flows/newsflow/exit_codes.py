"""Exit codes of the `newsflow` command: what a scheduler (cron, systemd, a CI job) acts on.

One place for every code, so the CLI, the tests and README agree. Usage and environment errors
follow the BSD sysexits convention, well clear of the pipeline's own outcomes.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # published, or nothing new to publish
    HELD = 1  # the batch was held by validation: nothing published
    BUSY = 2  # another run (or a read-write session) holds the database
    DEFERRED = 3  # validated, but the write window never opened: the next run publishes it
    LIMIT = 4  # a query or export stopped at its memory, time or temporary-disk limit
    NO_INPUT = 5  # every input of the run was refused or failed; nothing was staged
    USAGE = 64  # a bad option or a missing input path (EX_USAGE)
    REFUSED = 65  # `query`/`export`: DuckDB refused the statement (bad SQL, a write) (EX_DATAERR)
    ENVIRONMENT = 69  # unwritable folder, full disk, unreachable server (EX_UNAVAILABLE)
    CONFIG = 78  # a bad setting, in the environment or the settings file (EX_CONFIG)
