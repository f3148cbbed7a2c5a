"""What finding quotations costs within a run: the quotation rules and the dependency parse of
the sentences they leave open (enrich.quotations.find_quotes, as the workers run it) timed in
process on the articles a run published: per article, and as a share of that run's wall time.
They run on the workers beside cleaning and NER; linking speakers to entities is part of
resolution and is timed by bench/quotations.py."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from newsflow.devtools.throughput.processes import Measured, cpu_share
from newsflow.enrich.ner import NerSettings
from newsflow.enrich.quotations import find_quotes
from newsflow.enrich.quotations.finding import language_parser
from newsflow.settings import Settings
from newsflow.warehouse.connection import duckdb_connect
from newsflow.warehouse.sql import sql


@dataclass(frozen=True)
class QuotationCost:
    articles: int
    quotations: int
    cpu_seconds: float

    def share_of(self, run: Measured) -> float | None:
        """The rules' CPU time on the published articles as a share of the run's wall time
        (which also covers the documents it did not publish); None if the run failed or
        published nothing."""
        return cpu_share(self.cpu_seconds, self.articles, run)


def quotation_cost(db: Path) -> QuotationCost:
    """The quotation rules run once over every article published in db."""

    with duckdb_connect(str(db), read_only=True) as con:
        texts = con.execute(sql("queries/select_published_texts")).fetchall()
    ner = NerSettings.of(Settings())
    parsers = {language: language_parser(language, ner.model_for(language))
               for language in {language for _, language in texts}}
    for parser in filter(None, parsers.values()):
        parser(["A model loads before the clock starts."])
    started = time.process_time()
    found = sum(len(find_quotes(text, language, parser=parsers[language]))
                for text, language in texts)
    return QuotationCost(len(texts), found, time.process_time() - started)
