"""Loading and validating content packs; every problem is reported as file:line."""
import textwrap

from viewer.content import Problem, load_pack, pack_fingerprint, read_pack, PackError

import pytest


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def messages(problems):
    return [str(p) for p in problems]


def test_bundled_pack_is_valid_and_complete(bundled_pack):
    pack, problems = read_pack("data")
    assert problems == []
    assert len(bundled_pack.articles) == 20
    assert bundled_pack.info.language == "zh-CN"
    titles = [a.title for a in bundled_pack.articles.values()]
    assert sum(t.startswith("如何使用代金券") for t in titles) == 2
    assert len(set(titles)) == 20
    for article in bundled_pack.articles.values():
        assert article.topic in bundled_pack.topics
        assert "父主题" not in article.body


def test_bundled_bodies_keep_the_seed_text_verbatim(bundled_pack):
    """Every sentence of every seed answer is in some article body, word for word."""
    import re
    from conftest import REPO
    from viewer.importtext import split_entry

    seed = (REPO.parent / "shared" / "seed" / "partner-center-faq.txt")
    if not seed.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    markup = re.compile(r"^\s*(#+|\d+\.|[-*+])\s+", re.MULTILINE)
    bodies = re.sub(r"\s+", "", "".join(markup.sub("", a.body) for a in bundled_pack.articles.values()))
    for line in seed.read_text(encoding="utf-8").splitlines()[2:]:
        _, answer, _ = split_entry(line)
        for sentence in re.split(r"(?<=[。])", answer):
            words = re.sub(r"\s+|操作步骤|注意事项|前提条件", "", sentence)
            if len(words) >= 8:
                assert words in bodies, sentence


def test_excerpts_are_marked(bundled_pack):
    excerpts = {a.id for a in bundled_pack.articles.values() if a.excerpt}
    assert len(excerpts) >= 4  # the four fragments without a question, and the cut-off entries
    assert "download-reseller-certificate" not in excerpts


@pytest.fixture
def tiny(tmp_path):
    root = tmp_path / "pack"
    write(root / "pack.yaml", """
        name: tiny
        title: Tiny
        version: "1"
        language: zh-CN
    """)
    write(root / "topics.yaml", """
        - id: money
          title: 费用
          children:
            - id: coupons
              title: 优惠券
    """)
    write(root / "articles" / "a.yaml", """
        - id: one
          title: 如何查看代金券
          topic: coupons
          body: |
            看 [另一篇](article:two)。
        - id: two
          title: 如何开票
          topic: money
          body: 开票。
    """)
    return root


def test_a_good_pack_loads_with_topic_paths(tiny):
    pack = load_pack(tiny)
    assert list(pack.articles) == ["one", "two"]
    assert pack.topic_path_titles("coupons") == ["费用", "优惠券"]
    assert [a.id for a in pack.articles_in("money")] == ["two"]
    assert pack.articles["one"].source.line == 1


def test_every_problem_is_reported_with_file_and_line(tiny):
    write(tiny / "articles" / "b.yaml", """
        - id: one
          title: 重复
          topic: coupons
          body: x
        - id: Bad_ID
          title: t
          topic: money
          body: x
        - id: three
          title: t
          topic: nowhere
          body: "   "
        - id: four
          topic: money
          title: t
          tittle: typo
          body: |
            first line

            see [missing](article:ghost)
          related: [two, ghost]
    """)
    _, problems = read_pack(tiny)
    found = messages(problems)
    assert "pack/articles/b.yaml:1: duplicate article id 'one' (first at pack/articles/a.yaml:1)" in found
    assert "pack/articles/b.yaml:5: article id 'Bad_ID' must match [a-z0-9][a-z0-9-]*" in found
    assert "pack/articles/b.yaml:12: 'body' must be non-empty text" in found
    assert "pack/articles/b.yaml:16: unknown article field 'tittle'" in found
    assert "pack/articles/b.yaml:20: link to missing article 'ghost'" in found
    assert "pack/articles/b.yaml:21: related article 'ghost' does not exist" in found
    assert len(found) == 6, found


def test_unknown_topic_is_reported_at_the_topic_line(tiny):
    write(tiny / "articles" / "b.yaml", """
        - id: three
          title: t
          topic: nowhere
          body: x
    """)
    assert messages(read_pack(tiny)[1]) == ["pack/articles/b.yaml:3: unknown topic 'nowhere'"]


def test_yaml_syntax_errors_name_the_line(tiny):
    write(tiny / "articles" / "b.yaml", """
        - id: three
          title: [unclosed
          topic: money
    """)
    problems = read_pack(tiny)[1]
    assert len(problems) == 1
    assert problems[0].file == "pack/articles/b.yaml"
    assert problems[0].line in (3, 4)
    assert "YAML syntax error" in problems[0].message


def test_python_tags_are_refused_not_executed(tiny):
    write(tiny / "articles" / "b.yaml", """
        - id: evil
          title: !!python/object/apply:os.system ["echo pwned"]
          topic: money
          body: x
    """)
    problems = read_pack(tiny)[1]
    assert problems and "pack/articles/b.yaml:2" in str(problems[0])


def test_missing_files_and_fields(tmp_path):
    root = tmp_path / "pack"
    write(root / "pack.yaml", "name: x\n")
    found = messages(read_pack(root)[1])
    assert "pack/pack.yaml:1: missing field 'title'" in found
    assert "pack/topics.yaml: file is missing" in found
    assert "pack/articles: folder is missing" in found
    with pytest.raises(PackError) as raised:
        load_pack(root)
    assert "pack/topics.yaml: file is missing" in str(raised.value)


def test_duplicate_keys_and_topics(tiny):
    write(tiny / "topics.yaml", """
        - id: money
          title: 费用
          title: again
        - id: money
          title: 重复
        - id: coupons
          title: 优惠券
    """)
    found = messages(read_pack(tiny)[1])
    assert "pack/topics.yaml:3: duplicate key 'title'" in found
    assert any(m.startswith("pack/topics.yaml:4: duplicate topic id 'money'") for m in found)


def test_not_utf8_and_empty_files(tiny):
    (tiny / "articles" / "b.yaml").write_bytes(b"- id: x\n  title: \xff\xfe\n")
    (tiny / "articles" / "c.yaml").write_text("", encoding="utf-8")
    found = messages(read_pack(tiny)[1])
    assert "pack/articles/b.yaml:2: not valid UTF-8 text" in found
    assert "pack/articles/c.yaml:1: file is empty" in found


def test_synonyms_are_checked(tiny):
    write(tiny / "synonyms.yaml", """
        - [开票, 发票]
        - [孤单]
        - not a list
    """)
    pack, problems = read_pack(tiny)
    assert "pack/synonyms.yaml:2: a synonym group needs at least two terms" in messages(problems)
    assert "pack/synonyms.yaml:3: 'synonym group' must be a list" in messages(problems)
    assert pack.synonyms == (("开票", "发票"),)


def test_fingerprint_changes_with_any_content_change(tiny):
    before = pack_fingerprint(tiny)
    assert pack_fingerprint(tiny) == before
    path = tiny / "articles" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert pack_fingerprint(tiny) != before


def test_problem_text_format():
    assert str(Problem("a.yaml", 3, "bad")) == "a.yaml:3: bad"
    assert str(Problem("a.yaml", 0, "file is missing")) == "a.yaml: file is missing"
