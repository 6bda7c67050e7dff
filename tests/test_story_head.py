"""The head of a story as agencies and pages print it: hard-wrapped lines, a byline before the dateline, a
kicker or label before it, page furniture that is no story."""
from __future__ import annotations

import pytest
from rdflib import Literal

from pipeline.api import publish_text
from pipeline.namespaces import SCHEMA

FRONT = "---\ndatePublished: 2024-03-01\n---\n"


def published(story: str):
    publication = publish_text(FRONT + story, name="story.txt")
    return publication.graph, publication.iri


def test_hard_wrapped_copy_gives_headline_byline_and_dateline_from_their_lines():
    g, iri = published("Storm hits the coast\nBy Jane Doe, Associated Press\nWASHINGTON (AP) -- The storm reached "
                       "the coast on Monday, officials said, and\nthousands of homes lost power.\n\nMore to come.")
    assert g.value(iri, SCHEMA.headline) == Literal("Storm hits the coast")
    assert g.value(iri, SCHEMA.dateline) == Literal("WASHINGTON")
    assert [str(g.value(a, SCHEMA.name)) for a in g.objects(iri, SCHEMA.author)] == ["Jane Doe"]
    assert str(g.value(iri, SCHEMA.articleBody)).startswith("The storm reached the coast on Monday, officials said, "
                                                            "and thousands")


def test_a_dateline_after_a_kicker_is_found_and_the_kicker_goes():
    g, iri = published("EXCLUSIVE: TOKYO (Reuters) - Nissan said on Monday it would invest in batteries.\n\nMore.")
    assert g.value(iri, SCHEMA.dateline) == Literal("TOKYO")
    assert str(g.value(iri, SCHEMA.articleBody)).startswith("Nissan said")


def test_a_dateline_after_a_short_line_is_found_and_the_line_stays():
    g, iri = published("Prices rise again\n\nInflation hits a high as costs soar\n\nTOKYO (Reuters) - Prices rose on "
                       "Monday.\n\nMore.")
    assert g.value(iri, SCHEMA.dateline) == Literal("TOKYO")
    assert "Inflation hits a high as costs soar" in str(g.value(iri, SCHEMA.articleBody))


def test_a_name_before_a_hyphen_and_a_lower_case_word_is_no_dateline():
    g, iri = published("Tesla - the carmaker - said on Tuesday it would build a plant.\n\nMore.")
    assert g.value(iri, SCHEMA.dateline) is None


@pytest.mark.parametrize("furniture", ["3 May 2016 - From the section Europe - 120 comments", "- 5 Kommentare",
                                       "Sign up for our daily newsletter to get the news in your inbox."])
def test_page_furniture_leaves_the_body_and_names_no_entity(furniture):
    g, iri = published(f"BERLIN -- The government met on Monday, officials said.\n\n{furniture}\n\nMore talks follow.")
    assert furniture not in str(g.value(iri, SCHEMA.articleBody))
    names = {str(g.value(n, SCHEMA.name)) for p in (SCHEMA.about, SCHEMA.mentions) for n in g.objects(iri, p)}
    assert "Europe" not in names


def test_a_sentence_about_subscribing_by_email_stays_in_the_body():
    sentence = "The council voted to subscribe to the email service, officials said on Monday after a long debate."
    g, iri = published(f"BERLIN -- The government met on Monday.\n\n{sentence}")
    assert sentence in str(g.value(iri, SCHEMA.articleBody))


def test_a_lead_sentence_opening_with_by_stays_in_the_body_and_names_no_author():
    g, iri = published("By Friday the negotiators had agreed on every point.\n\nMore talks follow.")
    assert "By Friday the negotiators" in str(g.value(iri, SCHEMA.articleBody))
    assert not list(g.objects(iri, SCHEMA.author))


def test_a_place_in_mixed_case_before_an_en_dash_is_a_dateline_when_the_model_reads_a_place():
    g, iri = published("Indianapolis – Several thousand teachers rallied at the Statehouse on Tuesday.\n\nMore.")
    assert g.value(iri, SCHEMA.dateline) == Literal("Indianapolis")
    assert str(g.value(iri, SCHEMA.articleBody)).startswith("Several thousand teachers")


def test_a_word_in_mixed_case_before_an_en_dash_is_no_dateline():
    g, iri = published("Apple – The company said on Tuesday it would build a plant.\n\nMore.")
    assert g.value(iri, SCHEMA.dateline) is None
    assert str(g.value(iri, SCHEMA.articleBody)).startswith("Apple – The company")


def test_a_wrapped_first_sentence_is_not_split_at_a_line_that_looks_like_a_byline():
    g, iri = published("The motion was proposed by the council and\nBy Councillor Jones, who spoke first, it was "
                       "carried.\n\nMore.")
    assert not list(g.objects(iri, SCHEMA.author))
    assert "proposed by the council and By Councillor Jones" in str(g.value(iri, SCHEMA.articleBody))


@pytest.mark.parametrize(("lead", "writer"), [
    ("[서울=뉴시스]홍길동 기자 = 정부는 월요일 새로운 경제 계획을 발표했다.", "홍길동"),  # place=agency, then the writer
    ("[엔터미디어=정덕현의 이슈공감] 시작은 엘제이의 일방적인 사진 공개로부터 비롯됐다.", "정덕현"),  # outlet=writer's column
])
def test_a_korean_bracket_byline_names_the_writer_and_leaves_the_text(lead, writer):
    g, iri = published(lead)
    assert [str(g.value(a, SCHEMA.name)) for a in g.objects(iri, SCHEMA.author)] == [writer]
    assert "[" not in str(g.value(iri, SCHEMA.articleBody))


def test_an_editors_note_in_brackets_names_no_writer():
    g, iri = published("[Editor's note: this story was updated] The council met on Monday.")
    assert not list(g.objects(iri, SCHEMA.author))
