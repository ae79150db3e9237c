"""Loading and validating a content pack (a folder of YAML files).

Layout: ``pack.yaml``, ``topics.yaml``, ``articles/*.yaml`` and an optional ``synonyms.yaml``.
Content is parsed with PyYAML's safe loader only; every problem is reported as
``file:line: message`` so a maintainer can go straight to it, and all problems are collected
in one pass instead of stopping at the first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from viewer import markdown
from viewer.digest import sha256
from viewer.model import Article, Pack, PackInfo, SourceRef, Topic

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
ARTICLE_FIELDS = {"id", "title", "topic", "body", "keywords", "excerpt", "related"}
PACK_FIELDS = ("name", "title", "version", "language")
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:  # the whole file, e.g. it is missing
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class PackError(Exception):
    """A pack that cannot be used as it is; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Node:
    """A YAML value with the line it starts on, so later checks can point at it."""

    __slots__ = ("value", "line", "end_line", "style")

    def __init__(self, value: Any, line: int, end_line: int, style: str | None = None):
        self.value, self.line, self.end_line, self.style = value, line, end_line, style


class _Reader:
    """Reads the YAML files of one pack, collecting problems instead of raising."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()  # scalars only: tags resolved by compose

    def problem(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def load(self, path: Path, required: bool = True) -> _Node | None:
        name = self.rel(path)
        if not path.is_file():
            if required:
                self.problem(name, 0, "file is missing")
            return None
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[: exc.start].count(b"\n") + 1
            self.problem(name, line, "not valid UTF-8 text")
            return None
        except OSError as exc:
            self.problem(name, 0, f"cannot be read: {exc.strerror or exc}")
            return None
        try:
            node = yaml.compose(text, Loader=_SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = mark.line + 1 if mark else 0
            self.problem(name, where, f"YAML syntax error: {exc.problem or exc.context}")
            return None
        except yaml.YAMLError as exc:
            self.problem(name, 0, f"YAML error: {exc}")
            return None
        if node is None:
            self.problem(name, 1, "file is empty")
            return None
        return self._convert(node, name)

    def _convert(self, node: yaml.Node, file: str) -> _Node:
        line, end = node.start_mark.line + 1, node.end_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            mapping: dict[str, _Node] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
                if key in mapping:
                    self.problem(file, key_node.start_mark.line + 1, f"duplicate key '{key}'")
                mapping[key] = self._convert(value_node, file)
            return _Node(mapping, line, end)
        if isinstance(node, yaml.SequenceNode):
            return _Node([self._convert(item, file) for item in node.value], line, end)
        try:
            value = self._constructor.construct_object(node)
        except yaml.YAMLError as exc:
            self.problem(file, line, f"cannot read value: {exc}")
            value = None
        return _Node(value, line, end, node.style)


def _text(reader: _Reader, file: str, mapping: dict[str, _Node], key: str, owner: _Node,
          required: bool = True) -> str | None:
    node = mapping.get(key)
    if node is None:
        if required:
            reader.problem(file, owner.line, f"missing field '{key}'")
        return None
    if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        node.value = str(node.value)
    if not isinstance(node.value, str) or not node.value.strip():
        reader.problem(file, node.line, f"'{key}' must be non-empty text")
        return None
    return node.value


def _string_list(reader: _Reader, file: str, node: _Node | None, key: str) -> tuple[str, ...]:
    if node is None:
        return ()
    if not isinstance(node.value, list):
        reader.problem(file, node.line, f"'{key}' must be a list")
        return ()
    items = []
    for item in node.value:
        if isinstance(item.value, str) and item.value.strip():
            items.append(item.value.strip())
        else:
            reader.problem(file, item.line, f"'{key}' entries must be non-empty text")
    return tuple(items)


def _read_info(reader: _Reader, root: Path) -> PackInfo | None:
    node = reader.load(root / "pack.yaml")
    if node is None:
        return None
    file = reader.rel(root / "pack.yaml")
    if not isinstance(node.value, dict):
        reader.problem(file, node.line, "pack.yaml must be a mapping of name, title, version, language")
        return None
    values = [_text(reader, file, node.value, key, node) for key in PACK_FIELDS]
    if None in values:
        return None
    return PackInfo(*values)


def _read_topics(reader: _Reader, root: Path) -> dict[str, Topic]:
    path = root / "topics.yaml"
    node = reader.load(path)
    file = reader.rel(path)
    topics: dict[str, Topic] = {}
    if node is None:
        return topics
    if not isinstance(node.value, list):
        reader.problem(file, node.line, "topics.yaml must be a list of topics")
        return topics

    def visit(items: list[_Node], parent: str | None) -> list[str]:
        ids = []
        for item in items:
            if not isinstance(item.value, dict):
                reader.problem(file, item.line, "a topic must be a mapping with id and title")
                continue
            fields = item.value
            for unknown in sorted(set(fields) - {"id", "title", "children"}):
                reader.problem(file, fields[unknown].line, f"unknown topic field '{unknown}'")
            topic_id = _text(reader, file, fields, "id", item)
            title = _text(reader, file, fields, "title", item)
            children_node = fields.get("children")
            children: list[str] = []
            if children_node is not None and children_node.value is not None:
                if isinstance(children_node.value, list):
                    children = visit(children_node.value, topic_id)
                else:
                    reader.problem(file, children_node.line, "'children' must be a list of topics")
            if topic_id is None or title is None:
                continue
            if not ID_RE.match(topic_id):
                reader.problem(file, fields["id"].line,
                               f"topic id '{topic_id}' must match [a-z0-9][a-z0-9-]*")
            if topic_id in topics:
                first = topics[topic_id].source
                reader.problem(file, fields["id"].line, f"duplicate topic id '{topic_id}' (first at {first})")
                continue
            topics[topic_id] = Topic(topic_id, title.strip(), parent, tuple(children),
                                     SourceRef(file, item.line))
            ids.append(topic_id)
        return ids

    visit(node.value, None)
    return topics


def _body_line(node: _Node, offset: int) -> int:
    """File line of line ``offset`` (1-based) of a body; block scalars start a line later."""
    first = node.line + 1 if node.style in ("|", ">") else node.line
    return first + offset - 1


def _read_articles(reader: _Reader, root: Path) -> list[tuple[Article, dict[str, _Node]]]:
    folder = root / "articles"
    found: list[tuple[Article, dict[str, _Node]]] = []
    if not folder.is_dir():
        reader.problem(reader.rel(folder), 0, "folder is missing")
        return found
    files = article_files(root)
    if not files:
        reader.problem(reader.rel(folder), 0, "no article files (*.yaml)")
    for path in files:
        file = reader.rel(path)
        node = reader.load(path)
        if node is None:
            continue
        if not isinstance(node.value, list):
            reader.problem(file, node.line, "an articles file must be a list of articles")
            continue
        for item in node.value:
            article = _read_article(reader, file, item)
            if article is not None:
                found.append((article, item.value))
    return found


def _read_article(reader: _Reader, file: str, item: _Node) -> Article | None:
    if not isinstance(item.value, dict):
        reader.problem(file, item.line, "an article must be a mapping (id, title, topic, body)")
        return None
    fields = item.value
    for unknown in sorted(set(fields) - ARTICLE_FIELDS):
        reader.problem(file, fields[unknown].line, f"unknown article field '{unknown}'")
    article_id = _text(reader, file, fields, "id", item)
    title = _text(reader, file, fields, "title", item)
    topic = _text(reader, file, fields, "topic", item)
    body = _text(reader, file, fields, "body", item)
    keywords = _string_list(reader, file, fields.get("keywords"), "keywords")
    related = _string_list(reader, file, fields.get("related"), "related")
    excerpt_node = fields.get("excerpt")
    excerpt = False
    if excerpt_node is not None:
        if isinstance(excerpt_node.value, bool):
            excerpt = excerpt_node.value
        else:
            reader.problem(file, excerpt_node.line, "'excerpt' must be true or false")
    if article_id is not None and not ID_RE.match(article_id):
        reader.problem(file, fields["id"].line, f"article id '{article_id}' must match [a-z0-9][a-z0-9-]*")
        return None
    if None in (article_id, title, topic, body):
        return None
    return Article(article_id, title.strip(), topic.strip(), body, keywords, excerpt, related,
                   SourceRef(file, item.line))


def _read_synonyms(reader: _Reader, root: Path) -> tuple[tuple[str, ...], ...]:
    path = root / "synonyms.yaml"
    node = reader.load(path, required=False)
    if node is None:
        return ()
    file = reader.rel(path)
    if not isinstance(node.value, list):
        reader.problem(file, node.line, "synonyms.yaml must be a list of groups (lists of terms)")
        return ()
    groups = []
    for group in node.value:
        terms = _string_list(reader, file, group, "synonym group")
        if isinstance(group.value, list) and len(terms) < 2:
            reader.problem(file, group.line, "a synonym group needs at least two terms")
        elif len(terms) >= 2:
            groups.append(terms)
    return tuple(groups)


def _cross_check(reader: _Reader, topics: dict[str, Topic],
                 found: list[tuple[Article, dict[str, _Node]]]) -> dict[str, Article]:
    """Checks that need the whole pack: duplicate ids, unknown topics, dangling references."""
    articles: dict[str, Article] = {}
    for article, fields in found:
        if article.id in articles:
            first = articles[article.id].source
            reader.problem(article.source.file, fields["id"].line,
                           f"duplicate article id '{article.id}' (first at {first})")
            continue
        articles[article.id] = article
    for article, fields in found:
        if articles.get(article.id) is not article:
            continue
        file = article.source.file
        if topics and article.topic not in topics:  # no topics at all was reported already
            reader.problem(file, fields["topic"].line, f"unknown topic '{article.topic}'")
        related_node = fields.get("related")
        for index, target in enumerate(article.related):
            line = related_node.value[index].line if related_node else article.source.line
            if target not in articles:
                reader.problem(file, line, f"related article '{target}' does not exist")
            elif target == article.id:
                reader.problem(file, line, "an article cannot be related to itself")
        for target, offset in markdown.links(article.body):
            if target.startswith("article:") and target[len("article:"):] not in articles:
                reader.problem(file, _body_line(fields["body"], offset),
                               f"link to missing article '{target[len('article:'):]}'")
    return articles


def read_pack(root: str | Path) -> tuple[Pack | None, list[Problem]]:
    """Read a pack, returning what could be read and every problem found."""
    root = Path(root)
    reader = _Reader(root)
    if not root.is_dir():
        reader.problem(root.as_posix(), 0, "content pack folder does not exist")
        return None, reader.problems
    info = _read_info(reader, root)
    topics = _read_topics(reader, root)
    found = _read_articles(reader, root)
    synonyms = _read_synonyms(reader, root)
    articles = _cross_check(reader, topics, found)
    if found and not articles:
        reader.problem(reader.rel(root / "articles"), 0, "no usable articles")
    if info is None:
        return None, reader.problems
    articles = {k: a for k, a in articles.items() if a.topic in topics}
    return Pack(info, topics, articles, synonyms), reader.problems


def load_pack(root: str | Path) -> Pack:
    """The pack at ``root``; raises :class:`PackError` listing every problem if it has any."""
    pack, problems = read_pack(root)
    if problems or pack is None:
        raise PackError(problems)
    return pack


def article_files(root: Path) -> list[Path]:
    folder = root / "articles"
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def pack_files(root: str | Path) -> list[Path]:
    """The files that make up a pack, in a stable order (what its fingerprint covers)."""
    root = Path(root)
    names = [root / "pack.yaml", root / "topics.yaml", root / "synonyms.yaml", *article_files(root)]
    return [p for p in names if p.is_file()]


def pack_fingerprint(root: str | Path) -> str:
    """SHA-256 over the pack's file names and bytes: changes whenever the content does."""
    root = Path(root)
    digest = sha256()
    for path in pack_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(sha256(path.read_bytes()).digest())
    return digest.hexdigest()
