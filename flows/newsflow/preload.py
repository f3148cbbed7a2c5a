"""What the flow's process loads for itself while the workers analyse the first chunk.

A run's first chunk takes seconds on a worker (spawn, spaCy and the model, then cleaning and
NER) while the flow's process only waits. In that time a thread of the flow's process builds
what resolution looks names up in (enrich.load_resolution_data), reads the tone model (the
flow gives each resolved mention its tone, and scores the few that no span covers), imports
datasketch for story grouping (with the part of scipy it imports, about 0.7 s) and imports
and declares what validation needs (quality.prepare_validation): on the seeds, most of a run's
fixed cost after the imports. The flow waits for the thread's first part before it resolves
anything, and for all of it before it validates, so the two never build the same thing at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress

from newsflow.settings import Settings


class Preload:
    """The loading thread, started at once: what resolution and story grouping need first, then
    what validation needs, so the flow resolves and stages the first chunk while GX is still
    being imported."""

    def __init__(self, settings: Settings) -> None:
        self._enrichment = threading.Event()
        self._thread = threading.Thread(target=_load, args=(settings, self._enrichment),
                                        daemon=True, name="newsflow-preload")
        self._thread.start()

    def wait_for_enrichment(self) -> None:
        """Wait until what resolution, tone and story grouping need is loaded."""
        self._enrichment.wait()

    def wait(self) -> None:
        """Wait until everything is loaded, validation's part too."""
        self._thread.join()


def _load(settings: Settings, enrichment: threading.Event) -> None:
    from importlib import import_module

    from newsflow import enrich, quality
    from newsflow.enrich.tone import tone_model
    from newsflow.enrich.tone.features import lexicon

    try:
        _run(enrich.load_resolution_data, tone_model, lexicon,
             lambda: import_module("datasketch"))
    finally:
        enrichment.set()
    _run(lambda: quality.prepare_validation(settings.gx_root, settings.expectations_dir))


def _run(*steps: Callable[[], object]) -> None:
    for step in steps:
        # A failure is met again, and reported, where the flow calls the step itself.
        with suppress(Exception):
            step()
