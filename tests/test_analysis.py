"""The Whoosh tokenizer: same terms as viewer.textfold, at the import path Whoosh pickles."""
import pickle

import pytest
from whoosh.fields import TEXT

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


@pytest.mark.parametrize("every_char", [False, True])
def test_the_field_indexes_what_whoosh_would_from_the_tokenizer(every_char):
    text = "如何查看代金券 NRE协议 NRE 代金券\n券"
    generic = TEXT(analyzer=analysis.analyzer(every_char), phrase=False)
    assert sorted(analysis.BigramText(every_char).index(text)) == sorted(generic.index(text))


def test_classes_whoosh_pickles_keep_their_import_path():
    for cls in (analysis.BigramText, analysis.BulkReadCodec):
        assert cls.__module__ == "viewer.analysis"
        assert pickle.loads(pickle.dumps(cls())).__class__ is cls


def test_blocks_of_few_postings_are_left_uncompressed_and_read_back_the_same(tmp_path):
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.fields import Schema
    from whoosh.index import create_in

    texts = [f"代金券 开票 NRE 第{n}篇" + " 伙伴" * (n % 3) for n in range(30)]
    readers = {}
    for name, codec in (("whoosh", W3Codec(blocklimit=16, compression=1)), ("ours", analysis.BulkReadCodec(16))):
        (tmp_path / name).mkdir()
        ix = create_in(tmp_path / name, Schema(body=analysis.BigramText()))
        with ix.writer(codec=codec) as writer:
            for text in texts:
                writer.add_document(body=text)
        readers[name] = ix.reader()
    compressed = set()
    for term in readers["ours"].lexicon("body"):
        postings = {name: reader.postings("body", term) for name, reader in readers.items()}
        assert list(postings["ours"].items_as("frequency")) == list(postings["whoosh"].items_as("frequency"))
        matcher = readers["ours"].postings("body", term)
        while matcher.is_active():
            compressed.add((matcher._blocklength >= analysis.COMPRESS_FROM, bool(matcher._compression)))
            matcher._next_block()
    for reader in readers.values():
        reader.close()
    assert compressed == {(True, True), (False, False)}  # e.g. 代金 in blocks of 16 and 14; 第0 alone
