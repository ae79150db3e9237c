"""The application's services in one object, handed to every widget (FeelUOwn's ``App``).

Widgets get what they need from here instead of reaching for globals, so a test can hand them
a small fake. Nothing here imports Qt.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING
from pathlib import Path

from viewer import paths
from viewer.history import History
from viewer.model import Article, Pack

if TYPE_CHECKING:  # the search engine (and Whoosh) load on a worker thread, the bookmarks
    from viewer.bookmarks import BookmarkStore  # after the window's first paint
    from viewer.search import SearchEngine, SearchResult


class App:
    def __init__(self, pack: Pack, pack_dir: Path, index_dir: Path | None = None,
                 bookmarks: BookmarkStore | None = None):
        self.pack = pack
        self.pack_dir = Path(pack_dir)
        self.history = History()
        self._index_dir = index_dir
        self._engine: SearchEngine | None = None
        self._engine_lock = threading.Lock()
        self._bookmarks = bookmarks

    @classmethod
    def from_folder(cls, pack_dir: Path) -> App:
        from viewer.content import load_pack

        return cls(load_pack(pack_dir), pack_dir)

    @property
    def engine(self) -> SearchEngine:
        """Opened on first use, so the window shows before the index is touched."""
        return self.prepare_engine()

    def prepare_engine(self, **ensure_options) -> SearchEngine:
        """Open the search engine, building its index first if needed (``progress`` may cancel).

        Blocks; the GUI calls it on a worker thread at start-up and reads ``engine_ready``.
        """
        from viewer import allocator
        from viewer.search import open_engine

        with self._engine_lock:
            if self._engine is None:
                self._engine = open_engine(self.pack_dir, self.pack, self._index_dir, **ensure_options)
                allocator.hold_malloc_thresholds()  # searching starts now
            return self._engine

    @property
    def engine_ready(self) -> bool:
        return self._engine is not None

    @property
    def bookmarks(self) -> BookmarkStore:
        """The user's bookmarks, loaded on first use; titles of bookmarked articles that are in
        this pack are brought up to date, and the others keep the title they had."""
        if self._bookmarks is None:
            from viewer.bookmarks import BookmarkStore

            store = BookmarkStore(paths.bookmarks_path()).load()
            if store.read_only is None and len(store):
                store.set_titles({b.article: self.pack.articles[b.article].title
                                  for b in store.bookmarks() if b.article in self.pack.articles})
            self._bookmarks = store
        return self._bookmarks

    def in_pack(self, article_id: str) -> bool:
        return article_id in self.pack.articles

    def search(self, query: str, limit: int = 50, topic: str | None = None) -> SearchResult:
        return self.engine.search(query, limit, topic)

    def article(self, article_id: str) -> Article | None:
        return self.pack.articles.get(article_id)

    def related(self, article_id: str, limit: int = 5) -> list[Article]:
        """Explicit ``related`` ids first, then what the index finds most alike (once it is
        open: reading never waits for an index being built)."""
        article = self.pack.articles[article_id]
        chosen = [i for i in article.related if i in self.pack.articles]
        similar_ids = self._engine.more_like(article_id, limit + len(chosen)) if self._engine else []
        for similar in similar_ids:
            if similar not in chosen and similar != article_id:
                chosen.append(similar)
        return [self.pack.articles[i] for i in chosen[:limit]]

    def close(self) -> None:
        with self._engine_lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None
