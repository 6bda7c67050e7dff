"""The checker's reading stage: each input (a file, a page, a URL) as one RDF graph and what reading it found.

| input | read as |
| --- | --- |
| .ttl, .nt | Turtle, N-Triples (pyoxigraph: a syntax error names its line) |
| .nq, .trig | N-Quads, TriG: the union of their graphs |
| .jsonld, .json | JSON-LD (PyLD, repaired where safe) |
| .html, .htm, .xhtml, anything else | HTML: every JSON-LD block on its own, microdata, RDFa (schema.org terms only) |
| URL | by its Content-Type, else by sniffing its first bytes |

The suffixes and media types are rows of `sources/registry.py`, the table publish and load read too.

JSON-LD is expanded with schema.org's context from the packaged copy, under
any of the addresses pages use for it; no other context is fetched: the block
is read without it and a finding names the terms lost. `https://schema.org/`
terms are read as `http://schema.org/` (one info finding per page). Relative
IRIs resolve against the URL the page came from, or the file's own `file:` URI.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from ..config import VALIDATE_BYTES
from ..errors import InputError, innermost, one_line
from ..namespaces import SCHEMA
from ..sources import files_in, registry
from ..sources.html import decode_html, deep_microdata, parse_deep
from ..sources.jsonld import MAX_JSON_DEPTH, JsonProblem, json_problem, parse_json
from ..sources.web import Allow, fetch, is_url, public_only
from ..serialize import CONTEXT_URL, SCHEMA_HOSTS, document_loader, is_schema_context
from .findings import Finding

MAX_BYTES = VALIDATE_BYTES
DIRECTORY_SUFFIXES = registry.suffixes(registry.VALIDATE, directory=True)
"""What `expand_inputs` takes from a directory (the registry's rows for validate); a file named on the command
line is read whatever its suffix: HTML, unless its first bytes say JSON or Turtle."""
_SYNTAX = {"page": "html", "json-ld": "json-ld"}
"""The syntax a format of each kind is read as (an RDF format by its own name: "turtle", "n-quads")."""

_HTTP, _HTTPS = str(SCHEMA), "https://schema.org/"
_XSD_STRING = str(XSD.string)
_SCHEMA_VOCABS_WITHOUT_SLASH = {f"{scheme}://{host}" for scheme in ("http", "https") for host in SCHEMA_HOSTS}
_JSONLD_TYPE = "application/ld+json"
_MICRODATA = re.compile(r"\bitemscope\b", re.I)
_RDFA_SCHEMA = re.compile(r"""\b(?:vocab|property|typeof|rel|rev|prefix|xmlns:[\w.-]+)\s*=\s*"""
                          r"""(?:"[^"]*schema[.:]|'[^']*schema[.:]|[^\s>"']*schema[.:])""", re.I)
"""RDFa can only state schema.org terms where one of these attributes mentions schema (`vocab`, a `schema:` CURIE,
a full IRI, a prefix declaration); pages without one skip pyRdfa, which takes 60-250 ms on a news page."""
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class Page:
    """One input validated as a unit: a file, a page, a URL."""

    name: str  # the path or URL as the user gave it
    graph: Graph  # all its structured data, schema.org terms normalised to http://schema.org/
    findings: list[Finding] = field(default_factory=list)  # repairs (warnings), unreadable blocks (errors), etc.
    syntaxes: dict[str, int] = field(default_factory=dict)  # blocks/items read per syntax: {"json-ld": 2, ...}


