"""What the article speaks of: entities resolved over the whole story, their types, roles, quotations, amounts."""
from __future__ import annotations

import os

import pytest

from rdflib import URIRef

from pipeline import publish_text
from pipeline.extract.entities import Cluster, Mention, _is_common_word
from pipeline.model import Entity, MonetaryAmount

ALLIANCE = (
    "date 2022-01-28 TOKYO -- Renault and Nissan plan to invest $26 billion in electric vehicles, the companies said.\n\n"
    "Nissan Motor Co. will lead in developing batteries.\n\n"
    "\"Today we are lifting the hoods of the alliance together,\" Jean-Dominique Senard, the alliance's chairman, "
    "said in an online presentation.\n\n"
    "\"These are massive investments,\" he said. He told reporters the plan makes ties \"totally unbreakable.\"\n\n"
    "Sharing components will benefit the alliance, said Nissan Chief Executive Officer Makoto Uchida.\n\n"
    "\"We also benefit from the shared experience of our people,\" said Uchida.\n\n"
    "The alliance is the brainchild of Carlos Ghosn. Ghosn made it one of the most successful auto groups in the world.\n\n"
    "\"This period belongs to the past,\" Senard said."
)


@pytest.fixture(scope="module")
def alliance():
    return publish_text(ALLIANCE, name="alliance").article


def entities(article) -> dict[str, Entity]:
    return {e.name: e for e in (*article.about, *article.mentions) if isinstance(e, Entity)}


def test_surname_joins_the_full_name(alliance):
    names = entities(alliance)
    assert "Carlos Ghosn" in names and "Ghosn" not in names
    assert "Makoto Uchida" in names and "Uchida" not in names


def test_short_company_name_joins_the_legal_name(alliance):
    names = entities(alliance)
    assert names["Nissan Motor Co."].kind == "Corporation"
    assert "Nissan" not in names


def test_type_is_voted_over_mentions_and_cues(alliance):
    assert entities(alliance)["Jean-Dominique Senard"].kind == "Person"


def test_capitalised_sentence_start_is_not_a_name(alliance):
    assert "Sharing" not in entities(alliance)


def _sentence_start_cluster(word: str) -> Cluster:
    return Cluster(mentions=[Mention(0, len(word), word, "ORG", sentence_start=True)])


def test_sentence_start_word_used_in_lower_case_elsewhere_is_not_a_name():
    assert _is_common_word(_sentence_start_cluster("Further"), "Further talks follow. No further comment.")


def test_sentence_start_word_seen_only_capitalised_stays_a_name():
    assert not _is_common_word(_sentence_start_cluster("Stellantis"), "Stellantis said so. Rivals did not.")


def test_a_word_inside_a_longer_one_is_no_lower_case_use():
    assert not _is_common_word(_sentence_start_cluster("Arm"), "Arm grew. Its alarm rang and its harmony held.")


def test_apposition_gives_job_title(alliance):
    assert entities(alliance)["Jean-Dominique Senard"].job_title == "chairman"


def test_title_before_name_gives_job_title_and_employer(alliance):
    uchida = entities(alliance)["Makoto Uchida"]
    assert uchida.job_title == "Chief Executive Officer"
    assert uchida.works_for is not None and uchida.works_for.name == "Nissan Motor Co."


def test_quotations_are_attributed_to_their_speakers(alliance):
    said = {q.text: q.speaker.name if q.speaker else None for q in alliance.quotations}
    assert said == {
        "Today we are lifting the hoods of the alliance together": "Jean-Dominique Senard",
        "These are massive investments": "Jean-Dominique Senard",  # "he said"
        "totally unbreakable": "Jean-Dominique Senard",  # partial quotation, "He told"
        "We also benefit from the shared experience of our people": "Makoto Uchida",  # "said Uchida"
        "This period belongs to the past": "Jean-Dominique Senard",  # "Senard said"
    }


def test_amount_has_iso_currency_and_decimal_value(alliance):
    amounts = [a for a in alliance.about if isinstance(a, MonetaryAmount)]
    assert amounts == [MonetaryAmount("$26 billion", "USD", "26000000000.0")]


def test_lead_entities_are_about_and_the_rest_mentions(alliance):
    about = {e.name for e in alliance.about if isinstance(e, Entity)}
    mentions = {e.name for e in alliance.mentions if isinstance(e, Entity)}
    assert {"Renault", "Nissan Motor Co."} <= about
    assert "Carlos Ghosn" in mentions and "Carlos Ghosn" not in about


