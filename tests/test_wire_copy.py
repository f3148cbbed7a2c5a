"""Wire copy: headlines in capitals or above a dateline give the title, the dateline's agency
credit gives the outlet."""

from __future__ import annotations

import pytest
from newsflow.clean import clean_document

BODY = ("Brazil's central bank raised its main interest rate by half a point on Wednesday, "
        "its third increase this year, as inflation stayed above the target for a sixth month.\n\n"
        "Analysts had expected the move after a run of higher price data, and two of them said "
        "the bank would probably raise rates again at its next meeting in March.\n")


@pytest.mark.parametrize(("head", "title", "outlet"), [
    ("SOCCER - FRANCE LAUNCH WORLD CUP BUILD-UP WITH 2-0 WIN.\n\nPARIS 1996-08-31\n\n",
     "Soccer - France Launch World Cup Build-Up with 2-0 Win", None),
    ("Polish Foreign Minister to visit Yugoslavia.\n\nWARSAW 1996-08-30\n\n",
     "Polish Foreign Minister to visit Yugoslavia", None),
    ("U.S. RATES STEADY AS FED WAITS\n\nNEW YORK (Reuters) - ",
     "U.S. Rates Steady as Fed Waits", "Reuters"),
    ("Bank raises rates again\n\nBRASILIA, Brazil, Jan 5 (AFP) - ", "Bank raises rates again",
     "AFP"),
    ("Tajik troops now control devastated town.\n\nYuri Kushko\n\nTAVILDARA, Tajikistan "
     "1996-08-30\n\n", "Tajik troops now control devastated town", None),
    ("Douglas & Lomason shares rise on merger.\n\nFARMINGTON HILLS, Mich.\n\n1996-08-30\n\n",
     "Douglas & Lomason shares rise on merger", None),
])
def test_wire_headline_and_agency(head: str, title: str, outlet: str | None) -> None:
    cleaned = clean_document(head + BODY, "text/plain", "wire.txt")
    assert cleaned.title == title
    assert cleaned.outlet == outlet


@pytest.mark.parametrize("head", ["", "SKIP TO MAIN CONTENT\n\n"])
def test_no_headline_without_a_dateline(head: str) -> None:
    cleaned = clean_document(head + BODY, "text/plain", "plain.txt")
    assert cleaned.title is None and cleaned.outlet is None
