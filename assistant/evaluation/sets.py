"""Evaluation sets: reading a JSONL set into typed `EvalItem`s, naming every bad row.

Set format, one JSON object per line:
    {"id": "fund-size", "question": "...", "answers": ["KRW 100 trillion"],
     "evidence": [{"article": "ai-g3-initiative", "quote": "exact text"}],
     "unanswerable": false, "history": [["earlier question", "earlier answer"]],
     "split": "dev"}

`split` ("dev" or "test", default "dev") is fixed before any tuning: thresholds and prompts
are chosen on dev rows, and figures are reported on test rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AssistantError

SPLITS = ("dev", "test")


class EvalSetError(AssistantError):
    """The evaluation set has no usable rows (each bad row is named)."""


@dataclass(frozen=True)
class GoldEvidence:
    """Where a set says the answer stands: an exact quote of one article."""

    article: str
    quote: str


@dataclass(frozen=True)
class EvalItem:
    id: str
    question: str
    answers: tuple[str, ...]
    evidence: tuple[GoldEvidence, ...]
    unanswerable: bool
    history: tuple[tuple[str, str], ...]
    split: str = "dev"


def load_set(path: Path) -> tuple[list[EvalItem], list[str]]:
    """The valid rows, and one message per invalid row (with its line number)."""
    items: list[EvalItem] = []
    problems: list[str] = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalSetError(f"cannot read {path}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = _item(json.loads(line))
            if item.id in seen:
                raise ValueError(f"duplicate id {item.id!r}")
        except (ValueError, TypeError, KeyError) as exc:
            problems.append(f"{path.name} line {number}: {exc}")
            continue
        seen.add(item.id)
        items.append(item)
    if not items:
        raise EvalSetError(f"{path} has no valid rows" + "".join(f"\n  {p}" for p in problems))
    return items, problems


def _item(row: Any) -> EvalItem:
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    missing = {"id", "question"} - set(row)
    if missing:
        raise ValueError(f"missing {', '.join(sorted(missing))}")
    question = row["question"]
    if not isinstance(question, str) or not question.strip():
        raise ValueError("'question' must be a non-empty string")
    answers = row.get("answers", [])
    if not isinstance(answers, list) or not all(isinstance(a, str) and a for a in answers):
        raise ValueError("'answers' must be a list of non-empty strings")
    evidence = []
    for ev in row.get("evidence", []):
        if not isinstance(ev, dict) or not isinstance(ev.get("article"), str):
            raise ValueError("each evidence item needs 'article' and 'quote' strings")
        if not isinstance(ev.get("quote"), str) or not ev["quote"]:
            raise ValueError("each evidence item needs 'article' and 'quote' strings")
        evidence.append(GoldEvidence(ev["article"], ev["quote"]))
    unanswerable = row.get("unanswerable", False)
    if not isinstance(unanswerable, bool):
        raise ValueError("'unanswerable' must be true or false")
    if unanswerable and (answers or evidence):
        raise ValueError("an unanswerable question has no answers or evidence")
    if not unanswerable and not answers:
        raise ValueError("an answerable question needs at least one answer")
    history = row.get("history", [])
    if not isinstance(history, list) or not all(
        isinstance(t, list) and len(t) == 2 and all(isinstance(x, str) for x in t) for t in history
    ):
        raise ValueError("'history' must be a list of [question, answer] pairs")
    split = row.get("split", "dev")
    if split not in SPLITS:
        raise ValueError(f"'split' must be one of {', '.join(SPLITS)}")
    return EvalItem(
        id=str(row["id"]),
        question=question.strip(),
        answers=tuple(answers),
        evidence=tuple(evidence),
        unanswerable=unanswerable,
        history=tuple((q, a) for q, a in history),
        split=split,
    )
