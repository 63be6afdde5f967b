"""The prompts, as constants, and the functions that fill them.

Kept short: on 2 CPU cores every prompt token costs prefill time. The model is told to cite,
but citations are checked and re-attached by `ground.py` anyway.
"""

from __future__ import annotations

from typing import Sequence

from .answer import Passage
from .generate import Message

# The marker the model is asked to use when the passages lack the answer.
NOT_FOUND = "NOT IN ARTICLES"

ANSWER_SYSTEM = (
    "You answer questions about news articles using only the numbered passages given. "
    "Reply in one to three short sentences. End each sentence with the number of the passage "
    "it comes from, like [1]. Copy numbers, names and dates exactly as the passage writes "
    f"them. If the passages do not answer the question, reply only: {NOT_FOUND}"
)

ANSWER_USER = "Passages:\n{passages}\n\nQuestion: {question}"

PASSAGE = "[{n}] {title} ({published})\n{text}"

CONDENSE_SYSTEM = (
    "Rewrite the user's last question as one standalone question that can be understood "
    "without the conversation. Keep names, numbers and dates. Reply with the question only."
)

CONDENSE_USER = "Conversation:\n{history}\n\nLast question: {question}\n\nStandalone question:"


def answer_messages(question: str, passages: Sequence[Passage]) -> list[Message]:
    blocks = "\n\n".join(
        PASSAGE.format(
            n=i,
            title=p.title,
            published=p.published.isoformat() if p.published else "undated",
            text=p.text,
        )
        for i, p in enumerate(passages, 1)
    )
    return [
        {"role": "system", "content": ANSWER_SYSTEM},
        {"role": "user", "content": ANSWER_USER.format(passages=blocks, question=question)},
    ]


def condense_messages(question: str, history: Sequence[tuple[str, str]]) -> list[Message]:
    lines = []
    for asked, answered in history:
        lines.append(f"User: {asked}")
        lines.append(f"Assistant: {answered}")
    return [
        {"role": "system", "content": CONDENSE_SYSTEM},
        {
            "role": "user",
            "content": CONDENSE_USER.format(history="\n".join(lines), question=question),
        },
    ]
