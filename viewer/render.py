"""Article -> HTML for QTextBrowser, and plain text for pasting (no Qt imports).

QTextBrowser understands a subset of HTML4/CSS2, so boxes are tables with
tinted cells (a narrow first cell draws the left bar) and styling uses classes
from one ``<style>`` block.  Everything that comes from content goes through
``html.escape``; only links to ``article:``, http(s) and mailto become anchors.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Sequence

from viewer.textfold import normalize
from viewer.markdown import (
    Block,
    Code,
    Emphasis,
    Heading,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Text,
    article_id,
    inline_text,
    is_external,
    is_internal,
    is_mailto,
    parse,
    to_plain_text,
)
from viewer.model import Article

__all__ = ["render_article", "render_fragment_html", "render_plain", "EXCERPT_NOTICE", "EXTERNAL_LINK_TOOLTIP"]

EXCERPT_NOTICE = "节选：原始资料在此处不完整，以下内容可能缺少开头或结尾。"
EXTERNAL_LINK_TOOLTIP = "需要网络连接"
RELATED_HEADING = "相关问题"
BREADCRUMB_SEPARATOR = " › "
CALLOUT_HEADINGS = frozenset({"注意事项", "注意", "说明", "须知"})
PREREQUISITE_HEADINGS = frozenset({"前提条件"})

_QUOTED_RE = re.compile(r"“[^“”]*”")
_UI_PATH_SEPARATORS = (">", "＞")


# --------------------------------------------------------------------------- palettes


@dataclass(frozen=True)
class _Palette:
    text: str
    background: str
    muted: str
    link: str
    hit_text: str
    hit_background: str
    uipath_text: str
    uipath_background: str
    code_background: str
    callout_background: str
    callout_bar: str
    prerequisite_background: str
    prerequisite_bar: str
    notice_background: str
    notice_bar: str


_LIGHT = _Palette(
    text="#1f2328", background="#ffffff", muted="#59636e", link="#0b57d0",
    hit_text="#000000", hit_background="#ffd54f",
    uipath_text="#1f2328", uipath_background="#e8edf3", code_background="#f0f2f4",
    callout_background="#fff4e5", callout_bar="#e8912d",
    prerequisite_background="#f1f6fd", prerequisite_bar="#8fb8ea",
    notice_background="#fff8c5", notice_bar="#d4a72c",
)
_DARK = _Palette(
    text="#e3e5e8", background="#1e1f22", muted="#a4a9b0", link="#8ab4f8",
    hit_text="#000000", hit_background="#e6b422",
    uipath_text="#f0f3f6", uipath_background="#343a42", code_background="#2b2f35",
    callout_background="#3a2d1a", callout_bar="#f0a040",
    prerequisite_background="#1d2a38", prerequisite_bar="#5f8fc7",
    notice_background="#37331b", notice_bar="#c9a227",
)


def _style(p: _Palette) -> str:
    """One stylesheet per palette; only properties QTextBrowser honours."""
    return f"""
