"""Every input's language is told from its text unless the input states it, and only a model for that
language reads it."""
from __future__ import annotations

from rdflib import Literal

from pipeline.api import publish_text
from pipeline.language import detect_language
from pipeline.namespaces import SCHEMA

GERMAN = ("BERLIN (dpa) -- Bundeskanzler Olaf Scholz hat am Freitag in Berlin einen neuen Plan für die "
          "Wirtschaft vorgestellt. Die Regierung wolle den Unternehmen helfen, sagte er vor Journalisten.")
ENGLISH = ("TOKYO -- Nissan Motor Co. said on Thursday it would invest $2 billion in batteries for its "
           "electric cars, its chief executive told reporters.")


def test_a_german_wire_story_is_published_in_german():
    publication = publish_text(f"date 2024-03-01 {GERMAN}", name="scholz.txt")
    assert publication.graph.value(publication.iri, SCHEMA.inLanguage) == Literal("de")


def test_a_story_in_a_language_without_a_model_gets_no_entities_and_an_info():
    publication = publish_text(f"date 2024-03-01 {GERMAN}", name="scholz.txt")
    assert not list(publication.graph.objects(publication.iri, SCHEMA.mentions))
    assert not list(publication.graph.objects(publication.iri, SCHEMA.about))
    assert any(r.severity == "Info" and "no NER model for language 'de'" in r.message
               for r in publication.report.results)


def test_the_language_front_matter_gives_wins_over_the_text():
    publication = publish_text(f"---\nlanguage: en\n---\ndate 2024-03-01 {GERMAN}", name="scholz.txt")
    assert publication.graph.value(publication.iri, SCHEMA.inLanguage) == Literal("en")


def test_an_english_wire_story_is_published_in_english_with_its_entities():
    publication = publish_text(f"date 2024-03-01 {ENGLISH}", name="nissan.txt")
    assert publication.graph.value(publication.iri, SCHEMA.inLanguage) == Literal("en")
    assert list(publication.graph.objects(publication.iri, SCHEMA.about))


def test_a_text_too_short_to_tell_has_no_detected_language():
    assert detect_language("Nissan said so.") is None


FRENCH_LEAD = ("Le gouvernement français a annoncé jeudi un plan de 20 milliards d'euros pour soutenir l'industrie "
               "automobile, a indiqué le ministre de l'Economie lors d'une conférence de presse.\n\n")
ENGLISH_BOILERPLATE = ("Editor's note: This article is part of our free coverage for subscribers and non-subscribers "
                       "alike. We use cookies and similar technologies to improve your experience and show you "
                       "relevant content. Sign up for our newsletter to receive the latest news every morning. ") * 5
FRENCH_BODY = ("Selon le ministre, cette enveloppe doit permettre aux constructeurs de moderniser leurs usines et de "
               "développer des véhicules électriques. Les syndicats ont salué une annonce attendue depuis plusieurs "
               "mois, tout en demandant des garanties sur l'emploi dans les sites de production.\n\n") * 8


def test_a_lead_followed_by_boilerplate_in_another_language_keeps_the_body_language():
    assert detect_language(FRENCH_LEAD + ENGLISH_BOILERPLATE + "\n\n" + FRENCH_BODY) == "fr"


def test_a_story_opening_with_a_table_of_figures_is_still_told_by_its_words():
    table = "\n".join(f"NIKKEI {i} 2{i}.{i}5 +0.{i}% TOPIX 1{i}8.2 -0.{i}% USD/JPY 14{i}.3{i}" for i in range(60))
    story = ("Tokyo stocks rose on Thursday as investors bought exporters after the yen weakened against the "
             "dollar, while trading was thin ahead of a holiday, brokers said.\n\n") * 20
    assert detect_language("Markets at the close:\n\n" + table + "\n\n" + story) == "en"