def expand_inputs(arguments: list[str], follow_links: bool = False
                  ) -> tuple[list[str], list[InputError], list[tuple[str, str]]]:
    """URLs and files as given, directories as their readable files (recursively, sorted, hidden ones and links
    leading out skipped, as publish skips them: `sources.files_in`); each argument once. What does not exist,
    or a directory with nothing to read, is an error beside the rest; what a directory holds that is not
    read is (name, why), for a warning."""
    found: list[str] = []
    errors: list[InputError] = []
    skipped: list[tuple[str, str]] = []
    for argument in arguments:
        if is_url(argument) or Path(argument).is_file():
            found.append(argument)
        elif Path(argument).is_dir():
            files = files_in(Path(argument), DIRECTORY_SUFFIXES, follow_links, skipped)
            if not files:
                errors.append(InputError(argument, f"nothing to check in this directory (no "
                                                   f"{', '.join(DIRECTORY_SUFFIXES)} files)"))
            found += files
        elif Path(argument).exists():
            errors.append(InputError(argument, "not a file or directory"))
        else:
            errors.append(InputError(argument, "no such file or directory"))
    return list(dict.fromkeys(found)), errors, skipped


def read_page(argument: str, max_bytes: int = MAX_BYTES, allow: Allow = public_only) -> Page:
    """Everything `argument` states, as one graph; `InputError` if it cannot be read at all. A URL is fetched
    from the addresses `allow` accepts."""
    if is_url(argument):
        fetched = fetch(argument, max_bytes, allow=allow)
        data, base, charset = fetched.content, fetched.url, fetched.charset
        known = registry.by_media_type(fetched.content_type, registry.VALIDATE)
        empty = "the server sent an empty answer: nothing to check"
    else:
        data, base = _read_file(argument, max_bytes)
        known, charset = registry.by_suffix(Path(argument).suffix, registry.VALIDATE), None
        empty = "empty file: nothing to check"
    if not data.strip():
        raise InputError(argument, empty)
    if b"\x00" in data and not data.startswith(_UTF16_BOMS):
        raise InputError(argument, "binary file (NUL bytes), not a page or an RDF file")
    reader = _Reader(argument, base)
    kind = _SYNTAX.get(known.kind, known.name) if known is not None else _sniff(data)
    if kind == "html":
        reader.html(decode_html(data, argument, charset))
    elif kind == "json-ld":
        reader.jsonld_file(_utf8(data, argument, charset))
    else:
        reader.rdf(data, kind)
    return reader.page()


def _read_file(argument: str, max_bytes: int) -> tuple[bytes, str]:
    path = Path(argument)
    try:
        if path.is_dir():
            raise InputError(argument, "a directory, not a file (give directories to expand_inputs)")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(argument, f"file is {size:,} bytes, larger than the {max_bytes:,}-byte limit")
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)  # a file that grew since stat() is still bounded
    except FileNotFoundError:
        raise InputError(argument, "no such file or directory") from None
    except OSError as exc:
        raise InputError(argument, f"cannot read: {exc.strerror or type(exc).__name__}") from None
    if len(data) > max_bytes:
        raise InputError(argument, f"file is larger than the {max_bytes:,}-byte limit")
    return data, path.resolve().as_uri()


def _sniff(data: bytes) -> str:
    """JSON-LD if it starts like JSON, Turtle if like Turtle or N-Triples, HTML otherwise."""
    head = data[:65536].removeprefix(b"\xef\xbb\xbf").lstrip().decode("utf-8", "replace")
    if head.startswith(("{", "[")):
        return "json-ld"
    if re.match(r"(?:#|@prefix\b|@base\b|prefix\s|base\s|_:\S+\s+<|<[A-Za-z][\w+.-]*:[^<>\s]*>\s+<)", head, re.I):
        return "turtle"
    return "html"


def _utf8(data: bytes, name: str, charset: str | None) -> str:
    for encoding in filter(None, (charset, "utf-8-sig")):
        try:
            return data.decode(encoding)
        except (LookupError, ValueError):
            continue
    raise InputError(name, "not UTF-8 text (JSON-LD and Turtle are UTF-8)")


