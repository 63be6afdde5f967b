import json

from assistant.corpus.folder import scan

from .conftest import ROOT, SEED_CORPUS


def test_seed_eval_quotes_exist_verbatim_in_the_article():
    articles = {a.id: a for a in scan(SEED_CORPUS).articles}
    rows = [json.loads(line) for line in (ROOT / "evals" / "seed.jsonl").read_text().splitlines()]
    assert len({r["id"] for r in rows}) == len(rows) >= 80
    assert sum(r["unanswerable"] for r in rows) >= 15
    assert sum(bool(r["history"]) for r in rows) >= 8
    test = [r for r in rows if r["split"] == "test"]
    assert {r["split"] for r in rows} == {"dev", "test"} and len(test) >= 40
    assert sum(r["unanswerable"] for r in test) >= 10 and sum(bool(r["history"]) for r in test) >= 4
    for row in rows:
        assert row["question"].strip()
        if row["unanswerable"]:
            assert row["evidence"] == [] and row["answers"] == []
            continue
        assert row["answers"] and row["evidence"], row["id"]
        for ev in row["evidence"]:
            assert ev["quote"] in articles[ev["article"]].text, (row["id"], ev["quote"])
        # At least one gold answer is stated in the evidence.
        quotes = " ".join(ev["quote"] for ev in row["evidence"])
        assert any(ans in quotes for ans in row["answers"]), row["id"]


def test_seed_set_loads_without_problems():
    from assistant.evaluation.sets import load_set

    items, problems = load_set(ROOT / "evals" / "seed.jsonl")
    assert problems == [] and len(items) >= 80


def test_every_paragraph_of_the_seed_article_is_asked_about():
    (article,) = scan(SEED_CORPUS).articles
    rows = [json.loads(line) for line in (ROOT / "evals" / "seed.jsonl").read_text().splitlines()]
    quotes = [ev["quote"] for r in rows for ev in r["evidence"]]
    paragraphs = [article.text[s:e] for s, e in article.paragraphs]
    assert [p for p in paragraphs if not any(q in p for q in quotes)] == []
