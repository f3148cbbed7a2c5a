"""Quality: the Great Expectations suites run on the staged batch.

Read in order: suites.py (load the suites, validate frames, outcomes and failing rows),
audit.py (what the run does with the outcomes: quarantine articles, the circuit breaker, hold
the batch). Each table's suite lives in its folder (sql/tables/<table>/expectations.py), the
suites across tables (references) in the top-level expectations/ folder.
"""

from newsflow.quality.audit import BREAKER, Audit, CircuitBreaker, audit_batch, staged_frames
from newsflow.quality.suites import (
    ExpectationOutcome,
    Suite,
    load_suites,
    prepare_validation,
    validate_suites,
)

__all__ = [
    "BREAKER", "Audit", "CircuitBreaker", "ExpectationOutcome", "Suite", "audit_batch",
    "load_suites", "prepare_validation", "staged_frames", "validate_suites",
]
