"""A small, strict Markdown subset for article bodies (no Qt, no I/O).

Supported: paragraphs, ATX headings ``#``..``####``, ordered (``1.``/``1)``) and
unordered (``-``/``*``/``+``) lists with one level of nesting, ``*em*``/``_em_``,
``**strong**``, ```code```, ``[text](target)`` links and backslash escapes.
Everything else (raw HTML, tables, quotes, rules...) stays plain text, so content
can never smuggle markup into the viewer.  The parser never raises and runs in
roughly linear time, because content comes from many hands.

Deliberate differences from CommonMark, chosen for Chinese text:

* ``*``/``**`` open when followed by non-space and close when preceded by
  non-space, so ``这是**“费用中心”**页面`` works (CommonMark refuses it).
* ``_`` only works at word boundaries, so ``partner_id`` and CJK stay intact.
* A single newline between two wide (CJK) characters joins without a space.
* Link targets contain no whitespace, brackets, parentheses or ``<>``.
"""
from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Union

__all__ = [
    "Text", "Emphasis", "Strong", "Code", "Link", "Inline",
    "Heading", "Paragraph", "ListBlock", "Block",
    "parse", "links", "inline_text", "to_plain_text",
    "is_internal", "is_external", "is_mailto", "article_id",
]


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Text:
    s: str


@dataclass(frozen=True)
class Emphasis:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Strong:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Code:
    s: str


@dataclass(frozen=True)
class Link:
    """Any syntactically valid link; whether its target is allowed is the renderer's call."""

    target: str
    children: tuple["Inline", ...]
    line: int = field(default=0, compare=False)  # 1-based line in the body, for file:line reports


Inline = Union[Text, Emphasis, Strong, Code, Link]


@dataclass(frozen=True)
class Heading:
    level: int  # 1..4
    inlines: tuple[Inline, ...]
    line: int


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    line: int


@dataclass(frozen=True)
class ListBlock:
    """A list; ``sublists[i]`` is the nested list under item ``i`` (or None)."""

    ordered: bool
    start: int
    items: tuple[tuple[Inline, ...], ...]
    line: int
    sublists: tuple["ListBlock | None", ...] = ()

    def sublist(self, index: int) -> "ListBlock | None":
        return self.sublists[index] if index < len(self.sublists) else None


Block = Union[Heading, Paragraph, ListBlock]


# --------------------------------------------------------------------------- targets

_EXTERNAL_RE = re.compile(r"(?:https?://|mailto:)\S", re.IGNORECASE)
_ARTICLE_PREFIX = "article:"


def is_internal(target: str) -> bool:
    """``article:ID`` with a non-empty ID (lower-case prefix only, as the content checker sees it)."""
    return target.startswith(_ARTICLE_PREFIX) and len(target) > len(_ARTICLE_PREFIX)


def is_external(target: str) -> bool:
    """http(s) or mailto: the only schemes that may leave the viewer."""
    return _EXTERNAL_RE.match(target) is not None


def is_mailto(target: str) -> bool:
    return target[:7].lower() == "mailto:"


def article_id(target: str) -> str:
    """The ID of an ``article:ID`` target."""
    return target[len(_ARTICLE_PREFIX):]


# --------------------------------------------------------------------------- blocks

_HEADING_RE = re.compile(r"(#{1,4})(?:[ \t](.*))?$")
_ITEM_RE = re.compile(r"([-*+]|[0-9]{1,9}[.)])[ \t]+(\S.*)$")
_MAX_HEADING_INDENT = 3
_NEST_INDENT = 2  # an item indented this much more than its list is nested


def _indent(line: str) -> tuple[int, str]:
    """Leading indentation width (tabs to multiples of 4) and the rest of the line."""
    width = 0
    for i, ch in enumerate(line):
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            return width, line[i:]
    return width, ""


@dataclass
class _Item:
    lines: list[tuple[str, int]]
    children: "_List | None" = None


@dataclass
class _List:
    ordered: bool
    start: int
    indent: int
    line: int
    items: list[_Item] = field(default_factory=list)


