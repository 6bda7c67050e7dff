"""Money as printed to ISO 4217 and an xsd:decimal value."""
from __future__ import annotations

import pytest
from rdflib import XSD, Literal

from pipeline import publish_text
from pipeline.extract.amounts import parse_amount
from pipeline.namespaces import SCHEMA


@pytest.mark.parametrize(
    ("text", "following", "currency", "value"),
    [
        ("$26 billion", "", "USD", "26000000000.0"),
        ("US$1.2 bln", "", "USD", "1200000000.0"),
        ("€3.5m", "", "EUR", "3500000.0"),
        ("£12", "", "GBP", "12.0"),
        ("70,000 yen", "", "JPY", "70000.0"),
        ("446 mln Canadian dlrs", "", "CAD", "446000000.0"),
        ("905 mln Swiss francs", "", "CHF", "905000000.0"),
        ("2.15 billion", " dlr loan request", "USD", "2150000000.0"),
    ],
)
def test_amount_is_parsed_to_currency_and_value(text, following, currency, value):
    amount = parse_amount(text, following)
    assert (amount.currency, amount.value) == (currency, value)


@pytest.mark.parametrize("text", ["about 5 billion", "$", "many dollars"])
def test_text_without_number_or_currency_is_no_amount(text):
    assert parse_amount(text) is None


def test_amount_in_the_graph_is_a_monetary_amount_fragment():
    pub = publish_text("date 2022-01-28 TOKYO -- Nissan plans to invest $26 billion in batteries.", name="money")
    (node,) = pub.graph.subjects(None, SCHEMA.MonetaryAmount)
    assert str(node) == f"{pub.iri}#amount-1"
    assert pub.graph.value(node, SCHEMA.currency) == Literal("USD")
    assert pub.graph.value(node, SCHEMA.value) == Literal("26000000000", datatype=XSD.decimal)
