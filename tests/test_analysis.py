"""The Whoosh tokenizer: same terms as viewer.textfold, at the import path Whoosh pickles."""
from viewer import analysis
from viewer.analysis import CjkBigramTokenizer
from viewer.textfold import terms


def test_tokenizer_matches_terms_and_is_stable_for_pickling():
    tokenizer = CjkBigramTokenizer()
    tokens = [(t.text, t.startchar, t.endchar) for t in tokenizer("开具发票", chars=True)]
    assert tokens == [(t.text, t.start, t.end) for t in terms("开具发票")]
    assert CjkBigramTokenizer() == tokenizer
    assert CjkBigramTokenizer.__module__ == "viewer.analysis"  # Whoosh pickles this path
    assert analysis.analyzer() == analysis.analyzer()


def test_titles_also_index_every_character():
    tokenizer = CjkBigramTokenizer(every_char=True)
    assert [t.text for t in tokenizer("代金券")] == ["代", "代金", "金", "金券", "券"]
    assert CjkBigramTokenizer(every_char=True) != CjkBigramTokenizer()
