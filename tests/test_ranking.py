import dataclasses
import random

import pytest
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import create_in

from viewer import ranking, textfold
from viewer.indexing import build_index, make_schema, open_index
from viewer.ranking import Clause, Ranker
from viewer.search import FIELD_BOOSTS

QUERIES = ["代金券", "如何下载证书", "伙伴", "NRE协议", "子客户开票", "xaccounttype", "券", "华为云 激励",
           "机会点共享", "查看", "不存在的词语"]


def clauses_for(text: str, boost: float = 1.0) -> list[Clause]:
    return [Clause(field, (part.text,), boost * weight)
            for part in textfold.query_parts(text) for field, weight in FIELD_BOOSTS.items()]


def whoosh_top(searcher, clauses, limit):
    """Whoosh's own BM25F collector over the same terms: the reference."""
    query = wq.Or([wq.Term(c.field, c.terms[0], boost=c.boost) for c in clauses])
    return [(hit.docnum, hit.score) for hit in searcher.search(query, limit=limit)]


def assert_same_ranking(ours, theirs):
    assert [score for _, score in ours] == pytest.approx([score for _, score in theirs], rel=1e-6)
    scores = [score for _, score in theirs]
    for (doc, score), (their_doc, _) in zip(ours, theirs):
        if scores.count(score) == 1:  # tied scores may come in another order
            assert doc == their_doc


@pytest.fixture(scope="module")
def multi_segment_index(tmp_path_factory, bundled_pack, bundled_index):
    """An index updated in place: a second segment, and deleted documents in the first."""
    articles = dict(bundled_pack.articles)
    first, second = list(articles)[:2]
    articles[first] = dataclasses.replace(articles[first], body=articles[first].body + "\n\n代金券补充说明。")
    del articles[second]
    pack = dataclasses.replace(bundled_pack, articles=articles)
    folder = tmp_path_factory.mktemp("multi") / "index"
    build_index(pack, "edited", folder, previous=bundled_index)
    return folder


@pytest.mark.parametrize("text", QUERIES)
def test_scores_equal_whoosh_bm25f(bundled_index, text):
    index = open_index(bundled_index)
    with index.searcher() as searcher:
        clauses = clauses_for(text)
        assert_same_ranking(Ranker(searcher, FIELD_BOOSTS).top(searcher, clauses, 10), whoosh_top(searcher, clauses, 10))


@pytest.mark.parametrize("text", QUERIES)
def test_scores_equal_whoosh_with_segments_and_deletions(multi_segment_index, text):
    index = open_index(multi_segment_index)
    with index.searcher() as searcher:
        assert not searcher.is_atomic() or searcher.reader().has_deletions()
        clauses = clauses_for(text, boost=0.7)
        ours = Ranker(searcher, FIELD_BOOSTS).top(searcher, clauses, 50)
        assert_same_ranking(ours, whoosh_top(searcher, clauses, 50))
        deleted = {docnum for leaf, offset in searcher.leaf_searchers()
                   for docnum in (offset + d for d in leaf.reader().deleted_docs_set)}
        assert not deleted & {doc for doc, _ in ours}


def test_a_prefix_clause_counts_its_best_word_once(bundled_index):
    index = open_index(bundled_index)
    with index.searcher() as searcher:
        ranker = Ranker(searcher, FIELD_BOOSTS)
        alone = dict(ranker.top(searcher, [Clause("title", ("xaccounttype",), 2.0)], 50))
        with_noise = dict(ranker.top(searcher, [Clause("title", ("xaccounttype", "xacc-none"), 2.0)], 50))
        assert alone and with_noise == alone


def test_allowed_documents_restrict_the_result(bundled_index):
    index = open_index(bundled_index)
    with index.searcher() as searcher:
        ranker = Ranker(searcher, FIELD_BOOSTS)
        everything = ranker.top(searcher, clauses_for("伙伴"), 100)
        allowed = frozenset(doc for doc, _ in everything[::2])
        assert ranker.top(searcher, clauses_for("伙伴"), 100, allowed) == everything[::2]


