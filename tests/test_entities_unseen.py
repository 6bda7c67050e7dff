"""Entities of stories newsld has not seen: places by every name, titles, surnames, organisations' names.

Each test publishes a small story and reads the published graph: the nodes the article is `schema:about`
or `schema:mentions`, with their rdf:type and schema:name, and its quotations (`schema:hasPart`) with their
`schema:creator`.
"""
from __future__ import annotations

import pytest
from rdflib import RDF, URIRef

from pipeline import publish_text
from pipeline.extract.places import known_place
from pipeline.namespaces import SCHEMA


def publish(story: str):
    return publish_text("date 2024-03-01 " + story, name="x.txt")


def nodes(pub) -> dict[str, tuple[URIRef, str]]:
    """Name -> (node, schema.org class) of every entity the article is about or mentions."""
    found = {}
    for prop in (SCHEMA.about, SCHEMA.mentions):
        for node in pub.graph.objects(pub.iri, prop):
            if (pub.graph.value(node, RDF.type)) == SCHEMA.MonetaryAmount:
                continue
            kind = str(pub.graph.value(node, RDF.type)).removeprefix(str(SCHEMA))
            found[str(pub.graph.value(node, SCHEMA.name))] = (node, kind)
    return found


def kinds(pub) -> dict[str, str]:
    return {name: kind for name, (_, kind) in nodes(pub).items()}


def speakers(pub) -> dict[str, str | None]:
    """Quotation text -> its speaker's name."""
    said = {}
    for quote in pub.graph.objects(pub.iri, SCHEMA.hasPart):
        if pub.graph.value(quote, RDF.type) != SCHEMA.Quotation:
            continue
        creator = pub.graph.value(quote, SCHEMA.creator)
        said[str(pub.graph.value(quote, SCHEMA.text))] = str(pub.graph.value(creator, SCHEMA.name)) if creator else None
    return said


PLACE_CLASSES = {"Place", "City", "Country", "AdministrativeArea"}


# 1. Country and US-state names, abbreviations and aliases are one node

def test_the_united_states_by_any_of_its_names_is_one_country():
    pub = publish("WASHINGTON -- The U.S. and Canada signed a pact on Friday. The United States said the deal "
                  "would last, and US officials said more talks would follow.")
    found = kinds(pub)
    assert found["United States"] == "Country"
    assert not {"U.S.", "US"} & set(found)


def test_the_united_kingdom_by_any_of_its_names_is_one_country():
    pub = publish("LONDON -- Britain and France agreed on Friday to share patrols. The United Kingdom will pay "
                  "half, and UK officials said the plan would start in May.")
    found = kinds(pub)
    assert found["United Kingdom"] == "Country"
    assert not {"UK", "Britain"} & set(found)


def test_a_us_state_and_its_ap_abbreviation_are_one_node():
    pub = publish("DENVER -- Oregon and California will share water. Officials in Salem, Ore., and Sacramento, "
                  "Calif., said the plan was fair, and California lawmakers agreed.")
    found = kinds(pub)
    assert found["Oregon"] == found["California"] == "AdministrativeArea"
    assert not {"Ore.", "Calif."} & set(found)


def test_the_datelines_state_is_named_in_full():
    pub = publish("PORTLAND, Ore. -- The city council voted on Tuesday to raise the tax on hotel rooms.")
    region = pub.graph.value(pub.graph.value(pub.iri, SCHEMA.locationCreated), SCHEMA.containedInPlace)
    assert str(pub.graph.value(region, SCHEMA.name)) == "Oregon"
    assert pub.graph.value(region, RDF.type) == SCHEMA.AdministrativeArea


@pytest.mark.parametrize(("alias", "name"), [
    ("U.S.", "United States"), ("USA", "United States"), ("the United States", "United States"),
    ("U.K.", "United Kingdom"), ("Great Britain", "United Kingdom"), ("Russian Federation", "Russia"),
    ("Viet Nam", "Vietnam"), ("W.Va.", "West Virginia"), ("Ill.", "Illinois"), ("OHIO", "Ohio"),
])
def test_known_names_lead_to_one_canonical_name(alias, name):
    assert known_place(alias).name == name


def test_an_abbreviation_without_stops_is_known_only_in_capitals():
    assert known_place("us") is None and known_place("US").name == "United States"


# 2. A place is never a person nor a speaker