class _Reader:
    """One page being read: its graph, its findings, and the per-page tallies summed up in `page()`."""

    def __init__(self, name: str, base: str | None) -> None:
        self.name = name
        self.base = base
        self.graph = Graph()
        self.graph.bind("schema", SCHEMA, replace=True)
        self.findings: list[Finding] = []
        self.syntaxes: dict[str, int] = {}
        self.https_terms = 0
        self.bad_languages: set[str] = set()
        self.kind = "file"

    # -- the inputs ---------------------------------------------------------------------------------------------

    def rdf(self, data: bytes, kind: str) -> None:
        from pyoxigraph import parse

        fmt = next(f.rdf for f in registry.FORMATS if f.name == kind)
        label = fmt.name
        try:
            self._add_oxigraph(parse(data.removeprefix(b"\xef\xbb\xbf"), format=fmt, base_iri=self.base))
        except SyntaxError as exc:
            raise InputError(self.name, f"not valid {label}: {one_line(exc)}") from None
        except ValueError as exc:  # a base IRI pyoxigraph refuses (a path it cannot take as an IRI)
            raise InputError(self.name, f"cannot read as {label}: {one_line(exc)}") from None
        self.syntaxes[kind] = 1

    def jsonld_file(self, text: str) -> None:
        try:
            data, repairs = parse_json(text)
        except JsonProblem as problem:
            raise InputError(self.name, f"not valid JSON: {problem.message} at line {problem.line}, "
                                        f"column {problem.column}") from None
        for repair in repairs:
            self._finding("warning", repair.rule, f"line {repair.line}, column {repair.column}: {repair.message}"
                          + (f" ({repair.count} places)" if repair.count > 1 else ""))
        self.syntaxes["json-ld"] = int(self._jsonld(data, "the document"))

    def html(self, text: str) -> None:
        from extruct.xmldom import XmlDomHTMLParser
        from lxml import etree

        self.kind = "page"
        self.syntaxes.update({"json-ld": 0, "microdata": 0, "rdfa": 0})
        try:  # extruct's parser (its elements answer the DOM calls pyRdfa makes), past 256 nested elements
            tree, stop = parse_deep(text, XmlDomHTMLParser(encoding="utf-8", huge_tree=True))
        except (etree.ParserError, ValueError):  # "Document is empty": a comment, a bare doctype
            return
        if stop:
            self._finding("error", "read/html-stopped", stop)
        scripts = [s for s in tree.xpath("//script[@type]")
                   if s.get("type", "").split(";")[0].strip().lower() == _JSONLD_TYPE]
        for number, script in enumerate(scripts, start=1):
            label = f"JSON-LD block {number} of {len(scripts)}"
            if script.sourceline:
                label += f" (line {script.sourceline} of the page)"
            self.syntaxes["json-ld"] += self._html_block(script.text or "", label, script.sourceline)
        if _MICRODATA.search(text):
            self._microdata(tree)
        if _RDFA_SCHEMA.search(text):
            self._rdfa(tree)

    def page(self) -> Page:
        if self.https_terms:
            uses = f"{self.https_terms} uses" if self.https_terms > 1 else "1 use"
            self._finding("info", "schemaorg/https",
                          f"schema.org terms written with https://schema.org/ ({uses}) were read as http://schema.org/ "
                          "terms: the same vocabulary (schema.org's own context uses http)")
        if self.bad_languages:
            self._finding("warning", "jsonld/language-tag",
                          f"not a language tag ({', '.join(sorted(self.bad_languages))}): the texts tagged with it "
                          "were read without a language; tags look like en, en-US, pt-BR")
        if not len(self.graph):
            unread = any(f.severity == "error" for f in self.findings)
            if self.kind == "page":
                message = ("no structured data could be read from this page (see the errors)" if unread else
                           "no structured data on this page: no JSON-LD, no microdata or RDFa with schema.org terms")
            else:
                message = "no structured data could be read from it" if unread else "it holds no triples"
            self._finding("info", "read/no-structured-data", message)
        return Page(self.name, self.graph, self.findings, self.syntaxes)

    # -- JSON-LD ------------------------------------------------------------------------------------------------

    def _html_block(self, text: str, label: str, first_line: int | None) -> bool:
        """One `<script type="application/ld+json">`: repaired where safe, else skipped with an error."""
        def where(line: int, column: int) -> str:
            page_line = f", line {first_line + line - 1} of the page" if first_line else ""
            return f"line {line}, column {column} of the block{page_line}"

        if not text.strip():
            self._finding("warning", "jsonld/empty-block", f"{label} is empty")
            return False
        try:
            data, repairs = parse_json(text)
        except JsonProblem as problem:
            self._finding("error", problem.rule, f"{label} is not valid JSON: {problem.message} "
                                                 f"({where(problem.line, problem.column)}); the block was skipped")
            return False
        for repair in repairs:
            self._finding("warning", repair.rule, f"{label}: {repair.message} ({where(repair.line, repair.column)}"
                          + (f"; {repair.count} places" if repair.count > 1 else "") + ")")
        return self._jsonld(data, label)

    def _jsonld(self, data: Any, label: str) -> bool:
        """A parsed JSON-LD document into the graph; False (with an error) if it cannot be used at all."""
        if problem := json_problem(data, MAX_JSON_DEPTH):
            self._finding("error", "jsonld/invalid-json", f"{label} cannot be used: {problem}; the block was skipped")
            return False
        had_context = has_context = False
        remote: list[str] = []
        for node in _objects(data):
            if "@context" in node:
                had_context = True
                node["@context"] = self._offline_context(node["@context"], label, remote)
                if node["@context"] is _DROP:
                    del node["@context"]
                else:
                    has_context = True
        if remote and not has_context:
            self._finding("error", "jsonld/remote-context",
                          f"{label}: its only context, {_listing(list(dict.fromkeys(remote)))}, is not schema.org's "
                          '("https://schema.org") and was not fetched (the checker works offline); without it the '
                          "block's terms name nothing: the block was skipped")
            return False
        dropped: list[str] = []
        try:
            processor = _processor(dropped)
            dataset = processor.to_rdf(data, {"documentLoader": document_loader, "base": self.base or ""})
        except Exception as exc:  # PyLD's JsonLdError, and its TypeError/KeyError/... on JSON-LD it does not expect
            from pyld.jsonld import JsonLdError

            reason = innermost(exc) if isinstance(exc, JsonLdError) else f"{type(exc).__name__}: {exc}"
            self._finding("error", "jsonld/invalid", f"{label} is not valid JSON-LD ({reason}); "
                                                     "the block was skipped")
            return False
        dropped = sorted({d for d in dropped if d and not d.startswith("@")})
        terms = _listing(dropped)
        if not had_context and dropped:
            self._finding("error", "jsonld/no-context",
                          f"{label} has no @context, so its terms ({terms}) name nothing: the block was skipped "
                          '(add "@context": "https://schema.org")')
            return False
        if remote:
            contexts = ", ".join(dict.fromkeys(remote))
            lost = ("no term was lost (the block's other contexts define them all)" if not dropped else
                    f"the term that only it defines was lost: {terms}" if len(dropped) == 1 else
                    f"the {len(dropped)} terms that only it defines were lost: {terms}")
            self._finding("error" if dropped else "warning", "jsonld/remote-context",
                          f"{label}: the context {contexts} is not schema.org's and was not fetched (the checker "
                          f"works offline); the block was read without it, and {lost}")
        elif dropped:
            self._finding("warning", "jsonld/undefined-term",
                          f"{label}: terms its @context does not define were ignored: {terms}")
        self._add_pyld(dataset)
        return True

    def _offline_context(self, context: Any, label: str, remote: list[str]) -> Any:
        """A @context as it can be read offline: `@vocab` given its final slash, remote contexts other than
        schema.org's taken out (and listed in `remote`)."""
        if isinstance(context, list):
            kept = [c for c in (self._offline_context(c, label, remote) for c in context) if c is not _DROP]
            return kept if kept else _DROP
        if isinstance(context, str):
            if is_schema_context(context):
                return context
            remote.append(context)
            return _DROP
        if isinstance(context, dict):
            vocab = context.get("@vocab")
            if isinstance(vocab, str) and vocab.strip().lower() in _SCHEMA_VOCABS_WITHOUT_SLASH:
                context["@vocab"] = vocab + "/"
                self._finding("warning", "jsonld/vocab-slash",
                              f'{label}: "@vocab": "{vocab}" lacks the final slash (read literally, "NewsArticle" '
                              f'would be {vocab}NewsArticle); read as "{vocab}/"')
        return context

    # -- microdata and RDFa -------------------------------------------------------------------------------------

    def _microdata(self, tree) -> None:
        """schema.org microdata items through extruct, as JSON-LD with schema.org's context: the same reading
        (URL-valued properties as IRIs) as the page's JSON-LD gets."""
        from extruct.w3cmicrodata import MicrodataExtractor

        if too_deep := deep_microdata(tree):
            self._finding("error", "read/microdata", too_deep)
            return
        try:
            items = MicrodataExtractor().extract_items(tree, self.base)
        except Exception as exc:  # extruct raises whatever its parsers raise on hostile markup
            self._finding("error", "read/microdata", f"the page's microdata could not be read ({_why(exc)})")
            return
        nodes = [node for node in (_microdata_node(item, inherited=False) for item in items) if isinstance(node, dict)]
        if nodes and self._jsonld({"@context": CONTEXT_URL, "@graph": nodes}, "the page's microdata"):
            self.syntaxes["microdata"] = len(nodes)

    def _rdfa(self, tree) -> None:
        """RDFa through pyRdfa with extruct's options (no vocabulary expansion: nothing fetched); only schema.org
        statements are kept (OpenGraph, xhv: and the rest are other vocabularies)."""
        import extruct.rdfa  # noqa: F401 - extruct's additions to pyRdfa's initial context (og:, article:, ...)
        from pyRdfa import Options, pyRdfa

        options = Options(output_processor_graph=True, embedded_rdf=False, space_preserve=True, vocab_expansion=False,
                          vocab_cache=False, vocab_cache_report=False, refresh_vocab_cache=False, check_lite=False)
        try:
            found = pyRdfa(options, base=self.base or "").graph_from_DOM(tree, graph=Graph(), pgraph=Graph())
        except Exception as exc:  # pyRdfa raises whatever its DOM walk meets
            self._finding("error", "read/rdfa", f"the page's RDFa could not be read ({_why(exc)})")
            return
        typed = set()
        for s, p, o in found:
            if _in_schema(p) or (p == RDF.type and _in_schema(o)):
                triple = (self._rdflib_term(s), self._rdflib_term(p), self._rdflib_term(o))
                self.graph.add(triple)
                if p == RDF.type:
                    typed.add(s)
        self.syntaxes["rdfa"] = len(typed)

    # -- terms --------------------------------------------------------------------------------------------------

    def _add_pyld(self, dataset: dict[str, list[dict[str, Any]]]) -> None:
        """PyLD's dataset (every graph of it) into the graph; blank nodes fresh for this document."""
        blanks: dict[str, BNode] = {}
        for triples in dataset.values():
            for t in triples:
                self.graph.add(tuple(self._pyld_term(t[k], blanks) for k in ("subject", "predicate", "object")))

    def _pyld_term(self, term: dict[str, str], blanks: dict[str, BNode]):
        if term["type"] == "IRI":
            return self._iri(term["value"])
        if term["type"] == "blank node":
            return blanks.setdefault(term["value"], BNode())
        return self._literal(term["value"], term.get("datatype"), term.get("language"))

    def _add_oxigraph(self, quads: Iterable) -> None:
        from pyoxigraph import BlankNode, NamedNode

        blanks: dict[str, BNode] = {}
        skipped = 0

        def term(t):
            if isinstance(t, NamedNode):
                return self._iri(t.value)
            if isinstance(t, BlankNode):
                return blanks.setdefault(t.value, BNode())
            if hasattr(t, "datatype"):
                return self._literal(t.value, t.datatype.value, t.language)
            return None  # an RDF 1.2 triple term

        for quad in quads:
            triple = (term(quad.subject), term(quad.predicate), term(quad.object))
            if None in triple:
                skipped += 1
            else:
                self.graph.add(triple)
        if skipped:
            self._finding("warning", "read/triple-terms", f"{skipped} statements about statements (RDF-star) "
                                                          "were skipped: schema.org has no use for them")

    def _rdflib_term(self, term):
        if isinstance(term, URIRef):
            return self._iri(str(term))
        if isinstance(term, Literal):
            return self._literal(str(term), str(term.datatype) if term.datatype else None, term.language)
        return term

    def _iri(self, value: str) -> URIRef:
        if value.startswith(_HTTPS):
            self.https_terms += 1
            value = _HTTP + value[len(_HTTPS):]
        return URIRef(value)

    def _literal(self, value: str, datatype: str | None, language: str | None) -> Literal:
        if language:
            try:
                return Literal(value, lang=language)
            except ValueError:  # "en_us": not a BCP 47 tag
                self.bad_languages.add(language)
                return Literal(value)
        if datatype in (None, _XSD_STRING) or datatype.endswith("#langString"):
            return Literal(value)
        return Literal(value, datatype=self._iri(datatype))

    def _finding(self, severity: str, rule: str, message: str) -> None:
        self.findings.append(Finding(severity, rule, message))


