"""Doers: an answer may not give one person's deed to another the question names."""

import datetime as dt

import pytest

from assistant.answering.assembly import build_answer
from assistant.answering.doers import another_person, another_speaker, asked_persons
from assistant.types import Passage

# Shaped like a blind set's traps on new articles (2026-12-06), other names and figures.
SILVA = (
    "Silva is a threat in every match and averaged 1.4 goals per game this season before "
    "he was sidelined with a knee injury."
)
ROSSI = "How many goals per game was Marco Rossi averaging this season before the trade?"
ENVOY = (
    "Maria Lopez, the party's envoy to the European parliament, told the Italian daily "
    "La Stampa in May that the ban was a mistake."
)
HUBER = "Which Italian newspaper did Karl Huber tell that the ban was a mistake?"


def _passage(text: str) -> Passage:
    return Passage(
        "c0", "art", "Sport", "Wire", "", dt.date(2025, 2, 2), 0, len(text), 0, text, 0.6
    )


@pytest.mark.parametrize(
    ("question", "draft", "cited", "other", "asked"),
    [
        (
            ROSSI,
            "Marco Rossi was averaging 1.4 goals per game this season before the trade.",
            SILVA,
            "Silva",
            "Rossi",
        ),
        (HUBER, "La Stampa", ENVOY, "Maria Lopez", "Karl Huber"),
    ],
)
def test_another_persons_deed_is_refused_and_says_why(
    embedder, question, draft, cited, other, asked
):
    answer = build_answer(question, question, draft, [_passage(cited)], embedder.embed)
    assert not answer.answered
    (sentence,) = answer.sentences
    assert sentence.note.endswith(f"its source says {other} did")
    # where the source names the question's person, it may answer
    own = cited.replace(other, asked)
    assert build_answer(question, question, draft, [_passage(own)], embedder.embed).answered


@pytest.mark.parametrize(
    "cited",
    [
        "Rossi is a threat in every match and averaged 1.4 goals per game this season.",  # his
        "The striker averaged 1.4 goals per game this season.",  # a role: nothing says whose
        "He averaged 1.4 goals per game this season, Silva said",  # a name not opening it
        "Milan is a threat at home. The striker averaged 1.4 goals per game this season.",
        "Officials said the striker averaged 1.4 goals per game this season.",
        "Silva said Rossi averaged 1.4 goals per game this season.",  # his, in another's words
        # a sentence's opening words are no one (a review's cases)
        "Rossi joined in May. On Tuesday, he averaged 1.4 goals per game this season.",
        "However, the striker averaged 1.4 goals per game this season.",
        "In March, the striker averaged 1.4 goals per game this season.",
        "Police said the striker averaged 1.4 goals per game this season.",
    ],
)
def test_a_source_that_names_no_one_else_doing_it_may_answer(cited):
    draft = "Marco Rossi was averaging 1.4 goals per game this season."
    assert another_person(ROSSI, draft, cited) == ""


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (ROSSI, ["Marco Rossi"]),
        (HUBER, ["Karl Huber"]),
        ("Donald Trump was sworn in on Monday. Which holiday fell that day?", []),  # the scene
        ("According to a Pew Research Center study, what share pray daily?", []),
        ("Which newspaper did the SS veteran tell?", []),  # no name of a person
    ],
)
def test_the_asked_person_is_the_name_after_an_auxiliary(question, asked):
    assert asked_persons(question) == asked


@pytest.mark.parametrize(
    ("question", "draft", "cited"),
    [
        # a name with a title or role before it (a review's cases)
        (
            ROSSI,
            "Marco Rossi was averaging 1.4 goals.",
            "Lazio star Gianni Silva averaged 1.4 goals.",
        ),
        (
            HUBER,
            "La Stampa",
            "Party lawmaker Maria Lopez told the daily La Stampa the ban was wrong.",
        ),
        # the same first name is not the same person
        (ROSSI, "Marco Rossi was averaging 1.4 goals.", "Marco Silva averaged 1.4 goals per game."),
        # a verb in the past without -ed
        (
            "How many medals did Anna Berg win in Paris?",
            "Anna Berg won four medals.",
            "Lena Holm won four medals in Paris.",
        ),
    ],
)
def test_variants_of_the_trap_are_caught(question, draft, cited):
    assert another_person(question, draft, cited) != ""


@pytest.mark.parametrize(
    ("question", "draft", "cited"),
    [  # a second review's cases: who reports the deed, a company named by one word
        (
            "What did Donald Trump sign on Monday?",
            "Donald Trump signed an order raising tariffs on steel.",
            "Press secretary Karoline Leavitt said the president signed an order raising "
            "tariffs on steel on Monday.",
        ),
        (
            "When will King Charles begin treatment?",
            "King Charles will begin treatment on Monday.",
            "Buckingham Palace said on Monday that the King would begin treatment.",
        ),
        (
            "What did Goldman Sachs say about the chance of a recession?",
            "Goldman Sachs put the chance of a recession at 35%.",
            "Goldman economists led by Jan Hatzius raised the chance of a recession to 35%.",
        ),
    ],
)
def test_a_source_reporting_the_persons_deed_may_answer(question, draft, cited):
    assert another_person(question, draft, cited) == ""