def test_a_state_next_to_a_speech_verb_is_a_place_and_the_person_speaks():
    pub = publish("WASHINGTON -- JANE ROE, a former senator from Ohio, told a news conference, \"We will win.\"")
    found = kinds(pub)
    assert found["Ohio"] in PLACE_CLASSES
    assert found["Jane Roe"] == "Person"
    assert speakers(pub) == {"We will win.": "Jane Roe"}


def test_a_country_that_says_something_is_still_a_place():
    pub = publish("LONDON -- Britain said on Monday it would raise taxes. \"We have no choice,\" Britain told the "
                  "IMF.")
    found = kinds(pub)
    assert found["United Kingdom"] == "Country"
    assert "Person" not in found.values()
    assert speakers(pub) == {"We have no choice": None}  # not the IMF, which is spoken to


def test_the_datelines_city_is_never_a_person():
    pub = publish("AUSTIN, Texas -- Austin said on Monday it would expand its bus network.")
    assert kinds(pub)["Austin"] == "City"


def test_a_country_named_as_a_persons_surname_stays_the_persons():
    pub = publish("NEW YORK -- Michael Jordan said on Monday he would sell his stake in the team. Jordan, 61, "
                  "declined to comment.")
    assert kinds(pub) == {"Michael Jordan": "Person"}


# 3. A title before a name is cut, whatever it says

def test_titles_before_names_are_no_part_of_them():
    pub = publish("LONDON -- Former National Security Adviser John Smith met Foreign Minister Ana Lopez on "
                  "Monday. Chief Executive Officer Mary Barra joined them.")
    people = {name for name, kind in kinds(pub).items() if kind == "Person"}
    assert people == {"John Smith", "Ana Lopez", "Mary Barra"}


def test_a_titles_field_is_no_organisation():
    pub = publish("LONDON -- former National Security Adviser John Smith criticised the plan. Defence Secretary "
                  "John Healey and Secretary of State Jane Doe agreed with Treasury Secretary Ana Lopez.")
    found = kinds(pub)
    assert not {"National Security", "Defence", "State", "Treasury"} & set(found)
    assert {"John Smith", "John Healey", "Ana Lopez"} <= set(found)


def test_a_title_in_the_models_span_is_cut_from_the_speaker():
    pub = publish("MADRID -- \"The talks will resume,\" said Foreign Minister Ana Lopez.")
    assert speakers(pub) == {"The talks will resume": "Ana Lopez"}


def test_the_title_is_kept_as_the_job_title():
    pub = publish("LONDON -- Health Secretary Wes Streeting said the plan would work.")
    node, _ = nodes(pub)["Wes Streeting"]
    assert str(pub.graph.value(node, SCHEMA.jobTitle)) == "Health Secretary"


def test_a_quotation_said_by_dr_someone_is_theirs():
    pub = publish("BOSTON -- \"We are ready,\" said Dr. Alan Poe, who led the study.")
    assert speakers(pub) == {"We are ready": "Alan Poe"}


# 4. A name given in full names the surname wherever it stands

def test_a_surname_before_and_after_the_full_name_is_one_person():
    pub = publish("BOSTON -- \"We are ready,\" Jane Roe, a professor at Example University, told Reuters.\n\n"
                  "The study took three years. Roe said the results were clear.")
    people = {name for name, kind in kinds(pub).items() if kind == "Person"}
    assert people == {"Jane Roe"}


@pytest.mark.parametrize("full", ["Tomasz Wrobel", "Siobhan Keane", "Elif Kaya"])
def test_a_full_name_the_model_misses_names_the_surname(full):
    surname = full.split()[-1]
    pub = publish(f"BOSTON -- \"We are ready,\" {full}, a professor at Example University, told Reuters.\n\n"
                  f"The study took three years. {surname} said the results were clear.\n\n"
                  f"\"It works,\" {surname} said.")
    people = {name for name, kind in kinds(pub).items() if kind == "Person"}
    assert people == {full}
    assert set(speakers(pub).values()) == {full}


def test_a_surname_the_model_calls_an_organisation_is_the_persons():
    pub = publish("MONTREAL -- Quebecor will buy the stake with Robert Maxwell's printing company. Maxwell's company "
                  "publishes a newspaper in London, and Maxwell's sons will help. Analysts expect Maxwell's company "
                  "to grow.")
    assert kinds(pub)["Robert Maxwell"] == "Person"