body {{ color: {p.text}; background-color: {p.background}; }}
p.crumbs {{ color: {p.muted}; margin-bottom: 0; }}
h1 {{ font-size: x-large; margin-top: 4px; }}
a {{ color: {p.link}; }}
code {{ font-family: monospace; background-color: {p.code_background}; }}
span.hit {{ color: {p.hit_text}; background-color: {p.hit_background}; }}
span.uipath {{ color: {p.uipath_text}; background-color: {p.uipath_background}; font-weight: bold; }}
table.box {{ margin-top: 8px; margin-bottom: 8px; }}
td.box-body {{ padding: 6px 10px; }}
td.callout-bar {{ background-color: {p.callout_bar}; }}
td.callout-body {{ background-color: {p.callout_background}; }}
td.prerequisite-bar {{ background-color: {p.prerequisite_bar}; }}
td.prerequisite-body {{ background-color: {p.prerequisite_background}; }}
td.notice-bar {{ background-color: {p.notice_bar}; }}
td.notice-body {{ background-color: {p.notice_background}; }}
.box-title {{ margin-top: 0; }}
"""


# --------------------------------------------------------------------------- highlighting


class _Highlighter:
    """Escapes visible text and marks search hits, numbering them in document order."""

    def __init__(self, terms: Sequence[str]) -> None:
        folded = {normalize(term).strip() for term in terms} - {""}
        # Longest first: the regex takes the first alternative that matches at a position.
        alternatives = sorted(folded, key=lambda t: (-len(t), t))
        self._pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None
        self.count = 0

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return html.escape(text)
        parts: list[str] = []
        done = 0
        for match in self._pattern.finditer(normalize(text)):  # same length as text
            start, end = match.span()
            parts.append(html.escape(text[done:start]))
            parts.append(f'<a name="hit-{self.count}"></a><span class="hit">{html.escape(text[start:end])}</span>')
            self.count += 1
            done = end
        parts.append(html.escape(text[done:]))
        return "".join(parts)


# --------------------------------------------------------------------------- inlines


def _text_html(text: str, hl: _Highlighter) -> str:
    """Text with UI paths (“A > B”) set off; the quotes and wording stay as written."""
    parts: list[str] = []
    done = 0
    for match in _QUOTED_RE.finditer(text):
        if any(sep in match.group() for sep in _UI_PATH_SEPARATORS):
            parts.append(hl(text[done : match.start()]))
            parts.append(f'<span class="uipath">{hl(match.group())}</span>')
            done = match.end()
    parts.append(hl(text[done:]))
    return "".join(parts)


def _inlines_html(inlines: tuple[Inline, ...], hl: _Highlighter) -> str:
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(_text_html(node.s, hl))
        elif isinstance(node, Code):
            parts.append(f"<code>{hl(node.s)}</code>")
        elif isinstance(node, Emphasis):
            parts.append(f"<em>{_inlines_html(node.children, hl)}</em>")
        elif isinstance(node, Strong):
            parts.append(f"<strong>{_inlines_html(node.children, hl)}</strong>")
        else:
            parts.append(_link_html(node, hl))
    return "".join(parts)


def _link_html(link: Link, hl: _Highlighter) -> str:
    """Only article:, http(s) and mailto links become anchors; anything else is just its text."""
    label = _inlines_html(link.children, hl)
    if is_internal(link.target):
        return f'<a href="article:{html.escape(article_id(link.target))}">{label}</a>'
    if not is_external(link.target):
        return label
    tooltip = "" if is_mailto(link.target) else f' title="{EXTERNAL_LINK_TOOLTIP}"'
    return f'<a href="{html.escape(link.target)}"{tooltip}>{label}</a>'


# --------------------------------------------------------------------------- blocks


def _box(kind: str, inner: str) -> str:
    """A tinted one-row table whose narrow first cell is the coloured left bar."""
    return (
        f'<table class="box" width="100%" cellspacing="0" cellpadding="0" border="0"><tr>'
        f'<td class="{kind}-bar" width="4"></td>'
        f'<td class="box-body {kind}-body">{inner}</td></tr></table>'
    )


def _box_kind(block: Block) -> str | None:
    """Sections headed 注意事项/说明/须知 become callouts, 前提条件 a lighter box."""
    if not isinstance(block, Heading):
        return None
    title = inline_text(block.inlines).strip().rstrip(":：").strip()
    if title in CALLOUT_HEADINGS:
        return "callout"
    if title in PREREQUISITE_HEADINGS:
        return "prerequisite"
    return None


def _block_html(block: Block, hl: _Highlighter, top_level: int, css_class: str = "") -> str:
    attr = f' class="{css_class}"' if css_class else ""
    if isinstance(block, Heading):
        tag = f"h{block.level - top_level + 2}"  # the body's top headings sit right under <h1>
        return f"<{tag}{attr}>{_inlines_html(block.inlines, hl)}</{tag}>"
    if isinstance(block, Paragraph):
        return f"<p{attr}>{_inlines_html(block.inlines, hl)}</p>"
    return _list_html(block, hl)


def _list_html(block: ListBlock, hl: _Highlighter) -> str:
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = []
    for index, item in enumerate(block.items):
        sub = block.sublist(index)
        nested = _list_html(sub, hl) if sub is not None else ""
        items.append(f"<li>{_inlines_html(item, hl)}{nested}</li>")
    return f"<{tag}{start}>{''.join(items)}</{tag}>"


def _body_html(body: str, hl: _Highlighter) -> str:
    """Body blocks; a boxed section runs until the next heading of the same or higher level."""
    blocks = parse(body)
    top_level = min((b.level for b in blocks if isinstance(b, Heading)), default=1)
    parts: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        kind = _box_kind(block)
        if kind is None:
            parts.append(_block_html(block, hl, top_level))
            index += 1
            continue
        assert isinstance(block, Heading)
        end = index + 1
        while end < len(blocks) and not (isinstance(blocks[end], Heading) and blocks[end].level <= block.level):
            end += 1
        inner = [_block_html(block, hl, top_level, "box-title")]
        inner += [_block_html(b, hl, top_level) for b in blocks[index + 1 : end]]
        parts.append(_box(kind, "".join(inner)))
        index = end
    return "\n".join(parts)


# --------------------------------------------------------------------------- documents


def _document(title: str, palette: _Palette, content: str) -> str:
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f"<title>{html.escape(title)}</title><style>{_style(palette)}</style></head>"
        f"<body>\n{content}\n</body></html>"
    )


def render_article(
    article: Article,
    topic_path: list[str],
    *,
    highlight: Sequence[str] = (),
    dark: bool = False,
    pack_title: str = "",
    related: Sequence[tuple[str, str]] = (),
) -> str:
    """The full page shown in the viewer: breadcrumbs, title, excerpt notice, body, related.

    ``related`` is (article id, title) pairs, listed under the answer as in-app links.
    Hits of ``highlight`` in the title and body get ``<a name="hit-N">`` anchors,
    numbered from 0 in document order, so the UI can jump between them.
    """
    hl = _Highlighter(highlight)
    crumbs = [c for c in (pack_title, *topic_path) if c]
    parts = []
    if crumbs:
        parts.append(f'<p class="crumbs">{html.escape(BREADCRUMB_SEPARATOR.join(crumbs))}</p>')
    parts.append(f"<h1>{hl(article.title)}</h1>")
    if article.excerpt:
        parts.append(_box("notice", f"<p>{html.escape(EXCERPT_NOTICE)}</p>"))
    parts.append(_body_html(article.body, hl))
    if related:
        items = "".join(f'<li><a href="article:{html.escape(i, quote=True)}">{html.escape(t)}</a></li>'
                        for i, t in related)
        parts.append(f'<h2 class="related">{html.escape(RELATED_HEADING)}</h2><ul>{items}</ul>')
    return _document(article.title, _DARK if dark else _LIGHT, "\n".join(parts))


def render_fragment_html(article: Article) -> str:
    """Title and body only, light palette, no hits: rich text for the clipboard."""
    hl = _Highlighter(())
    content = f"<h1>{hl(article.title)}</h1>\n{_body_html(article.body, hl)}"
    return _document(article.title, _LIGHT, content)


def render_plain(article: Article) -> str:
    """Title, a blank line, then the body as plain text: for pasting into chats and mails."""
    return "\n\n".join(part for part in (article.title, to_plain_text(article.body)) if part)
