import pytest

from assistant.answering.history import read_history
from assistant.errors import QuestionError

PAIRS = (
    ("How large is the fund?", "KRW 100 trillion [1]."),
    ("And the budget?", "KRW 1.8 trillion."),
)


def test_pairs_are_read_as_they_are():
    assert read_history(PAIRS) == PAIRS
    assert read_history([list(t) for t in PAIRS]) == PAIRS
    assert read_history(None) == () == read_history([])


def test_openai_style_messages_become_pairs():
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": PAIRS[0][0]},
        {"role": "assistant", "content": [{"type": "text", "text": PAIRS[0][1]}]},
        {"role": "user", "content": PAIRS[1][0]},
        {"role": "assistant", "content": PAIRS[1][1]},
    ]
    assert read_history(messages) == PAIRS


def test_an_unanswered_user_message_is_a_turn_without_answer():
    messages = [{"role": "user", "content": "First?"}, {"role": "user", "content": "Second?"}]
    assert read_history(messages) == (("First?", ""), ("Second?", ""))


@pytest.mark.parametrize(
    ("history", "named"),
    [
        ("a string", "single str"),
        ({"role": "user", "content": "q"}, "single dict"),
        ([("only one",)], "item 1 is tuple"),
        ([("q", 5)], "item 1 is tuple"),
        ([{"role": "robot", "content": "q"}], "role 'robot'"),
        ([{"role": "user", "content": 5}], "content int 5"),
        (42, "got int 42"),
    ],
)
def test_anything_else_is_a_question_error_naming_the_format(history, named):
    with pytest.raises(QuestionError, match="pairs or chat messages") as error:
        read_history(history)
    assert named in str(error.value)