def test_a_nickname_in_quotation_marks_is_no_full_name():
    pub = publish("HARARE -- Grace said on Monday she would stay. Critics dubbed her \"Gucci Grace\" for her "
                  "shopping, but Grace declined to comment.")
    assert kinds(pub) == {"Grace": "Person"}


# 5. "and" inside an organisation's name does not split it

def test_and_inside_an_organisation_named_for_its_subject_does_not_split_it():
    pub = publish("WASHINGTON -- Researchers at the Center on Poverty and Inequality said on Monday that the "
                  "Department of Health and Human Services should act.")
    found = kinds(pub)
    assert found["Center on Poverty and Inequality"] == "Organization"
    assert found["Department of Health and Human Services"] == "Organization"
    assert not {"Center on Poverty", "Inequality", "Human Services"} & set(found)


def test_and_between_two_organisations_still_splits_them():
    pub = publish("NEW YORK -- Bank of America and Wells Fargo raised rates on Monday. Renault and Nissan "
                  "said they would cooperate.")
    assert {"Bank of America", "Wells Fargo", "Renault", "Nissan"} <= set(kinds(pub))


def test_a_second_name_the_story_uses_alone_is_its_own_organisation():
    pub = publish("WASHINGTON -- The Ministry of Justice and Acme settled the case. Acme said it was pleased.")
    found = kinds(pub)
    assert "Ministry of Justice" in found and "Ministry of Justice and Acme" not in found


# 6. A leading "The" is no part of an organisation's name

def test_a_leading_the_is_no_part_of_an_organisations_name():
    pub = publish("SPRINGFIELD, Ill. -- The Springfield City Council voted on Tuesday to raise taxes.")
    found = kinds(pub)
    assert found["Springfield City Council"] == "Organization"
    assert "The Springfield City Council" not in found


def test_a_publications_the_is_its_own():
    pub = publish("NEW YORK -- The New York Times reported on Monday that the deal had closed.")
    assert "The New York Times" in kinds(pub)


# 7. Surname particles and tribes' names: a story of Māori names

MAORI = ("WELLINGTON -- Tāmati Te Whāiti, a kaumātua of Ngāti Kahungunu, said on Monday the iwi would take its "
         "claim over the Ruamāhanga River to the Waitangi Tribunal.\n\n"
         "\"We have waited long enough,\" Te Whāiti said. Hēmi Paewai, who chairs the Kahungunu trust board, agreed."
         "\n\nTe Whāiti said the hearing could begin in Hastings next year. Paewai said the board would pay for it, "
         "and Te Whāiti thanked him.")


def test_a_full_name_the_model_calls_an_organisation_whose_surname_speaks_is_a_person():
    """The small English model reads "Tāmati Te Whāiti" as an organisation, and "Te Whāiti said" as a person."""
    assert kinds(publish(MAORI))["Tāmati Te Whāiti"] == "Person"


def test_a_man_named_in_full_and_then_by_a_surname_beginning_with_te_is_one_node():
    assert [name for name in kinds(publish(MAORI)) if "Whāiti" in name] == ["Tāmati Te Whāiti"]


def test_the_quotation_of_a_surname_beginning_with_te_is_the_full_names():
    assert speakers(publish(MAORI)) == {"We have waited long enough": "Tāmati Te Whāiti"}


def test_an_iwi_is_no_person():
    assert kinds(publish(MAORI))["Ngāti Kahungunu"] == "Organization"


# Conventions of names the model's spans break

def _doc(words: list[str], ents: list[str], spaces: list[bool] | None = None):
    """A spaCy Doc of `words` (one space after each unless told) with the model's entity spans as IOB tags."""
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces or [True] * len(words), ents=ents)


def _mentions(words: list[str], ents: list[str], spaces: list[bool] | None = None) -> list[tuple[str, str]]:
    from pipeline.extract.entities import mentions_of

    doc = _doc(words, ents, spaces)
    return [(m.text, m.label) for m in mentions_of(doc.ents, doc.text)]


def test_no_persons_name_opens_with_the():
    assert _mentions(["The", "Rathcormac", "Inn", "have", "closed"], ["B-PERSON", "I-PERSON", "I-PERSON", "O", "O"]) \
        == [("Rathcormac Inn", "ORG")]


def test_a_person_span_with_a_word_in_lower_case_is_no_name():
    assert _mentions(["the", "Afghan", "war", "ended"], ["B-PERSON", "I-PERSON", "I-PERSON", "O"]) == []


