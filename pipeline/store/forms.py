"""Which SPARQL request a text is: a query (SELECT, ASK, CONSTRUCT, DESCRIBE) or an update (INSERT, DROP, ...).

`newsld query` only reads. The embedded store refuses an update given as a query, but a SPARQL server may not:
Virtuoso runs an update sent to its query endpoint. So the request's form is told before it is sent, from the
grammar: a query is a prologue (BASE, PREFIX) then its form's keyword, an update a prologue then an operation's
keyword; the first of those keywords outside strings, IRIs and comments decides. Nothing of the text is
pasted into another request.
"""
from __future__ import annotations

import re

from .hint import _NOT_KEYWORDS

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_OPERATIONS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
"""SPARQL 1.1 Update's operations (WITH starts a DELETE/INSERT on one graph)."""

_FORM = re.compile(r"(?<![\w?$:.@-])(" + "|".join(QUERY_FORMS + UPDATE_OPERATIONS) + r")(?![\w:.-])", re.I)
"""A keyword, not part of a variable (?drop), a prefixed name (ex:load, drop:x), a blank node or a language tag."""


def request_form(sparql: str) -> str | None:
    """The keyword that makes `sparql` a query or an update ("SELECT", "DROP"), upper-cased; None if it has none."""
    match = _FORM.search(_NOT_KEYWORDS.sub(" ", sparql))
    return match.group(1).upper() if match else None


def update_operation(sparql: str) -> str | None:
    """The update operation `sparql` starts with, if it is an update rather than a query."""
    form = request_form(sparql)
    return form if form in UPDATE_OPERATIONS else None
