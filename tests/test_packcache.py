"""The pack the app starts with is read from the user cache while its files are unchanged."""
import json
import os
import shutil
import sys

import pytest

from viewer import content, packcache


@pytest.fixture
def yaml_reads(monkeypatch):
    """Counts the times the pack's YAML is actually read."""
    calls = []
    real = content.read_pack

    def counting(root):
        calls.append(root)
        return real(root)

    monkeypatch.setattr(content, "read_pack", counting)
    return calls


def test_the_second_read_comes_from_the_cache_and_is_the_same_pack(pack_copy, yaml_reads):
    first, problems = packcache.read_pack(pack_copy)
    assert not problems and packcache.cache_file(pack_copy.resolve()).is_file()
    second, problems = packcache.read_pack(pack_copy)
    assert not problems and len(yaml_reads) == 1
    assert second == first == content.load_pack(pack_copy)
    article = next(iter(second.articles.values()))
    assert article.source == next(iter(first.articles.values())).source  # file:line reports still work
    assert isinstance(article.keywords, tuple) and isinstance(second.synonyms[0], tuple)


def test_an_edited_article_file_is_read_again(pack_copy, yaml_reads):
    packcache.read_pack(pack_copy)
    article_file = sorted((pack_copy / "articles").glob("*.yaml"))[0]
    article_file.write_text(article_file.read_text(encoding="utf-8").replace("代金券", "优惠券", 1), encoding="utf-8")
    stat = article_file.stat()
    os.utime(article_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    pack, _ = packcache.read_pack(pack_copy)
    assert len(yaml_reads) == 2 and pack == content.load_pack(pack_copy)


def test_an_added_article_file_is_read_again(pack_copy, yaml_reads):
    packcache.read_pack(pack_copy)
    (pack_copy / "articles" / "zz-new.yaml").write_text(
        "- id: new-one\n  title: 新问题\n  topic: other\n  body: 新答案\n", encoding="utf-8")
    pack, problems = packcache.read_pack(pack_copy)
    assert len(yaml_reads) == 2 and not problems and "new-one" in pack.articles


def test_a_pack_with_problems_is_not_kept(pack_copy, yaml_reads):
    (pack_copy / "topics.yaml").write_text("- id: [\n", encoding="utf-8")
    for _ in range(2):
        _, problems = packcache.read_pack(pack_copy)
        assert problems
    assert len(yaml_reads) == 2 and not packcache.cache_file(pack_copy.resolve()).exists()


def test_another_pack_folder_does_not_use_the_cache(pack_copy, tmp_path, yaml_reads):
    packcache.read_pack(pack_copy)
    other = tmp_path / "other"
    pack_copy.rename(other)
    packcache.read_pack(other)
    assert yaml_reads == [pack_copy, other]


def test_two_packs_keep_their_own_cache(pack_copy, tmp_path, yaml_reads):
    other = tmp_path / "other"
    shutil.copytree(pack_copy, other)
    for _ in range(3):  # e.g. the bundle and a source checkout, started in turns
        packcache.read_pack(pack_copy)
        packcache.read_pack(other)
    assert yaml_reads == [pack_copy, other]


@pytest.mark.parametrize("damage", ["", "{not json", "[]", '{"stamp": 1, "pack": {}}'])
def test_a_damaged_cache_file_means_reading_the_pack(pack_copy, yaml_reads, damage):
    packcache.read_pack(pack_copy)
    packcache.cache_file(pack_copy.resolve()).write_text(damage, encoding="utf-8")
    pack, problems = packcache.read_pack(pack_copy)
    assert len(yaml_reads) == 2 and not problems and pack == content.load_pack(pack_copy)


def test_a_missing_pack_folder_is_reported_by_the_reader(tmp_path):
    pack, problems = packcache.read_pack(tmp_path / "nowhere")
    assert pack is None and "does not exist" in str(problems[0])


@pytest.mark.parametrize("damage", [
    lambda lines: lines[:2] + ['["too", "short"]'] + lines[3:],  # an article that is not one
    lambda lines: lines[:-1],  # cut short: an article missing
    lambda lines: lines + lines[-1:],  # an article twice
    lambda lines: lines[:1],  # the header alone
])
def test_a_cache_file_with_a_damaged_pack_means_reading_the_pack(pack_copy, yaml_reads, damage):
    packcache.read_pack(pack_copy)
    cache = packcache.cache_file(pack_copy.resolve())
    lines = cache.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["articles"] == len(lines) - 1 - json.loads(lines[0])["topics"]
    cache.write_text("\n".join(damage(lines)) + "\n", encoding="utf-8")
    pack, problems = packcache.read_pack(pack_copy)
    assert len(yaml_reads) == 2 and not problems and pack == content.load_pack(pack_copy)


def test_articles_share_the_strings_they_repeat(pack_copy):
    packcache.read_pack(pack_copy)
    pack, _ = packcache.read_pack(pack_copy)
    by_topic = {}
    for article in pack.articles.values():
        assert by_topic.setdefault(article.topic, article.topic) is article.topic
        assert article.source.file is sys.intern(article.source.file)
