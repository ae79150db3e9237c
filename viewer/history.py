"""Reading history: back/forward like a browser, and a most-recent-first list (no Qt)."""
from __future__ import annotations

RECENT_LIMIT = 15


class History:
    def __init__(self) -> None:
        self._trail: list[str] = []
        self._index = -1
        self._recent: list[str] = []

    @property
    def current(self) -> str | None:
        return self._trail[self._index] if self._index >= 0 else None

    def visit(self, article_id: str) -> None:
        """Open ``article_id``: drops the forward trail, as a browser does after a new link."""
        if article_id != self.current:
            del self._trail[self._index + 1 :]
            self._trail.append(article_id)
            self._index += 1
        self._recent = [article_id, *(i for i in self._recent if i != article_id)][:RECENT_LIMIT]

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._trail) - 1

    def back(self) -> str | None:
        if not self.can_go_back():
            return None
        self._index -= 1
        return self.current

    def forward(self) -> str | None:
        if not self.can_go_forward():
            return None
        self._index += 1
        return self.current

    def recent(self) -> list[str]:
        return list(self._recent)

    def forget_missing(self, known: set[str]) -> None:
        """Drop ids that are no longer in the pack (after a content update)."""
        self._recent = [i for i in self._recent if i in known]
        current = self.current
        self._trail = [i for i in self._trail if i in known]
        self._index = self._trail.index(current) if current in self._trail else len(self._trail) - 1