def test_quotation_continues_the_previous_speaker_in_its_paragraph():
    article = publish_text(
        "date 2019-11-18 WASHINGTON -- NASA chose a drone.\n\n"
        "\"It is not only scientifically important but also really cool,\" Rosaly Lopes said. "
        "\"It will be really exciting.\"", name="lopes").article
    assert [(q.text, q.speaker.name) for q in article.quotations] == [
        ("It is not only scientifically important but also really cool", "Rosaly Lopes"),
        ("It will be really exciting.", "Rosaly Lopes"),
    ]


def test_single_quoted_word_is_not_a_quotation():
    article = publish_text("date 2019-11-18 WASHINGTON -- The probe, called \"Dragonfly,\" will fly.", name="q")
    assert article.article.quotations == []


def test_article_in_a_language_without_a_model_gets_no_entities_and_an_info():
    pub = publish_text("---\nlanguage: de\n---\ndate 2020-05-04 BERLIN -- Angela Merkel traf Emmanuel Macron in Paris.",
                       name="de")
    assert pub.article.about == [] and pub.article.mentions == []
    assert any(r.severity == "Info" and "no NER model" in r.message for r in pub.report.results)
    assert pub.report.conforms


def test_entities_pass_the_shapes(alliance):
    pub = publish_text(ALLIANCE, name="alliance")
    assert pub.report.conforms, [r for r in pub.report.results if r.severity == "Violation"]


def test_name_next_to_a_speech_verb_is_a_person_the_model_missed():
    article = publish_text("date 2022-02-04 AUSTIN -- Tesla said on Friday it would open a factory in Berlin. "
                           "\"We are ready,\" Elon Musk said.", name="musk").article
    assert [(q.text, q.speaker.kind, q.speaker.name) for q in article.quotations] == [
        ("We are ready", "Person", "Elon Musk")]


def test_the_company_said_is_not_a_person():
    article = publish_text("date 2022-02-04 AUSTIN -- \"We are ready,\" The Company said.", name="co").article
    assert not [e for e in article.about + article.mentions if getattr(e, "kind", "") == "Person"]


def test_person_is_preferred_over_their_company_as_speaker():
    article = publish_text("date 2022-02-04 BERLIN -- Acme Corp. will open a plant.\n\n"
                           "\"We are ready,\" said Acme Chief Executive Officer Max Mustermann.", name="acme").article
    assert [(q.text, q.speaker.name) for q in article.quotations] == [("We are ready", "Max Mustermann")]


def test_whole_word_search_finds_exactly_what_the_word_boundary_pattern_finds():
    """`_whole_word` stands in for `(?<![\\w-])key(?![\\w-])`: same spans on random texts of letters, marks,
    digits, dashes, dots and spaces."""
    import random
    import re

    from pipeline.extract.entities import _whole_word

    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice("ab -_.é1\n") for _ in range(rng.randint(0, 30)))
        key = "".join(rng.choice("ab.é") for _ in range(rng.randint(1, 3)))
        expected = [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text)]
        assert list(_whole_word(text, key)) == expected, (text, key)


PRISONS = (
    "date 2019-11-19 NEW YORK -- Two guards were charged on Tuesday, months after a leadership shakeup at the federal "
    "Bureau of Prisons.\n\n"
    "\"The Bureau of Prisons and the Department of Justice need to start giving the public some answers,\" "
    "Senator Ben Sasse said.\n\n"
    "The guards worked at the Metropolitan Correctional Center, where the Bureau of Prisons has been short of staff.")


def test_organisation_named_with_and_without_the_is_one_entity_named_without_it():
    """spaCy's spans carry "the" and lower-case words before a name; a capital "The" opening a sentence is no
    part of the name either. The IRI and the name shown are the organisation's own."""
    article = publish_text(PRISONS, name="prisons").article
    found = entities(article)
    assert "Bureau of Prisons" in found and found["Bureau of Prisons"].kind == "Organization"
    assert {"Department of Justice", "Metropolitan Correctional Center"} <= set(found)
    assert not [name for name in found if name.lower().startswith(("the ", "federal "))]


def test_leading_the_is_no_part_of_an_organisation_iri():
    from pipeline.iri import entity_iri

    assert (entity_iri("https://n.example/", "Organization", "The New York Times")
            == entity_iri("https://n.example/", "Organization", "New York Times"))