def parse(text: str) -> list[Block]:
    """Parse a body into blocks; any string is valid input."""
    blocks: list[Block] = []
    para: list[tuple[str, int]] = []
    top: _List | None = None
    blank_before = False

    def flush_para() -> None:
        if para:
            blocks.append(Paragraph(_parse_inlines(para), para[0][1]))
            para.clear()

    def flush_list() -> None:
        nonlocal top
        if top is not None:
            blocks.append(_freeze_list(top))
            top = None

    for number, raw in enumerate(_lines(text), start=1):
        indent, rest = _indent(raw)
        if not rest.strip():
            flush_para()
            blank_before = True
            continue
        heading = _HEADING_RE.match(rest) if indent <= _MAX_HEADING_INDENT else None
        item = _ITEM_RE.match(rest)
        if heading:
            flush_para()
            flush_list()
            content = _strip_closing_hashes(heading.group(2) or "")
            blocks.append(Heading(len(heading.group(1)), _parse_inlines([(content, number)]), number))
        elif item:
            flush_para()
            marker, content = item.group(1), item.group(2)
            ordered = marker[-1] in ".)"
            start = int(marker[:-1]) if ordered else 1
            if top is not None and indent >= top.indent + _NEST_INDENT:
                parent = top.items[-1]
                if parent.children is None:  # deeper levels and mixed kinds join this one level
                    parent.children = _List(ordered, start, indent, number)
                parent.children.items.append(_Item([(content, number)]))
            else:
                if top is None or top.ordered != ordered:
                    flush_list()
                    top = _List(ordered, start, indent, number)
                top.items.append(_Item([(content, number)]))
        elif top is not None and not blank_before:
            _last_item(top).lines.append((rest, number))  # lazy continuation of the item
        else:
            flush_list()
            para.append((rest, number))
        blank_before = False
    flush_para()
    flush_list()
    return blocks


def _lines(text: str) -> list[str]:
    """Split on any newline convention; NUL becomes U+FFFD as in CommonMark."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd").split("\n")


def _strip_closing_hashes(content: str) -> str:
    """``## 标题 ##`` -> ``标题``; a ``#`` glued to a word stays (``C#``)."""
    content = content.strip()
    bare = content.rstrip("#")
    if bare != content and (not bare or bare[-1] in " \t"):
        return bare.rstrip()
    return content


def _last_item(top: _List) -> _Item:
    """The item a lazy continuation line belongs to: the most recent one, nested or not."""
    item = top.items[-1]
    return item.children.items[-1] if item.children else item


def _freeze_list(lst: _List) -> ListBlock:
    return ListBlock(
        lst.ordered,
        lst.start,
        tuple(_parse_inlines(item.lines) for item in lst.items),
        lst.line,
        tuple(_freeze_list(item.children) if item.children else None for item in lst.items),
    )


# --------------------------------------------------------------------------- inlines

_SPECIAL_RE = re.compile(r"[\\`*_\[\]]")
_BACKTICKS_RE = re.compile(r"`+")
_TARGET_RE = re.compile(r"\(([^\s()\[\]<>\x00-\x1f\x7f]+)\)")
_ASCII_PUNCT = frozenset(string.punctuation)
_MAX_NESTING = 16  # deeper emphasis is kept as literal markers, so consumers can recurse safely


class _Delim:
    """A run of ``*`` or ``_`` that may still become emphasis."""

    __slots__ = ("char", "count", "can_open", "can_close")

    def __init__(self, char: str, count: int, before: str, after: str) -> None:
        self.char = char
        self.count = count
        if char == "*":
            self.can_open = not after.isspace()
            self.can_close = not before.isspace()
        else:  # "_" only at word boundaries: snake_case and CJK text stay literal
            self.can_open = not after.isspace() and not before.isalnum()
            self.can_close = not before.isspace() and not after.isalnum()


@dataclass
class _Open:
    pos: int


@dataclass
class _Close:
    target: str | None  # set when ``](target)`` follows
    raw: str
    pos: int


_Token = Union[Text, Code, _Delim, _Open, _Close]


def _wide(ch: str) -> bool:
    """CJK characters and CJK-style punctuation (including the ambiguous “ ” quotes)."""
    width = unicodedata.east_asian_width(ch)
    return width in ("W", "F") or (width == "A" and unicodedata.category(ch).startswith("P"))


def _join(lines: list[tuple[str, int]]) -> tuple[str, list[int], list[int]]:
    """Join a block's lines (soft breaks) and remember where each source line starts."""
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    pos = 0
    for raw, number in lines:
        piece = raw.strip()
        if parts and piece and parts[-1] and not (_wide(parts[-1][-1]) and _wide(piece[0])):
            parts.append(" ")
            pos += 1
        starts.append(pos)
        numbers.append(number)
        parts.append(piece)
        pos += len(piece)
    return "".join(parts), starts, numbers


