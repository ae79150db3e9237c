from collections import Counter

from hypothesis import given, settings, strategies as st

from viewer.textfold import normalize, query_parts, term_texts, terms


def test_normalize_folds_width_case_and_traditional_characters():
    assert normalize("ＮＲＥ協議") == "nre协议"
    assert normalize("如何下載證書？") == "如何下载证书?"
    assert normalize("XaccountType") == "xaccounttype"


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_normalize_keeps_length_so_offsets_stay_valid(text):
    assert len(normalize(text)) == len(text)


def test_cjk_runs_become_bigrams_plus_the_last_character():
    found = [(t.text, t.start, t.end, t.kind) for t in terms("代金券")]
    assert found == [("代金", 0, 2, "bigram"), ("金券", 1, 3, "bigram"), ("券", 2, 3, "char")]


def test_latin_words_and_acronyms_are_single_lowercase_terms():
    assert [t.text for t in terms("获取xaccountType的取值, NRE 与 PCE")] == [
        "获取", "取", "xaccounttype", "的取", "取值", "值", "nre", "与", "pce"]


def test_offsets_point_into_the_original_text():
    text = "使用ＯＢＳ桶。"
    for term in terms(text):
        assert normalize(text[term.start:term.end]).startswith(term.text[:1])


def test_query_parts_drop_duplicates_and_keep_single_characters():
    assert [(p.text, p.kind) for p in query_parts("券")] == [("券", "char")]
    assert [p.text for p in query_parts("代金券 代金券 NRE")] == ["代金", "金券", "nre"]
    assert query_parts("  ,。!  ") == []


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_text_tokenizes_with_offsets_inside_the_text(text):
    for term in terms(text):
        assert 0 <= term.start < term.end <= len(text)
        assert term.text


@given(st.text(alphabet=st.sampled_from("代金券現金 NRE协议a1_-？\n")), st.booleans())
@settings(max_examples=300, deadline=None)
def test_term_texts_are_the_texts_of_terms(text, every_char):
    assert Counter(term_texts(text, every_char)) == Counter(t.text for t in terms(text, every_char))
