"""Turn a raw FAQ dump (one entry a line, as copied from the help site) into a content pack.

A line is ``question answer 父主题: parent``. Copies from the web carry page chrome (a login
banner with a URL, "不再显示此消息") and lines cut off at either end. This importer keeps the
text verbatim, only turning 操作步骤 / 注意事项 / 前提条件 into headings and the steps into a
numbered list; it marks cut-off entries ``excerpt: true`` and reports every fragment it could
not find a question for, so the maintainer can write a title for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SECTION_WORDS = ("操作步骤", "注意事项", "前提条件")
PARENT_MARK = "父主题:"
OTHER_TOPIC = ("other", "其他")
_SECTION_RE = re.compile(r"\s+(" + "|".join(SECTION_WORDS) + r")\s+")
_SENTENCE_BREAK_RE = re.compile(r"(?<=[。！？!?])\s+")
_QUESTION_RE = re.compile(r"^(?P<q>.{2,60}?[?？])(?:\s+|$)(?P<rest>.*)$")
_TITLE_LIKE_RE = re.compile(r"^(?P<q>[^\s。，,;；:：、()（）]{4,40})\s+(?P<rest>.+)$")
_CUT_START_RE = re.compile(r"^(\d+[)）]|[,，。;；、)）])")


@dataclass
class ImportReport:
    entries: int = 0
    chrome: list[int] = field(default_factory=list)  # line numbers dropped as page chrome
    untitled: list[int] = field(default_factory=list)  # fragments given a placeholder title
    excerpts: list[int] = field(default_factory=list)
    same_title: list[tuple[int, int]] = field(default_factory=list)  # (line, earlier line)


def is_chrome(line: str) -> bool:
    """Web-page chrome: a banner with a link, or a short button label, never an entry."""
    if PARENT_MARK in line:
        return False
    if re.search(r"https?://", line):
        return True
    return len(line) < 12 and not re.search(r"[?？。]", line)


def body_markdown(answer: str) -> str:
    """The answer as Markdown: section words become headings, the steps a numbered list."""
    pieces = _SECTION_RE.split(" " + answer.strip() + " ")
    blocks = [*_paragraphs(pieces[0])]
    for heading, text in zip(pieces[1::2], pieces[2::2]):
        blocks.append(f"## {heading}")
        sentences = _SENTENCE_BREAK_RE.split(text.strip())
        if heading == "操作步骤" and len(sentences) > 1:
            blocks.append("\n".join(f"{n}. {s}" for n, s in enumerate(sentences, 1)))
        else:
            blocks.extend(_paragraphs(text))
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"


def _paragraphs(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_BREAK_RE.split(text.strip()) if s.strip()]


def split_entry(line: str) -> tuple[str | None, str, str | None]:
    """(question or None for a fragment, answer, parent topic or None when cut off)."""
    text, parent = line.strip(), None
    if PARENT_MARK in text:
        text, _, parent = text.rpartition(PARENT_MARK)
        text, parent = text.strip(), parent.strip() or None
    if _CUT_START_RE.match(text):
        return None, text, parent
    match = _QUESTION_RE.match(text) or _TITLE_LIKE_RE.match(text)
    if match:
        return match.group("q").strip(), match.group("rest").strip(), parent
    return None, text, parent


def import_text(source: Path, out: Path) -> ImportReport:
    """Write a pack for the dump ``source`` into the new folder ``out``."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; choose a new folder so nothing is overwritten")
    report = ImportReport()
    topics: dict[str, str] = {}  # title -> id, in order of first appearance
    articles = []
    title_lines: dict[str, int] = {}
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if is_chrome(line):
            report.chrome.append(number)
            continue
        question, answer, parent = split_entry(line)
        excerpt = question is None or parent is None
        if question is None:
            report.untitled.append(number)
            question = f"（待补标题）第 {number} 行片段"
        if excerpt:
            report.excerpts.append(number)
        if question in title_lines:
            report.same_title.append((number, title_lines[question]))
        title_lines.setdefault(question, number)
        topic_title = parent or OTHER_TOPIC[1]
        if topic_title not in topics:
            topics[topic_title] = OTHER_TOPIC[0] if parent is None else f"topic-{len(topics) + 1}"
        article = {"id": f"entry-{number:03d}", "title": question, "topic": topics[topic_title],
                   "body": body_markdown(answer)}
        if excerpt:
            article["excerpt"] = True
        articles.append(article)
    report.entries = len(articles)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    dump = {"allow_unicode": True, "sort_keys": False, "width": 1000}
    (out / "pack.yaml").write_text(yaml.safe_dump(
        {"name": source.stem, "title": source.stem, "version": "0.1.0", "language": "zh-CN"}, **dump),
        encoding="utf-8")
    (out / "topics.yaml").write_text(yaml.safe_dump(
        [{"id": tid, "title": title} for title, tid in topics.items()], **dump), encoding="utf-8")
    (out / "articles" / "imported.yaml").write_text(
        yaml.dump(articles, Dumper=_BlockDumper, **dump), encoding="utf-8")
    return report


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line bodies as ``|`` blocks, the way maintainers edit them."""


_BlockDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))