def _parse_inlines(lines: list[tuple[str, int]]) -> tuple[Inline, ...]:
    """Inline content of one block: code spans and escapes, then links, then emphasis."""
    text, starts, numbers = _join(lines)
    tokens = _tokenize(text)
    pairs = _match_brackets(tokens)
    items: list[Text | Code | Link | _Delim] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if isinstance(token, _Open) and i in pairs:
            close = tokens[pairs[i]]
            assert isinstance(close, _Close) and close.target is not None
            children = _emphasis([_literal(t) for t in tokens[i + 1 : pairs[i]]]) or (Text(close.target),)
            items.append(Link(close.target, children, numbers[bisect_right(starts, token.pos) - 1]))
            i = pairs[i] + 1
        else:
            items.append(_literal(token))
            i += 1
    return _emphasis(items)


def _tokenize(s: str) -> list[_Token]:
    """One left-to-right pass; code spans and escapes are resolved here because they bind tightest."""
    runs: dict[int, list[int]] = {}
    for m in _BACKTICKS_RE.finditer(s):
        runs.setdefault(m.end() - m.start(), []).append(m.start())
    tokens: list[_Token] = []
    i, n = 0, len(s)
    while i < n:
        m = _SPECIAL_RE.search(s, i)
        j = m.start() if m else n
        if j > i:
            tokens.append(Text(s[i:j]))
        if m is None:
            break
        ch = s[j]
        if ch == "\\":
            escaped = j + 1 < n and s[j + 1] in _ASCII_PUNCT
            tokens.append(Text(s[j + 1] if escaped else "\\"))
            i = j + 2 if escaped else j + 1
        elif ch == "`":
            k = _run_end(s, j)
            close = _next_run(runs.get(k - j, []), k)
            tokens.append(Text(s[j:k]) if close is None else Code(_code_content(s[k:close])))
            i = k if close is None else close + (k - j)
        elif ch in "*_":
            k = _run_end(s, j)
            tokens.append(_Delim(ch, k - j, s[j - 1] if j else " ", s[k] if k < n else " "))
            i = k
        elif ch == "[":
            tokens.append(_Open(j))
            i = j + 1
        else:
            target = _TARGET_RE.match(s, j + 1)
            end = target.end() if target else j + 1
            tokens.append(_Close(target.group(1) if target else None, s[j:end], j))
            i = end
    return tokens


def _run_end(s: str, i: int) -> int:
    ch, n = s[i], len(s)
    while i < n and s[i] == ch:
        i += 1
    return i


def _next_run(starts: list[int], after: int) -> int | None:
    """Start of the first backtick run of the same length at or after ``after``."""
    k = bisect_left(starts, after)
    return starts[k] if k < len(starts) else None


def _code_content(s: str) -> str:
    if len(s) >= 2 and s[0] == " " and s[-1] == " " and s.strip(" "):
        return s[1:-1]
    return s