def test_an_accented_name_is_asked_too():
    question = "How many goals did Thomas Müller score this season?"
    assert asked_persons(question) == ["Thomas Müller"]
    assert another_person(question, "Thomas Müller scored 12 goals.", "Harry Kane scored 12 goals.")


def test_the_name_the_answer_gives_is_no_other_doer():
    # "Who did Karl Huber appoint …?" is answered by the name opening its source (a review's case)
    question = "Who did Karl Huber appoint as finance minister?"
    cited = "Maria Lopez was appointed finance minister by the new chancellor on Friday."
    assert another_person(question, "Karl Huber appointed Maria Lopez.", cited) == ""


WARNED = (
    "Because the lungs are protected, there is some defence against plastic. However, two "
    "groups are at special risk from plastic in the lungs, Novak warned.\n\n"
    '"In very young children, the lung lining is not fully developed," he said.'
)
ASKED = (
    "According to Stanford's Elena Berg, why are very young children at special risk from "
    "plastic in the lungs?"
)
DRAFT = "Very young children are at special risk because their lung lining is not developed."


def test_another_speakers_words_are_refused_and_say_why(embedder):
    # Shaped like a blind set's trap (2026-12-06): the quote was another expert's, its
    # speaker "he", named in the sentence before.
    answer = build_answer(ASKED, ASKED, DRAFT, [_passage(WARNED)], embedder.embed)
    assert not answer.answered
    assert answer.sentences[0].note.endswith("its source quotes Novak")
    # the asked person's own words, by name or through "he", may answer
    for own in (WARNED.replace("Novak", "Berg"), WARNED.replace("he said", "Berg said")):
        assert build_answer(ASKED, ASKED, DRAFT, [_passage(own)], embedder.embed).answered
    named_after = WARNED.replace("he said", "said Tom Novak, a doctor")
    assert not build_answer(ASKED, ASKED, DRAFT, [_passage(named_after)], embedder.embed).answered


@pytest.mark.parametrize(
    "question",
    [
        "According to USA TODAY, why are very young children at special risk?",  # no person
        "According to the study, why are very young children at special risk?",
        "According to Novak, why are very young children at special risk?",  # no full name
        "According to The Associated Press, why are very young children at special risk?",
        "According to Goldman Sachs, why are very young children at special risk?",
        "Why are very young children at special risk from plastic in the lungs?",
    ],
)
def test_a_question_asking_no_persons_words_is_not_judged_by_speaker(question):
    before, quote = WARNED.split("\n\n")
    assert another_speaker(question, quote, before) == ""
    assert another_speaker(ASKED, quote, before)


def test_whom_one_tells_and_when_is_no_speaker():
    # a review's cases: "told CNN", "said Monday" name no one speaking
    for quote in ('"It is weak," Berg told CNN.', '"It is weak," the neuroscientist said Monday.'):
        assert another_speaker(ASKED, quote) == ""
    assert another_speaker(ASKED, '"It is weak," said Tom Novak, a doctor.')
    role = "According to neuroscientist Elena Berg, why are children at risk?"
    assert another_speaker(role, '"It is weak," said Tom Novak.').endswith("quotes Tom Novak")


def test_who_only_tells_the_news_does_not_answer_who_is_in_it(embedder):
    # Shaped like blind set I's trap (dev, 2026-12-06): the spokesperson for the public
    # defender.
    from assistant.answering.doers import only_source

    question = "Which public defender was appointed to represent Tom Reed?"
    told = (
        "He did not enter a plea, as he was appointed a public defense attorney, according "
        "to Anna Kowalski, a spokesperson for the U.S. Attorney's Office."
    )
    draft = "The public defender appointed to represent Tom Reed was Anna Kowalski."
    answer = build_answer(question, question, draft, [_passage(told)], embedder.embed)
    assert not answer.answered
    assert answer.sentences[0].note.startswith("Anna Kowalski only tells the news")
    spokes = "Anna Kowalski, a spokeswoman for the court, said he was appointed a lawyer."
    assert only_source(question, draft, [spokes])
    # named for the deed too, asked who said it, the answer's own "according to", a "why"
    assert only_source(question, draft, [spokes, "Anna Kowalski was appointed to the case."]) == ""
    assert only_source("Who said a defender was appointed to Reed?", draft, [told]) == ""
    attributed = "A defender was appointed, according to Anna Kowalski."
    assert only_source(question, attributed, [told]) == ""
    assert only_source("Why was Reed silent?", draft, [told]) == ""
    # a review's cases: "what" questions, an answer reporting the words, a question asking
    # who warned, and role words between "according to" and the name
    fire = ["The blaze began at dawn, according to John Miller, a spokesman for the city."]
    assert only_source("What caused the fire?", "Wiring, John Miller said.", fire) == ""
    assert (
        only_source("Who set the fire?", "A man did, John Miller, a spokesman, said.", fire) == ""
    )
    assert only_source("Who warned of the storm?", "John Miller warned of it.", fire) == ""
    role = ["It began, according to city spokeswoman Lee Harris."]
    assert only_source("Who leads the city?", "Lee Harris leads it.", role)