@pytest.mark.parametrize(("name", "slug"), [("Nissan Motor Co.", "nissan-motor-co"), ("Zürich", "zurich"),
                                            ("São Paulo", "sao-paulo"), ("Apple’s Vision Pro", "apples-vision-pro")])
def test_a_latin_name_is_slugged_in_ascii(name, slug):
    from pipeline.iri import slugify

    assert slugify(name) == slug


def test_names_in_other_scripts_get_iris_of_their_own():
    """Before, every name with no ASCII form was slugged "x": all Chinese organisations were one node."""
    from pipeline.iri import entity_iri

    iris = {entity_iri("https://n.example/", kind, name) for kind, name in [
        ("Organization", "新华社"), ("Organization", "新华网"), ("Place", "北京"), ("Place", "上海"),
        ("Place", "Москва"), ("Place", "Łódź"), ("Person", "ガス"), ("Person", "カス")]}
    assert len(iris) == 8
    assert URIRef("https://n.example/place/北京") in iris and URIRef("https://n.example/place/łodz") in iris


def _doc(words: list[str], spaces: list[bool], ents: list[str]):
    """A spaCy Doc with the model's entity spans given as IOB tags ("B-ORG", "I-ORG", "O")."""
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, ents=ents)


def _mentions(doc) -> list[tuple[str, str]]:
    from pipeline.extract.entities import mentions_of

    found = mentions_of(doc.ents, doc.text)
    assert all(doc.text[m.start:m.end] == m.text for m in found)  # offsets still point at the name
    return [(m.text, m.label) for m in found]


