"""What the article speaks of: entities, quotations and amounts, added to extracted articles in batches.

NER runs through `nlp.pipe` per language, with the model configured for that
language only: an English model never reads German text. Entities are told apart
by `iri.identity` (a key without the base): IRIs are minted in mapping only.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from ..authority import Authority, load_authority
from ..iri import EntityKey, identity
from ..model import Article, Entity, MonetaryAmount, Notice, Place, Quotation
from ..nlp import load_model
from ..profile import stage
from .amounts import parse_amount
from .entities import Cluster, resolve
from .places import known_place
from .quotes import find_quotes

if TYPE_CHECKING:
    from spacy.tokens import Doc

BATCH_SIZE = 32


def annotate(articles: list[Article], models: Mapping[str, str], default_language: str, authority: Path | None,
             max_entities: int) -> None:
    """Fill `about`, `mentions` and `quotations` of each article, in place: NER by the model `models` names
    for the article's language (else `default_language`), names looked up in the `authority` file, at most
    `max_entities` entities an article ([limits] entities)."""
    by_language: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_language[(article.language or default_language).split("-")[0].lower()].append(article)
    known = load_authority(authority) if authority else None
    for language, group in by_language.items():
        model = models.get(language)
        if model is None:
            for article in group:
                article.notices.append(Notice("Info", "mentions", f"no NER model for language '{language}' "
                                                                  "([nlp.models] in newsld.toml): entities not extracted"))
            continue
        with stage("model"):  # loaded once per process and language
            nlp = load_model(model)
        texts = [_ner_text(a) for a in group]
        docs = nlp.pipe((text for text, _ in texts), batch_size=BATCH_SIZE)
        for article, (text, body_start) in zip(group, texts):
            with stage("NER"):  # spaCy's share, apart from what newsld makes of it: --profile tells them apart
                doc = next(docs)
            with stage("entities"):
                _annotate(article, doc, text, body_start, known, max_entities)


def _ner_text(article: Article) -> tuple[str, int]:
    """The headline (when the story gave one) and the body, and where the body starts."""
    if article.headline and not article.headline_derived:
        return f"{article.headline}\n\n{article.body}", len(article.headline) + 2
    return article.body, 0


def _annotate(article: Article, doc: Doc, text: str, body_start: int, authority: Authority | None,
              max_entities: int) -> None:
    """`text` is what the model read (`doc.text` is the same, rebuilt from every token at each access)."""
    first_break = text.find("\n\n", body_start)
    lead_end = first_break if first_break != -1 else len(text)
    places = (article.location.name,) if article.location else ()
    ents = doc.ents  # made anew at each access
    clusters = _merge_same_key(resolve(ents, text, places, body_start))
    if len(clusters) > max_entities:
        article.notices.append(Notice("Warning", "mentions", f"{len(clusters)} entities found, more than the "
                                      f"{max_entities} kept ([limits] entities): the first {max_entities} are kept"))
        clusters = clusters[:max_entities]
    dateline = [c for c in clusters if article.location
                and identity(c.kind, c.name) == identity("Place", article.location.name)]
    for cluster in dateline:
        cluster.city = True  # a dateline names a city
    entities = _entities(clusters, authority)
    if article.location:
        article.location = _located(article.location, [entities[id(c)] for c in dateline])
    about: list[Entity | MonetaryAmount] = []
    mentions: list[Entity | MonetaryAmount] = []
    for cluster in clusters:
        (about if cluster.mentions[0].start < lead_end else mentions).append(entities[id(cluster)])
    for ent in ents:
        if ent.label_ == "MONEY" and (amount := parse_amount(ent.text, text[ent.end_char:ent.end_char + 30])):
            (about if ent.start_char < lead_end else mentions).append(amount)
    article.about, article.mentions = _unique(about), [m for m in _unique(mentions) if m not in about]
    article.quotations = [Quotation(q.text, entities[id(q.speaker)] if q.speaker else None)
                          for q in find_quotes(text, body_start, clusters)]


def _entities(clusters: list[Cluster], authority: Authority | None) -> dict[int, Entity]:
    """Clusters to entities; employers first, so a person's `worksFor` is the same entity value."""
    entities: dict[int, Entity] = {}
    for cluster in sorted(clusters, key=lambda c: c.works_for is not None):
        entity = Entity(cluster.kind, cluster.name)
        entry = authority.lookup([cluster.name, *(m.text for m in cluster.mentions)]) if authority else None
        if entry:
            entity = Entity(entry.kind, entry.name, same_as=entry.same_as, iri=entry.iri, key=entry.key)
        if entity.kind == "Person" and cluster.job_title:
            employer = entities.get(id(cluster.works_for)) if cluster.works_for else None
            if employer is not None and employer.kind not in ("Organization", "Corporation"):
                employer = None  # "U.S. Defense Secretary": a title, but a country is no employer
            entity = replace(entity, job_title=cluster.job_title, works_for=employer)
        entities[id(cluster)] = entity
    return entities


def _located(location: Place, same: list[Entity]) -> Place:
    """The dateline place is the entity of that name when the story mentions it; else a city, or a country.
    The region after it ("Ore." of "PORTLAND, Ore.") is named as the country or state it is ("Oregon")."""
    region = location.contained_in
    if region is not None and (known := known_place(region.name)) is not None:
        location = replace(location, contained_in=replace(region, name=known.name, kind=known.kind))
    for entity in same:
        if entity.kind in ("City", "Country"):
            return replace(location, name=entity.name, kind=entity.kind)  # "Zürich" from the body over "ZURICH"
    known = known_place(location.name)
    return replace(location, kind="Country" if known is not None and known.kind == "Country" else "City")


def _merge_same_key(clusters: list[Cluster]) -> list[Cluster]:
    """"RENAULT" in a headline and "Renault" in the body are one node: one entity per key (so per IRI)."""
    by_key: dict[EntityKey, Cluster] = {}
    for cluster in clusters:
        key = identity(cluster.kind, cluster.name)
        if key in by_key:
            kept = by_key[key]
            kept.mentions = sorted(kept.mentions + cluster.mentions, key=lambda m: m.start)
            kept.votes.update(cluster.votes)
            kept.corporate |= cluster.corporate
            kept.city |= cluster.city
        else:
            by_key[key] = cluster
    return list(by_key.values())


def _unique(items: list) -> list:
    return list(dict.fromkeys(items))
