"""The content model: plain, immutable data shared by every layer (no Qt, no I/O)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a piece of content came from, so problems can be reported as file:line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class PackInfo:
    name: str
    title: str
    version: str
    language: str = "zh-CN"


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    parent: str | None = None
    children: tuple[str, ...] = ()
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: str
    topic: str
    body: str  # Markdown
    keywords: tuple[str, ...] = ()
    excerpt: bool = False  # the source text was cut off
    related: tuple[str, ...] = ()
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Pack:
    """A loaded content pack. Topics and articles keep the order they have in the files."""

    info: PackInfo
    topics: dict[str, Topic]
    articles: dict[str, Article]
    synonyms: tuple[tuple[str, ...], ...] = ()

    def topic_path(self, topic_id: str) -> list[Topic]:
        """The chain of topics from the root down to ``topic_id`` (empty if unknown)."""
        path: list[Topic] = []
        seen: set[str] = set()
        current = self.topics.get(topic_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            path.append(current)
            current = self.topics.get(current.parent) if current.parent else None
        return path[::-1]

    def topic_path_titles(self, topic_id: str) -> list[str]:
        return [t.title for t in self.topic_path(topic_id)]

    def root_topics(self) -> list[Topic]:
        return [t for t in self.topics.values() if t.parent is None]

    def articles_in(self, topic_id: str) -> list[Article]:
        return [a for a in self.articles.values() if a.topic == topic_id]