def _match_brackets(tokens: list[_Token]) -> dict[int, int]:
    """Pair ``[`` with ``](target)``; links never nest, so a link disables earlier openers."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if isinstance(token, _Open):
            stack.append(index)
        elif isinstance(token, _Close) and stack:
            opener = stack.pop()
            if token.target is not None:
                pairs[opener] = index
                stack.clear()
    return pairs


def _literal(token: _Token) -> Text | Code | _Delim:
    """Brackets that did not become a link are just text."""
    if isinstance(token, _Open):
        return Text("[")
    if isinstance(token, _Close):
        return Text(token.raw)
    return token


def _emphasis(items: list[Text | Code | Link | _Delim]) -> tuple[Inline, ...]:
    """Match delimiter runs (CommonMark's stack algorithm, without the rule of three)."""
    out: list[Inline | _Delim] = []
    openers: list[int] = []  # indexes into ``out``
    bottom = {"*": 0, "_": 0}  # openers below this index are known not to match
    depth: dict[int, int] = {}
    for item in items:
        if not isinstance(item, _Delim):
            out.append(item)
            continue
        while item.can_close and item.count:
            k = _find_opener(out, openers, bottom[item.char], item.char)
            if k is None:
                bottom[item.char] = len(openers)
                break
            pos = openers[k]
            opener = out[pos]
            assert isinstance(opener, _Delim)
            use = 2 if item.count >= 2 and opener.count >= 2 else 1
            children = _finish(out[pos + 1 :])
            opener.count -= use
            item.count -= use
            del openers[k + (opener.count > 0) :]
            del out[pos + (opener.count > 0) :]
            for char in bottom:
                bottom[char] = min(bottom[char], len(openers))
            level = 1 + max((depth.get(id(c), 0) for c in children), default=0)
            if level > _MAX_NESTING:
                marker = Text(item.char * use)
                out.extend((marker, *children, marker))
            else:
                node = (Strong if use == 2 else Emphasis)(children)
                depth[id(node)] = level
                out.append(node)
        if item.count and item.can_open:
            openers.append(len(out))
            out.append(item)
        elif item.count:
            out.append(Text(item.char * item.count))
    return _finish(out)


def _find_opener(out: list[Inline | _Delim], openers: list[int], bottom: int, char: str) -> int | None:
    for k in range(len(openers) - 1, bottom - 1, -1):
        opener = out[openers[k]]
        if isinstance(opener, _Delim) and opener.char == char:
            return k
    return None


def _finish(nodes: list[Inline | _Delim]) -> tuple[Inline, ...]:
    """Unmatched delimiters become text; adjacent texts merge."""
    result: list[Inline] = []
    for node in nodes:
        if isinstance(node, _Delim):
            node = Text(node.char * node.count)
        if isinstance(node, Text):
            if not node.s:
                continue
            if result and isinstance(result[-1], Text):
                node = Text(result[-1].s + node.s)
                result.pop()
        result.append(node)
    return tuple(result)


# --------------------------------------------------------------------------- queries


def _walk_inlines(inlines: tuple[Inline, ...]):
    for node in inlines:
        yield node
        if isinstance(node, (Emphasis, Strong, Link)):
            yield from _walk_inlines(node.children)


def _block_inlines(blocks: list[Block]):
    """Every inline sequence in document order, nested list items included."""
    for block in blocks:
        if isinstance(block, ListBlock):
            for index, item in enumerate(block.items):
                yield item
                sub = block.sublist(index)
                if sub is not None:
                    yield from _block_inlines([sub])
        else:
            yield block.inlines


def links(text: str) -> list[tuple[str, int]]:
    """Every link target (allowed or not, for the content checker) with its 1-based body line."""
    return [
        (node.target, node.line)
        for inlines in _block_inlines(parse(text))
        for node in _walk_inlines(inlines)
        if isinstance(node, Link)
    ]


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """The visible text of inlines, without markup or link targets."""
    return "".join(node.s for node in _walk_inlines(inlines) if isinstance(node, (Text, Code)))


# --------------------------------------------------------------------------- plain text


def to_plain_text(text: str) -> str:
    """What a customer should get when an answer is pasted as plain text."""
    blocks = parse(text)
    chunks: list[str] = []
    for index, block in enumerate(blocks):
        if index:  # a heading stays glued to its section; other blocks get a blank line
            chunks.append("\n" if isinstance(blocks[index - 1], Heading) else "\n\n")
        chunks.append(_plain_block(block))
    return "".join(chunks)


def _plain_block(block: Block, indent: str = "") -> str:
    if not isinstance(block, ListBlock):
        return _plain_inlines(block.inlines)
    lines = []
    for index, item in enumerate(block.items):
        marker = f"{block.start + index}." if block.ordered else "•"
        lines.append(f"{indent}{marker} {_plain_inlines(item)}")
        sub = block.sublist(index)
        if sub is not None:
            lines.append(_plain_block(sub, indent + "   "))
    return "\n".join(lines)


def _plain_inlines(inlines: tuple[Inline, ...]) -> str:
    parts = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            parts.append(node.s)
        elif isinstance(node, Link):
            parts.append(_plain_link(node))
        else:
            parts.append(_plain_inlines(node.children))
    return "".join(parts)


def _plain_link(link: Link) -> str:
    """Internal and disallowed links show their text; external ones also their address."""
    label = _plain_inlines(link.children)
    if not is_external(link.target):
        return label
    address = link.target[len("mailto:"):] if is_mailto(link.target) else link.target
    return address if label in (address, link.target) else f"{label} ({address})"
