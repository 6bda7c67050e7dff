"""French stories are read by spaCy's French pipeline once the `fr` extra installs it (`pip install
'newsld[fr]'`), and only French stories: an English one in the same batch is still read by the English model."""
from __future__ import annotations

from rdflib import RDF, Literal

from pipeline.api import publish_documents, publish_text
from pipeline.config import DEFAULT_MODELS, Config, installed_models
from pipeline.model import MonetaryAmount
from pipeline.namespaces import SCHEMA
from pipeline.sources.text import read_text

FRENCH = ("PARIS -- Le président Emmanuel Macron a annoncé vendredi un plan de soutien à l'industrie automobile. "
          "La société Renault recevra une aide pour construire des voitures électriques dans ses usines du nord, "
          "a précisé le ministre de l'Économie, Bruno Le Maire. Le directeur général de Renault, Luca de Meo, "
          "a salué une décision courageuse devant les journalistes.")
ENGLISH = ("TOKYO -- Nissan Motor Co. said on Thursday it would invest $2 billion in batteries for its "
           "electric cars, its chief executive told reporters.")


def named(publication, *types) -> set[str]:
    """The names of the things the article is about or mentions, of one of `types`."""
    graph, iri = publication.graph, publication.iri
    things = [*graph.objects(iri, SCHEMA.about), *graph.objects(iri, SCHEMA.mentions)]
    return {str(graph.value(t, SCHEMA.name)) for t in things
            if any((t, RDF.type, SCHEMA[kind]) in graph for kind in types)}


def test_the_french_pipeline_is_a_default_model_once_installed():
    assert DEFAULT_MODELS["fr"] == "fr_core_news_sm"
    assert Config().models["fr"] == "fr_core_news_sm"


def test_a_pipeline_that_is_not_installed_is_no_default():
    assert installed_models({"fr": "fr_core_news_sm", "xx": "no_such_pipeline"}) == {"fr": "fr_core_news_sm"}


def test_a_french_wire_story_is_published_in_french_with_its_people():
    publication = publish_text(f"date 2024-03-01 {FRENCH}", name="macron.txt")
    assert publication.graph.value(publication.iri, SCHEMA.inLanguage) == Literal("fr")
    assert {"Emmanuel Macron", "Bruno Le Maire", "Luca de Meo"} <= named(publication, "Person")


def test_a_french_wire_story_gives_its_organisations():
    publication = publish_text(f"date 2024-03-01 {FRENCH}", name="macron.txt")
    assert "Renault" in named(publication, "Organization", "Corporation")


def test_a_french_story_with_its_entities_passes_the_shapes():
    publication = publish_text(f"date 2024-03-01 {FRENCH}", name="macron.txt")
    assert publication.report.conforms


def test_without_a_french_model_a_french_story_gets_no_entities_and_an_info():
    """What an installation without the extra does: the English model never reads French."""
    config = Config(models={"en": DEFAULT_MODELS["en"]})
    publication = publish_text(f"date 2024-03-01 {FRENCH}", config, name="macron.txt")
    assert named(publication, "Person", "Organization", "Corporation", "Place", "City", "Country") == set()
    assert any(r.severity == "Info" and "no NER model for language 'fr'" in r.message
               for r in publication.report.results)


def test_an_english_story_batched_with_a_french_one_is_still_read_by_the_english_model():
    """Amounts are a label of the English model only (the French one knows people, places, organisations
    and 'misc'): the English story's "$2 billion" is found, and the French story's people too."""
    documents = [read_text(f"date 2024-03-01 {FRENCH}", name="macron.txt", slug="macron"),
                 read_text(f"date 2024-03-01 {ENGLISH}", name="nissan.txt", slug="nissan")]
    french, english = publish_documents(documents)
    assert english.graph.value(english.iri, SCHEMA.inLanguage) == Literal("en")
    assert any(isinstance(a, MonetaryAmount) and a.currency == "USD" for a in english.article.about)
    assert "Emmanuel Macron" in named(french, "Person")
