"""The hand-written query set (tests/search_queries.yaml) must keep finding the right answers."""
from bench.quality import evaluate, load_queries


def test_query_set_is_realistic_and_large_enough(bundled_pack):
    queries = load_queries()
    assert len(queries) >= 40
    assert {q["expect"] for q in queries} <= set(bundled_pack.articles)
    kinds = {q["kind"] for q in queries}
    assert {"exact", "paraphrase", "acronym", "synonym", "traditional", "miswrite"} <= kinds


def test_recall_at_1_is_at_least_0_9(engine):
    scores = evaluate(engine, load_queries())
    assert scores["all"].r_at_1 >= 0.9, scores["all"].misses
    assert scores["all"].r_at_5 >= 0.97
    assert scores["all"].mrr >= 0.93