def test_a_span_across_a_line_break_is_no_name():
    doc = _doc(["Music", "Awards", "\n\n", "Post", "Malone", "sang", "."], [True, False, False, True, True, False, False],
               ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O"])
    assert _mentions(doc) == []


def test_the_possessive_of_the_word_before_is_no_part_of_a_name():
    doc = _doc(["Vietnam", "’s", "Hoa", "Lo", "prison"], [False, True, True, True, False],
               ["O", "B-FAC", "I-FAC", "I-FAC", "O"])
    assert _mentions(doc) == [("Hoa Lo", "FAC")]


def test_quote_marks_and_the_around_a_name_are_no_part_of_it():
    doc = _doc(["the", "\"", "Black", "Death", "\"", "returned"], [True, False, True, False, True, False],
               ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"])
    assert _mentions(doc) == [("Black Death", "ORG")]


@pytest.mark.parametrize(("words", "name"), [
    (["Chef", "Jamie", "Oliver"], "Jamie Oliver"),
    (["Chefs", "Jamie", "Oliver"], "Jamie Oliver"),
    (["Ms", "Truss"], "Truss"),
    (["Sir", "Keir", "Starmer"], "Keir Starmer"),
    (["Judge"], "Judge"),  # a name is left, whatever it is
])
def test_a_title_or_honorific_the_models_person_span_begins_with_is_no_part_of_the_name(words, name):
    doc = _doc([*words, "said"], [True] * len(words) + [False], ["B-PERSON"] + ["I-PERSON"] * (len(words) - 1) + ["O"])
    assert _mentions(doc) == [(name, "PERSON")]


def test_a_span_into_the_next_sentence_is_no_name():
    doc = _doc(["Sustain", ".", "She", "said"], [False, True, True, False], ["B-PERSON", "I-PERSON", "I-PERSON", "O"])
    assert _mentions(doc) == []


def test_a_name_after_an_abbreviation_with_a_full_stop_is_a_name():
    doc = _doc(["Rev.", "Al", "Sharpton", "said"], [True, True, True, False], ["B-PERSON", "I-PERSON", "I-PERSON", "O"])
    (mention,) = _mentions(doc)
    assert mention[0].endswith("Al Sharpton")


def test_a_name_and_the_next_sentences_pronoun_before_said_are_no_speaker():
    from pipeline.extract.entities import speakers_by_attribution

    text = "The warning came from the farming alliance Sustain. She said the rules would change."
    assert speakers_by_attribution(text, []) == []


def test_a_pipeline_labelling_people_per_as_wikiner_does_gives_people(tmp_path):
    """spaCy's German, French, Spanish ... pipelines label people PER, not PERSON: a real pipeline that does
    (rule-based, saved and loaded as any installed one is), configured for French."""
    import spacy

    from pipeline.config import Config

    nlp = spacy.blank("fr")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([{"label": "PER", "pattern": "Marie Curie"}, {"label": "LOC", "pattern": "Paris"},
                        {"label": "ORG", "pattern": "Institut Pasteur"}, {"label": "MISC", "pattern": "Nobel"}])
    nlp.to_disk(tmp_path / "fr_rules")
    story = ("---\nlanguage: fr\n---\ndate 2024-03-04 PARIS -- Marie Curie a visité l'Institut Pasteur à Paris "
             "avant le prix Nobel.")
    article = publish_text(story, Config(models={"fr": str(tmp_path / "fr_rules")}), name="curie").article
    found = entities(article)
    assert (found["Marie Curie"].kind, found["Institut Pasteur"].kind) == ("Person", "Organization")
    assert found["Paris"].kind == "City"  # the dateline's place
    assert "Nobel" not in found


def test_a_person_span_with_a_digit_is_a_product():
    doc = _doc(["The", "RAV4", "Hybrid", "sold"], [True, True, True, False], ["O", "B-PERSON", "I-PERSON", "O"])
    assert _mentions(doc) == [("RAV4 Hybrid", "PRODUCT")]


def test_a_separator_after_a_name_is_no_part_of_it():
    doc = _doc(["Clayton", "Aldern", "/", "Grist"], [True, True, True, False], ["B-PERSON", "I-PERSON", "I-PERSON", "O"])
    assert _mentions(doc) == [("Clayton Aldern", "PERSON")]


def test_a_year_after_a_persons_name_is_no_part_of_it():
    doc = _doc(["Holcomb", "’s", "2016", "campaign"], [False, True, True, False], ["B-PERSON", "I-PERSON", "I-PERSON", "O"])
    assert _mentions(doc) == [("Holcomb", "PERSON")]


def _voted(name: str, text: str) -> str:
    from pipeline.extract.entities import _vote

    start = text.index(name)
    cluster = Cluster(mentions=[Mention(start, start + len(name), name, "PERSON")])
    _vote(cluster, text)
    return cluster.kind


def test_a_one_word_person_something_is_posted_on_is_an_organization():
    assert _voted("Twitter", "The minister wrote on Twitter that the talks had failed.") == "Organization"


def test_a_one_word_person_elsewhere_stays_a_person():
    assert _voted("Uchida", "The plan, Uchida said, would hold.") == "Person"


def test_a_word_of_a_headline_in_capitals_used_in_lower_case_below_is_not_a_name():
    text = "ARGENTINA COULD SUSPEND DEBT PAYMENTS\n\nArgentina could suspend payments on its debt."
    start = text.index("SUSPEND")
    assert _is_common_word(Cluster(mentions=[Mention(start, start + 7, "SUSPEND", "ORG")]), text)


def test_a_short_name_in_capitals_stays_a_name_whatever_the_text_says():
    text = "US TO TALK\n\nThe US said it would talk to us."
    assert not _is_common_word(Cluster(mentions=[Mention(0, 2, "US", "GPE")]), text)


def test_the_name_shown_is_not_the_headlines_capitals_where_the_story_writes_it_otherwise():
    cluster = Cluster(mentions=[Mention(0, 5, "JAPAN", "GPE"), Mention(30, 35, "Japan", "GPE")])
    assert cluster.name == "Japan"


def test_reuters_angle_brackets_around_a_company_are_no_part_of_its_name():
    doc = _doc(["sold", "<", "Donohue", "Inc", ">", "shares"], [True, False, True, False, True, False],
               ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"])
    assert _mentions(doc) == [("Donohue Inc", "ORG")]


MISSED_MENTIONS = r"""
from pipeline.extract.clusters import Cluster, Mention
from pipeline.extract.entities import _add_missed_mentions
text = "Ann Lee and Lee Ann met. Later Ann Lee Ann spoke, and Lee Ann Lee left."
clusters = [Cluster([Mention(0, 7, "Ann Lee", "PERSON"), Mention(12, 19, "Lee Ann", "PERSON")])]
_add_missed_mentions(clusters, text)
print([(m.start, m.end, m.text) for m in clusters[0].mentions])
"""


def test_names_of_one_length_are_searched_in_the_same_order_whatever_the_hash_seed():
    import subprocess
    import sys

    runs = {subprocess.run([sys.executable, "-c", MISSED_MENTIONS], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(12)}
    assert len(runs) == 1, runs
    assert "(31, 38, 'Ann Lee')" in runs.pop()  # "Ann Lee Ann": the first of the two overlapping names by text
