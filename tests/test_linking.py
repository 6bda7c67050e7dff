"""Entities join across articles: shared IRIs, the authority file, one model load per process."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, URIRef

from pipeline import Config, nlp, publish_text
from pipeline.authority import load_authority
from pipeline.cli import main

FIRST = ("date 2022-01-28 TOKYO -- Nissan Motor Co. and Renault will invest in batteries, "
         "Nissan Chief Executive Officer Makoto Uchida said.")
SECOND = ("date 2022-02-03 PARIS, France -- Renault and Nissan will build the batteries in Japan, "
          "Makoto Uchida told reporters on Thursday.")

SHARED = """
SELECT ?entity (COUNT(DISTINCT ?g) AS ?articles) WHERE {
  GRAPH ?g { ?article a <http://schema.org/NewsArticle> ;
                      (<http://schema.org/about>|<http://schema.org/mentions>) ?entity .
             ?entity <http://schema.org/name> ?name . }
} GROUP BY ?entity HAVING (COUNT(DISTINCT ?g) > 1)
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Dataset:
    root = tmp_path_factory.mktemp("linking")
    (root / "first.txt").write_text(FIRST, encoding="utf-8")
    (root / "second.txt").write_text(SECOND, encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", str(root / "first.txt"), str(root / "second.txt"),
                                       "--out", str(root / "out")])
    assert result.exit_code == 0, result.output
    ds = Dataset()
    ds.parse(root / "out" / "dataset.nq", format="nquads")
    return ds


def test_shared_entities_are_one_node_linked_from_both_articles(dataset):
    shared = {str(row.entity) for row in dataset.query(SHARED)}
    assert {
        "https://newsld.example/organization/renault",
        "https://newsld.example/organization/nissan",
        "https://newsld.example/person/makoto-uchida",
    } <= shared


def test_entity_type_and_name_are_repeated_in_every_graph_that_mentions_it(dataset):
    uchida = URIRef("https://newsld.example/person/makoto-uchida")
    graphs = [g for g in dataset.graphs() if (uchida, None, None) in g]
    assert len(graphs) == 2
    assert all(str(g.value(uchida, URIRef("http://schema.org/name"))) == "Makoto Uchida" for g in graphs)


AUTHORITY_CSV = """name,type,iri,aliases,sameAs
Nissan,Corporation,nissan,Nissan Motor Co.|Nissan Motor,https://www.wikidata.org/wiki/Q20165
Renault,Corporation,https://taxonomy.example.com/org/renault,Renault SA|Groupe Renault,https://www.wikidata.org/wiki/Q6686
"""

AUTHORITY_TTL = """@prefix schema: <http://schema.org/> .
<https://taxonomy.example.com/org/nissan> a schema:Corporation ; schema:name "Nissan" ;
    schema:alternateName "Nissan Motor Co." ; schema:sameAs <https://www.wikidata.org/wiki/Q20165> .
"""


def _entity(pub, name):
    return next(e for e in (*pub.article.about, *pub.article.mentions) if getattr(e, "name", None) == name)


def test_authority_csv_pins_name_iri_and_same_as(tmp_path):
    path = tmp_path / "entities.csv"
    path.write_text(AUTHORITY_CSV, encoding="utf-8")
    pub = publish_text(FIRST, Config(authority=path), name="first")
    nissan = _entity(pub, "Nissan")
    nissan_iri = URIRef("https://newsld.example/organization/nissan")  # the slug, minted under the base in mapping
    assert (nissan_iri, URIRef("http://schema.org/sameAs"), URIRef("https://www.wikidata.org/wiki/Q20165")) in pub.graph
    assert nissan.same_as == ("https://www.wikidata.org/wiki/Q20165",)
    renault = URIRef("https://taxonomy.example.com/org/renault")
    assert (renault, URIRef("http://schema.org/sameAs"), URIRef("https://www.wikidata.org/wiki/Q6686")) in pub.graph
    assert pub.report.conforms


def test_authority_turtle_gives_the_publishers_own_iri(tmp_path):
    path = tmp_path / "entities.ttl"
    path.write_text(AUTHORITY_TTL, encoding="utf-8")
    pub = publish_text(FIRST, Config(authority=path), name="first")
    assert _entity(pub, "Nissan").iri == "https://taxonomy.example.com/org/nissan"
    assert (URIRef("https://taxonomy.example.com/org/nissan"), None, None) in pub.graph


def test_authority_with_unknown_type_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "entities.csv"
    path.write_text("name,type,iri,aliases,sameAs\nNissan,Company,,,\n", encoding="utf-8")
    with pytest.raises(Exception, match="line 2"):
        load_authority(path)


def test_authority_from_newsld_toml_is_used_by_publish(tmp_path):
    (tmp_path / "entities.csv").write_text(AUTHORITY_CSV, encoding="utf-8")
    (tmp_path / "newsld.toml").write_text('[entities]\nauthority = "entities.csv"\n', encoding="utf-8")
    (tmp_path / "first.txt").write_text(FIRST, encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", str(tmp_path / "first.txt"), "--config", str(tmp_path / "newsld.toml"),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "https://www.wikidata.org/wiki/Q20165" in (tmp_path / "out" / "first.jsonld").read_text(encoding="utf-8")


def test_model_loads_once_however_many_articles(tmp_path):
    before = nlp.load_count
    for number in range(40):
        (tmp_path / f"s{number}.txt").write_text(FIRST, encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert nlp.load_count - before <= 1
    assert len(list(Path(tmp_path / "out").glob("*.jsonld"))) == 40