def test_the_postings_cache_stays_within_its_budget(bundled_index, monkeypatch):
    monkeypatch.setattr(ranking, "CACHE_POSTINGS", 60)
    index = open_index(bundled_index)
    with index.searcher() as searcher:
        ranker = Ranker(searcher, FIELD_BOOSTS)
        first = ranker.top(searcher, clauses_for("代金券 伙伴 如何 查看 开票"), 10)
        cache = ranker._postings_cache
        assert len(cache) > 1 and 0 < cache.used <= 60
        assert cache.used == sum(len(postings.docs) + 5 for postings in cache.values())
        assert_same_ranking(ranker.top(searcher, clauses_for("代金券 伙伴 如何 查看 开票"), 10), first)


def test_searching_leaves_whooshs_unbounded_idf_cache_empty(bundled_index):
    index = open_index(bundled_index)
    with index.searcher() as searcher:
        ranker = Ranker(searcher, FIELD_BOOSTS)
        assert ranker.top(searcher, clauses_for("代金券 伙伴 如何 查看 开票"), 10)
        assert searcher._idf_cache == {}


def test_a_bounded_cache_drops_the_least_recently_used():
    cache = ranking.BoundedCache(3)
    for key in "abc":
        cache.put(key, key.upper())
    assert cache.get("a") == "A"  # now the most recent
    cache.put("d", "D")
    assert [cache.get(key) for key in "abcd"] == ["A", None, "C", "D"]
    assert cache.put("d", "other") == "D"


def test_document_frequencies_match_whoosh(bundled_index):
    index = open_index(bundled_index)
    with index.searcher() as searcher:
        ranker = Ranker(searcher, FIELD_BOOSTS)
        for term in ("代金", "伙伴", "nre", "不存在"):
            for _ in range(2):  # the second answer comes from the cache
                assert ranker.document_frequency(searcher, "body", term) == searcher.doc_frequency("body", term)


@pytest.fixture(scope="module")
def word_soup_index(tmp_path_factory):
    """Documents of random common and rare words in small blocks, in two segments with some
    deleted: long and short posting lists, blocks to skip, numbers to offset."""
    rnd = random.Random(7)
    common, rare = [f"c{i}" for i in range(6)], [f"r{i}" for i in range(60)]

    def add(writer, count, start):
        for n in range(start, start + count):
            words = rnd.choices(common, k=rnd.randint(3, 30)) + rnd.choices(rare, k=rnd.randint(0, 3))
            writer.add_document(id=f"d{n}", title=" ".join(rnd.sample(words, min(2, len(words)))),
                                body=" ".join(words), topic_id="t")

    folder = tmp_path_factory.mktemp("soup")
    index = create_in(folder, make_schema())
    writer = index.writer(codec=W3Codec(blocklimit=16))
    add(writer, 300, 0)
    writer.commit()
    writer = index.writer(codec=W3Codec(blocklimit=16))
    add(writer, 100, 300)
    for n in range(0, 300, 10):
        writer.delete_by_term("id", f"d{n}")
    writer.commit(merge=False)
    return folder


def test_skipping_common_words_never_changes_the_top(word_soup_index, monkeypatch):
    pruned, looked_up = [], []
    finish, lookup = Ranker._finish_candidates, Ranker._lookup
    monkeypatch.setattr(Ranker, "_finish_candidates", lambda *args: pruned.append(1) or finish(*args))
    monkeypatch.setattr(Ranker, "_lookup", lambda *args: looked_up.append(1) or lookup(*args))
    rnd = random.Random(3)
    index = open_index(word_soup_index)
    with index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 2 and searcher.doc_count() == 370
        ranker = Ranker(searcher, FIELD_BOOSTS)
        for n in range(160):
            if n % 2:  # nothing cached: the common words' blocks are read only where needed
                ranker = Ranker(searcher, FIELD_BOOSTS)
            words = rnd.sample([f"c{i}" for i in range(6)], 3) + rnd.sample([f"r{i}" for i in range(60)], 2)
            clauses = clauses_for(" ".join(words), boost=rnd.choice([1.0, 0.7]))
            limit = rnd.randint(1, 5)
            assert_same_ranking(ranker.top(searcher, clauses, limit), whoosh_top(searcher, clauses, limit))
    assert len(pruned) > 25 and len(looked_up) > 25  # the shortcuts were really taken