_DROP = object()
"""A @context entry taken out: the key goes, not "@context": null (which would clear the contexts around it)."""


def _processor(dropped: list[str]):
    from pyld import jsonld

    return jsonld.JsonLdProcessor(on_property_dropped=dropped.append)


def _objects(data: Any) -> Iterable[dict[str, Any]]:
    """Every JSON object in the document, contexts' own objects included (scoped contexts sit in them)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            yield value
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _why(exc: Exception) -> str:
    """A parser's failure as the page's problem: a RecursionError is elements nested deeper than it can walk."""
    return "its elements nest too deeply for it" if isinstance(exc, RecursionError) else type(exc).__name__


def _listing(terms: list[str], most: int = 8) -> str:
    return ", ".join(terms[:most]) + (f" and {len(terms) - most} more" if len(terms) > most else "")


def _in_schema(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith((_HTTP, _HTTPS))


def _is_schema_type(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() in SCHEMA_HOSTS


def _microdata_node(item: Any, inherited: bool = True) -> Any:
    """One extruct microdata item as a JSON-LD node for schema.org's context; None for items in another vocabulary
    (a nested item without a type is in its parent's vocabulary). Values other than items stay strings."""
    if not isinstance(item, dict):
        return item if isinstance(item, str) else None
    types = item.get("type") or []
    types = [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]
    if (types and not any(_is_schema_type(t) for t in types)) or (not types and not inherited):
        return None
    if "properties" not in item and "type" not in item:
        return None  # an action's input/output, or an item with neither type nor properties
    node: dict[str, Any] = {}
    if types:
        node["@type"] = [t.replace("://www.schema.org/", "://schema.org/") for t in types]
    if isinstance(item.get("id"), str) and item["id"]:
        node["@id"] = item["id"]
    for name, values in (item.get("properties") or {}).items():
        if name.startswith("@") or (":" in name and not name.startswith(("http://", "https://"))):
            continue  # "og:title", "@id": no schema.org property
        converted = [v for v in (_microdata_node(v) for v in (values if isinstance(values, list) else [values]))
                     if v is not None]
        if converted:
            node[name] = converted
    return node
