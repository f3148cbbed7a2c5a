"""Who said what, split by where it runs: finding.py on the workers (quotations and their
speakers as written, by rules), attribution.py in the flow (speakers linked to the resolved
entities), rules.py the words and windows both read (quotations.toml, validated once)."""

from newsflow.enrich.quotations.attribution import (
    SPEAKER_LABELS,
    Quotation,
    attribute,
    attribute_quotations,
)
from newsflow.enrich.quotations.finding import (
    FoundQuote,
    Speaker,
    find_article_quotes,
    find_quotes,
    marked,
)
from newsflow.enrich.quotations.rules import (
    QUOTATIONS_FILE,
    QuoteRules,
    quotations_file,
    quote_rules,
)

__all__ = [
    "QUOTATIONS_FILE",
    "SPEAKER_LABELS",
    "FoundQuote",
    "Quotation",
    "QuoteRules",
    "Speaker",
    "attribute",
    "attribute_quotations",
    "find_article_quotes",
    "find_quotes",
    "marked",
    "quotations_file",
    "quote_rules",
]
