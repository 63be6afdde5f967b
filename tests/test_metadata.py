"""Questions about an article itself (when it was published, by whom, its title, its
address) are answered from its record, cited to its first sentence, without the model."""

from assistant.answering.metadata import asked_field, topic_terms
from assistant.index.ingest import ingest
from assistant.pipeline import Assistant

from .conftest import write_port_story


def test_record_questions_are_recognised_and_questions_about_the_news_are_not():
    for question, field in (
        ("When was the article published?", "published"),
        ("How old is this story?", "published"),
        ("When was the article about the fund published?", "published"),
        ("Who wrote the article?", "author"),
        ("Which newspaper published the story?", "source"),
        ("Where was the story on Lee published?", "source"),
        ("What is the title of the article?", "title"),
        ("Where can I read the article?", "url"),
    ):
        assert asked_field(question) == field, question
    for question in (
        "When was the fund set up?",
        "Who wrote the plan?",
        "What does the article say about Samsung?",
        "What is the title of the AI plan?",
    ):
        assert asked_field(question) is None, question
    assert topic_terms("When was the article about the fund published?") == {"fund"}
    assert topic_terms("Which newspaper published the story?") == set()


def test_the_record_answers_and_says_what_it_lacks(settings, seed_corpus, embedder, unasked_model):
    ingest(settings, seed_corpus, embedder=embedder)
    bot = Assistant.open(settings, generator=unasked_model, embedder=embedder)
    article = bot.article(bot.articles()[0].id)
    when = bot.ask("When was the article published?")
    assert when.answered and str(article.published) in when.text
    assert when.text.startswith(f"“{article.title}” ({article.source}) was published on")
    (cited,) = when.citations
    assert cited.article_id == article.id and cited.published == article.published
    assert article.text[cited.start : cited.end] == cited.quote  # its first sentence
    assert when.sentences[0].note == "the article's record, not its text"
    who = bot.ask("Who wrote the article?")
    assert who.answered and "names no author" in who.text and article.source in who.text
    where = bot.ask("Where can I read this article?")
    assert where.answered and article.url in where.text
    assert not unasked_model.calls


def test_with_several_articles_the_topic_decides_or_the_answer_asks_which(
    settings, seed_corpus, embedder, unasked_model
):
    write_port_story(seed_corpus, published="2024-03-02")
    ingest(settings, seed_corpus, embedder=embedder)
    bot = Assistant.open(settings, generator=unasked_model, embedder=embedder)
    which = bot.ask("When was the article published?")
    assert not which.answered and which.text.startswith("Which article? The archive holds 2")
    assert "When was the article about … published?" in which.text
    port = bot.ask("When was the article about Busan's port published?")
    assert port.answered and "was published on 2024-03-02" in port.text
    assert {c.article_id for c in port.citations} == {"port"}
    assert not unasked_model.calls


def test_a_field_the_record_holds_is_said_and_one_it_lacks_is_named_missing():
    import datetime as dt

    from assistant.answering.metadata import _said
    from assistant.types import Article

    article = Article("a", "a.md", "Port news", "Wire", "", None, ("Kim Min-ji",), "Text.", ())
    assert _said(article, "author") == "“Port news” (Wire, no date) is by Kim Min-ji"
    assert _said(article, "published") == "“Port news” (Wire) has no publication date in its record"
    assert _said(article, "url") == "The record of “Port news” (Wire, no date) holds no address"
    dated = Article("b", "b.md", "", "", "https://x.org", dt.date(2025, 1, 2), (), "Text.", ())
    assert _said(dated, "url") == "The article (an unnamed source, 2025-01-02) is at https://x.org"
