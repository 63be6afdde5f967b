"""The RealTimeQA adapter on a tiny hand-made week in the benchmark's file format."""

import json

from assistant.answering import prompts
from assistant.evaluation.realtimeqa import choose_weeks, load, run_benchmark
from assistant.pipeline import Assistant

from .fakes import ScriptedGenerator


def _week(folder):
    folder.mkdir()
    qa = [
        {
            "question_id": "w_0",
            "question_source": "CNN",
            "question_date": "2025/01/03",
            "question_sentence": "Which city hosted the chess final?",
            "choices": ["Oslo", "Busan", "Lima", "Cairo"],
            "answer": ["1"],
            "evidence": "",
        },
        {
            "question_id": "w_1",
            "question_source": "THE WEEK",
            # THE WEEK's questions may keep their links' HTML.
            "question_sentence": 'Which fruit did the <a data-auto-tag-linker="true" '
            'href="https://theweek.com/tag/farm">farm</a> export&nbsp;most?',
            "choices": ["Pears", "Apples", "Kiwis", "Figs"],
            "answer": ["2"],
            "evidence": "",
        },
    ]
    nota = [
        # The real files number these "<id>_nota".
        dict(
            qa[0],
            question_id="w_0_nota",
            choices=["Oslo", "None of the above", "Lima", "Cairo"],
            answer=["1"],
        ),
        dict(
            qa[1],
            question_id="w_1_nota",
            choices=["Pears", "Apples", "Kiwis", "None of the above"],
            answer=["2"],
        ),
    ]
    gcs = [
        {
            "question_id": "w_0",
            "search_result": [
                {
                    "url": "https://n.example/chess",
                    "title": "Chess final in Busan",
                    "text": "The chess final was hosted in Busan this week.\n\nThousands watched.",
                    "publish_date": "2025/01/02",
                },
                {"url": "https://n.example/empty", "title": "No text"},
            ],
        },
        {
            "question_id": "w_1",
            "search_result": [
                {
                    "url": "https://n.example/kiwi",
                    "title": "Kiwi exports boom",
                    # no sentence says "fruit": the scripted refusal stands (a sentence
                    # stating every word of a question would answer it: `stated_answer`)
                    "text": "The farm exported more kiwis than any other crop.",
                    "publish_date": "",
                }
            ],
        },
    ]
    for name, rows in (
        ("20250103_qa.jsonl", qa),
        ("20250103_qa_nota.jsonl", nota),
        ("20250103_gcs.jsonl", gcs),
    ):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder


def test_load_pools_articles_and_skips_empty_results(tmp_path):
    data = _week(tmp_path / "data")
    assert choose_weeks(data, 4) == ["20250103"]
    questions, articles = load(data, ["20250103"])
    assert [q.answer_text for q in questions] == ["Busan", "Kiwis"]
    assert questions[1].question == "Which fruit did the farm export most?"
    assert set(articles) == {"https://n.example/chess", "https://n.example/kiwi"}
    assert questions[0].article_urls == ("https://n.example/chess",)


def _script(messages):
    system, user = messages[0]["content"], messages[-1]["content"]
    asked = user.split("Question:")[-1]
    if system == prompts.CHOICE_SYSTEM:
        return "B" if "chess" in asked else "C) Kiwis"
    return "The chess final was hosted in Busan [1]." if "chess" in asked else "NOT IN ARTICLES"


def test_benchmark_run_end_to_end(tmp_path, settings, embedder):
    data = _week(tmp_path / "data")
    bot = Assistant(settings, generator=ScriptedGenerator(_script), embedder=embedder)
    report = run_benchmark(settings, data, ["20250103"], out_dir=tmp_path / "out", assistant=bot)
    s = report.summary
    assert s["open answer accuracy"] == 0.5  # the fruit question was refused
    assert s["open answer names the right choice"] == 0.5
    assert s["multiple-choice accuracy"] == 1.0
    assert s["multiple-choice accuracy (none-of-the-above set)"] == 1.0  # "B" is NOTA there
    assert s["retrieval_hit"] == 1.0
    assert report.counts["articles"] == 2
    md = (tmp_path / "out" / "report.md").read_text()
    assert "| CNN | 1 | 100% | 100% | 100% |" in md
    assert (settings.index_dir / "source-articles").is_dir()


def test_retrieval_only_run_searches_as_of_the_quiz_date_without_the_model(
    tmp_path, settings, embedder
):
    import json as _json

    from assistant.evaluation.retrieval import run_retrieval

    data = _week(tmp_path / "data")
    bot = Assistant(settings, generator=ScriptedGenerator(["unused"]), embedder=embedder)
    out = tmp_path / "out"
    report = run_retrieval(settings, data, ["20250103"], out_dir=out, assistant=bot)
    assert bot.generator.calls == []  # no language model
    summary = _json.loads((out / "summary.json").read_text())
    assert summary["retrieval_hit"] == 1.0 and summary["attainable"] == 1.0
    assert summary["retrieval_mrr"] == 1.0
    assert {"retrieval_p50_ms", "retrieval_p95_ms", "in_own_articles"} <= set(summary)
    rows = {r.id: r for r in report.rows}
    assert rows["w_0"].as_of == "2025-01-03" and rows["w_0"].rank == 1
    # the passage holding "Busan" is of the chess article, which the quiz's search found
    assert rows["w_0"].own_hit and summary["retrieval_own_hit"] == 1.0


def test_retrieval_summary_counts_hits_among_attainable_and_own_article_questions():
    from assistant.evaluation.retrieval import RetrievalRow, summarize

    def row(n, rank, attainable, own, own_hit=False):
        return RetrievalRow(
            id=str(n),
            week="20250103",
            split="dev",
            question="q",
            gold="g",
            as_of="2025-01-03",
            window="",
            rank=rank,
            correct=rank is not None and rank <= 4,
            attainable=attainable,
            in_own_articles=own,
            own_hit=own_hit,
            answer="",
            timings={"retrieve_s": 0.01},
        )

    rows = [
        row(0, 1, True, True, own_hit=True),
        row(1, 6, True, True),
        row(2, 2, True, False),
        row(3, None, False, False),
    ]
    s = {m.key: m.value for m in summarize(rows, 4)}
    assert s["retrieval_hit"] == 0.5
    assert s["retrieval_hit_of_attainable"] == 2 / 3
    assert s["retrieval_hit_of_own"] == 0.5
    assert s["in_own_articles"] == 0.5
    assert s["retrieval_own_hit"] == 0.25  # row 2's hit is a passage of another article
