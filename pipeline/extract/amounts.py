"""Money as printed ("$26 billion", "446 mln Canadian dlrs", "905 mln Swiss francs") to ISO 4217 and a decimal."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..model import MonetaryAmount

_SYMBOLS = {
    "US$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "HK$": "HKD",
    "S$": "SGD", "R$": "BRL", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW",
}
_DOLLAR_COUNTRIES = {
    "u.s.": "USD", "us": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
    "new zealand": "NZD", "hong kong": "HKD", "singapore": "SGD", "taiwan": "TWD",
}
_WORDS = [
    (r"swiss francs?", "CHF"), (r"french francs?", "FRF"), (r"belgian francs?", "BEF"), (r"francs?", "CHF"),
    (r"euros?", "EUR"), (r"(?:pounds? sterling|sterling|stg|pounds?)", "GBP"), (r"yen", "JPY"),
    (r"(?:yuan|renminbi)", "CNY"), (r"rupees?", "INR"), (r"(?:deutsche )?marks", "DEM"), (r"lire", "ITL"),
    (r"rand", "ZAR"), (r"won", "KRW"), (r"roubles?|rubles?", "RUB"),
]
_MULTIPLIERS = {
    "thousand": 3, "k": 3, "million": 6, "mln": 6, "mn": 6, "m": 6,
    "billion": 9, "bln": 9, "bn": 9, "b": 9, "trillion": 12, "tn": 12, "trn": 12,
}
_NUMBER = re.compile(
    r"(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>thousand|million|mln|mn|billion|bln|bn|trillion|trn|tn|[kmb](?![a-z]))?",
    re.I,
)
_SYMBOL = re.compile("|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True)))
_DOLLARS = re.compile(r"(?:(?P<country>u\.s\.|us|american|canadian|australian|new zealand|hong kong|singapore|taiwan)\s+)?"
                      r"(?:dollars?|dlrs?)\b", re.I)


_TRAILING_CURRENCY = re.compile(r"^\s*(?:[A-Z][a-z]+\s+)?(?:dollars?|dlrs?|francs?|euros?|pounds?|yen|yuan|marks|lire|rupees?)\b")


def parse_amount(text: str, following: str = "") -> MonetaryAmount | None:
    """None when the text names no number or no currency we can tell.

    `following` is the text after a span the model cut short: "446 mln|
    Canadian dlrs" takes its currency from there.
    """
    if _currency(text) is None and (extra := _TRAILING_CURRENCY.match(following)):
        text += extra.group()
    number = _NUMBER.search(text)
    currency = _currency(text)
    if number is None or currency is None:
        return None
    try:
        value = Decimal(number["number"].replace(",", ""))
    except InvalidOperation:
        return None
    if number["mult"]:
        value = value.scaleb(_MULTIPLIERS[number["mult"].lower()])
    return MonetaryAmount(text=text.strip(), currency=currency, value=_plain(value))


def _currency(text: str) -> str | None:
    if symbol := _SYMBOL.search(text):
        return _SYMBOLS[symbol.group()]
    if dollars := _DOLLARS.search(text):
        return _DOLLAR_COUNTRIES.get((dollars["country"] or "us").lower(), "USD")
    for pattern, code in _WORDS:
        if re.search(rf"\b{pattern}\b", text, re.I):
            return code
    if code := re.search(r"\b[A-Z]{3}\b", text):
        return code.group() if code.group() in {"USD", "EUR", "GBP", "JPY", "CHF", "CNY", "CAD", "AUD"} else None
    return None


def _plain(value: Decimal) -> str:
    """An xsd:decimal lexical form, in plain notation since that has no exponent: 26E+9 -> "26000000000.0";
    `mapping.typed` publishes it in its canonical form ("26000000000"), as it does every typed literal."""
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"
