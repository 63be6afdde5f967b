import json

import pytest

from assistant.evaluation.run import run
from assistant.evaluation.sets import EvalSetError, load_set
from assistant.index.ingest import ingest
from assistant.pipeline import Assistant

from .conftest import ROOT
from .fakes import ScriptedGenerator


def _write(tmp_path, rows):
    path = tmp_path / "set.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


GOOD = {
    "id": "fund",
    "question": "How large is the AI investment fund?",
    "answers": ["KRW 100 trillion"],
    "evidence": [
        {
            "article": "ai-g3-initiative",
            "quote": "KRW 100 trillion (approximately USD 73.8 billion)",
        }
    ],
    "unanswerable": False,
    "history": [],
}
UNANSWERABLE = {
    "id": "pop",
    "question": "What is the population of Seoul?",
    "answers": [],
    "evidence": [],
    "unanswerable": True,
    "history": [],
}


def test_bad_rows_are_reported_by_line(tmp_path):
    path = _write(
        tmp_path,
        [
            GOOD,
            "not json",
            {"id": "x"},
            {"id": "y", "question": "q", "answers": "KRW"},
            {"id": "z", "question": "q", "answers": [], "unanswerable": False},
            {"id": "u", "question": "q", "answers": ["a"], "unanswerable": True},
            {"id": "h", "question": "q", "answers": ["a"], "history": [["only one"]]},
            GOOD,
        ],
    )
    items, problems = load_set(path)
    assert [i.id for i in items] == ["fund"]
    assert problems[0].startswith("set.jsonl line 2:")
    joined = "\n".join(problems)
    for expected in (
        "missing question",
        "'answers' must be a list",
        "needs at least one answer",
        "has no answers or evidence",
        "'history' must be",
        "line 8: duplicate id",
    ):
        assert expected in joined


def test_a_set_without_valid_rows_is_an_error(tmp_path):
    with pytest.raises(EvalSetError, match="no valid rows"):
        load_set(_write(tmp_path, ["{}"]))


def test_run_scores_and_writes_reports(tmp_path, settings, seed_corpus, embedder):
    ingest(settings, seed_corpus, embedder=embedder)
    generator = ScriptedGenerator(
        lambda messages: (
            "The fund is KRW 100 trillion [1]."
            if "fund" in messages[-1]["content"].split("Question:")[-1]
            else "Seoul has 9.7 million people [1]."
        )
    )
    bot = Assistant.open(settings, generator=generator, embedder=embedder)
    missing = dict(
        GOOD, id="missing", evidence=[{"article": "ai-g3-initiative", "quote": "not in it"}]
    )
    seen = []
    report = run(
        _write(tmp_path, [GOOD, UNANSWERABLE, missing]),
        bot,
        out_dir=tmp_path / "out",
        progress=lambda done, total, acc: seen.append((done, total, acc)),
    )
    assert seen[0] == (0, 3, None) and seen[-1] == (3, 3, 1.0)
    s = report.summary
    assert s["accuracy (answered right or refused right)"] == 1.0
    assert s["retrieval hit@4"] == 1.0  # the row with a bad quote is not applicable
    assert s["unanswerable correctly refused"] == 1.0
    assert s["answerable wrongly refused"] == 0.0
    assert s["citation recall"] == 1.0 and s["citation precision"] == 1.0
    assert s["latency p50 (s)"] > 0
    assert any("quote not in the article" in p for p in report.problems)
    rows = [
        json.loads(line) for line in (tmp_path / "out" / "results.jsonl").read_text().splitlines()
    ]
    assert rows[0]["citations"][0]["quote"].startswith("This commitment")
    assert rows[0]["retrieved"] and rows[0]["metrics"]["hit@4"]["value"] == 1.0
    assert rows[1]["answered"] is False
    # Kept so a run at refusal_threshold = 1 can be replayed at any threshold.
    assert rows[0]["refusal_probability"] == 0.0  # asked; the reply does not open with NOT
    md = (tmp_path / "out" / "report.md").read_text()
    assert "| retrieval hit@4 | 100.0% |" in md and "![metrics.png](metrics.png)" in md
    html_page = (tmp_path / "out" / "report.html").read_text()
    assert "data:image/png;base64," in html_page
    assert (tmp_path / "out" / "latency.png").stat().st_size > 1000


@pytest.mark.slow
def test_real_model_eval_on_a_few_seed_questions(tmp_path, model_cache_dir, embedder):
    from assistant.llm.transformers_backend import TransformersGenerator
    from assistant.settings import Settings

    settings = Settings(index_dir=tmp_path / "index", model_cache_dir=model_cache_dir)
    ingest(settings, ROOT / "corpus", embedder=embedder)
    rows = (ROOT / "evals" / "seed.jsonl").read_text().splitlines()
    picked = [
        r
        for r in rows
        if json.loads(r)["id"] in {"fund-size", "gpu-target", "seoul-pop", "follow-budget"}
    ]
    path = tmp_path / "few.jsonl"
    path.write_text("\n".join(picked) + "\n")
    bot = Assistant.open(
        settings, generator=TransformersGenerator(model_cache_dir), embedder=embedder
    )
    report = run(path, bot, out_dir=tmp_path / "out")
    assert report.counts == {"questions": 4, "answerable": 3, "unanswerable": 1}
    assert report.summary["accuracy (answered right or refused right)"] >= 0.75
    assert report.summary["retrieval hit@4"] == 1.0
    assert (tmp_path / "out" / "report.html").is_file()