def test_the_particles_of_a_name_are_in_lower_case():
    assert _mentions(["Ursula", "von", "der", "Leyen", "spoke"], ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O"]) \
        == [("Ursula von der Leyen", "PERSON")]


def test_a_word_of_a_code_is_no_name():
    assert _mentions(["Covid", "-19", "spread"], ["B-PERSON", "O", "O"], [False, True, False]) == []


def test_a_noun_written_with_a_capital_is_no_name():
    assert _mentions(["the", "Government", "said"], ["O", "B-ORG", "O"]) == []


def test_a_name_an_organisations_word_heads_is_no_persons():
    from pipeline.extract.entities import Cluster, Mention, _vote

    text = "Shelbourne Bar says it will reopen on Friday."
    cluster = Cluster(mentions=[Mention(0, 14, "Shelbourne Bar", "PERSON")])
    _vote(cluster, text)
    assert cluster.kind == "Organization"


def test_where_a_person_works_is_an_organisation():
    pub = publish("MONTREAL -- \"We need less energy,\" says Sasha Luccioni, a postdoctoral researcher at Mila, an AI "
                  "research institute. Luccioni of Mila helped organise a workshop.")
    found = kinds(pub)
    assert found["Sasha Luccioni"] == "Person" and found["Mila"] == "Organization"


def test_the_before_an_event_is_no_part_of_its_name():
    assert _mentions(["since", "the", "Second", "World", "War", "ended"], ["O", "B-EVENT", "I-EVENT", "I-EVENT",
                                                                          "I-EVENT", "O"]) \
        == [("Second World War", "EVENT")]


def test_a_word_in_lower_case_is_no_short_form_of_a_name():
    """Before, "the" of "the Afghan war" named the entity: every "the" of the story became its mention."""
    from pipeline.extract.clusters import Mention, short_forms

    assert short_forms(Mention(0, 15, "the Afghan war", "ORG"), place=False) == {"the Afghan war"}


def test_a_name_a_streets_word_ends_is_a_place():
    from pipeline.extract.entities import Cluster, Mention, _vote

    text = "Officers stopped a vehicle driven by a man, 29, of 1909 Jolinda Drive, who said he was lost."
    start = text.index("Jolinda")
    cluster = Cluster(mentions=[Mention(start, start + 13, "Jolinda Drive", "PERSON")])
    _vote(cluster, text)
    assert cluster.family == "Place"


def test_a_colon_ends_a_persons_name():
    assert _mentions(["Jane", "A.", "Roe", ":", "Dealing"], ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "I-PERSON"],
                     [True, True, False, True, False]) == [("Jane A. Roe", "PERSON")]


def test_a_word_made_of_a_name_is_no_name():
    assert _mentions(["post-Brexit", "trade"], ["B-ORG", "O"]) == []


def test_no_persons_name_opens_with_a_tribes_prefix():
    assert _mentions(["Ngāti", "Kahungunu", "agreed"], ["B-PERSON", "I-PERSON", "O"]) == [("Ngāti Kahungunu", "ORG")]


def test_a_surname_particle_opens_a_surname_of_several_words():
    from pipeline.extract.clusters import Mention, short_forms

    assert "Le Pen" in short_forms(Mention(0, 13, "Marine Le Pen", "PERSON"), place=False)


def test_a_surname_particle_alone_names_no_one():
    from pipeline.extract.clusters import Mention, short_forms

    assert "Te" not in short_forms(Mention(0, 9, "Te Whāiti", "PERSON"), place=False)


def test_an_organisations_name_with_a_particle_in_lower_case_has_no_surname():
    from pipeline.extract.clusters import Mention, short_forms

    assert "de España" not in short_forms(Mention(0, 15, "Banco de España", "ORG"), place=False)


def test_a_full_name_the_model_calls_an_organisation_votes_person_where_its_surname_speaks():
    from pipeline.extract.entities import Cluster, Mention, _vote

    text = "Tāmati Te Whāiti spoke first. Later Tāmati Te Whāiti left. Te Whāiti said no."
    full = [Mention(i, i + 16, "Tāmati Te Whāiti", "ORG") for i in (0, text.index("Tāmati", 1))]
    surname = text.index("Te Whāiti said")
    cluster = Cluster(mentions=[*full, Mention(surname, surname + 9, "Te Whāiti", "PERSON")])
    _vote(cluster, text)
    assert cluster.family == "Person"
