"""Article rendering: structure, boxes, UI paths, links, escaping, highlighting, palettes."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer import render
from viewer.model import Article
from viewer.render import EXCERPT_NOTICE, render_article, render_fragment_html, render_plain

BODY = """客户可以查看合作伙伴下发的代金券。

## 前提条件

合作伙伴已下发代金券。

## 操作步骤

1. 使用客户账号登录华为云。
2. 单击页面右上角账号下拉框中的“费用与成本”,进入费用中心。
3. 在左侧的导航栏中选择“优惠折扣 > 优惠券”,进入“优惠券”页面。

## 注意事项

一个订单只能使用一张代金券。

### 补充

仅限本月。

## 相关

见[代金券](article:voucher-02)。
"""

HIT_RE = re.compile(r'<a name="hit-(\d+)"></a><span class="hit">(.*?)</span>')


def article(body: str = BODY, title: str = "客户如何查看代金券", **kwargs) -> Article:
    return Article(id="voucher-01", title=title, topic="vouchers", body=body, **kwargs)


def body_html(page: str) -> str:
    return page.split("<body>", 1)[1]


def hits(page: str) -> list[tuple[int, str]]:
    return [(int(n), text) for n, text in HIT_RE.findall(page)]


# --------------------------------------------------------------------------- structure


def test_breadcrumbs_title_and_document():
    page = render_article(article(), ["优惠券", "代金券"], pack_title="伙伴中心常见问题")
    assert page.startswith("<html>") and page.endswith("</html>")
    assert "<title>客户如何查看代金券</title>" in page
    crumbs = page.index('<p class="crumbs">伙伴中心常见问题 › 优惠券 › 代金券</p>')
    assert crumbs < page.index("<h1>客户如何查看代金券</h1>")


def test_no_breadcrumbs_without_path():
    assert 'class="crumbs"' not in render_article(article(), [])


def test_breadcrumbs_are_escaped():
    page = render_article(article(), ["<b>粗</b>"], pack_title="A&B")
    assert '<p class="crumbs">A&amp;B › &lt;b&gt;粗&lt;/b&gt;</p>' in page


def test_excerpt_notice_only_for_excerpts():
    assert EXCERPT_NOTICE in render_article(article(excerpt=True), [])
    assert EXCERPT_NOTICE not in render_article(article(), [])
    assert EXCERPT_NOTICE == "节选：原始资料在此处不完整，以下内容可能缺少开头或结尾。"


def test_steps_are_an_ordered_list_and_headings_sit_under_the_title():
    page = body_html(render_article(article(), []))
    assert "<ol><li>使用客户账号登录华为云。</li><li>" in page
    assert "<h2>操作步骤</h2>" in page  # "##" is the body's top level, so it becomes <h2>
    assert "<h3>补充</h3>" in page


def test_ordered_list_keeps_its_start_and_nesting():
    page = body_html(render_article(article("3. 三\n   - 子项\n4. 四"), []))
    assert '<ol start="3"><li>三<ul><li>子项</li></ul></li><li>四</li></ol>' in page


def test_inline_markup():
    page = body_html(render_article(article("**粗** *斜* `a<b`"), []))
    assert "<p><strong>粗</strong> <em>斜</em> <code>a&lt;b</code></p>" in page


# --------------------------------------------------------------------------- boxes


def boxes(page: str) -> list[tuple[str, str]]:
    """(kind, inner html) of every box table."""
    return re.findall(r'<td class="box-body (\w+)-body">(.*?)</td></tr></table>', page, re.S)


def test_notice_section_is_a_callout_up_to_the_next_heading_of_its_level():
    found = dict(boxes(render_article(article(), [])))
    callout = found["callout"]
    assert callout.startswith('<h2 class="box-title">注意事项</h2>')
    assert "一个订单只能使用一张代金券。" in callout
    assert "<h3>补充</h3><p>仅限本月。</p>" in callout  # a lower heading stays inside
    assert "相关" not in callout and "article:voucher-02" not in callout


def test_prerequisites_get_the_lighter_box():
    found = dict(boxes(render_article(article(), [])))
    assert found["prerequisite"] == '<h2 class="box-title">前提条件</h2><p>合作伙伴已下发代金券。</p>'


@pytest.mark.parametrize("heading", ["说明", "须知", "注意事项：", "注意"])
def test_other_callout_headings(heading):
    found = boxes(render_article(article(f"正文\n\n## {heading}\n\n内容\n\n## 下一节\n\n尾巴"), []))
    assert len(found) == 1 and found[0][0] == "callout"
    assert "内容" in found[0][1] and "尾巴" not in found[0][1]


def test_ordinary_sections_are_not_boxed():
    assert boxes(render_article(article("## 操作步骤\n\n1. 登录"), [])) == []


def test_callout_colours_come_from_the_palette():
    page = render_article(article(), [])
    assert f"td.callout-body {{ background-color: {render._LIGHT.callout_background}; }}" in page
    assert '<td class="callout-bar" width="4"></td>' in page


# --------------------------------------------------------------------------- UI paths


def test_ui_paths_are_set_off_and_keep_their_text():
    page = body_html(render_article(article(), []))
    assert '<span class="uipath">“优惠折扣 &gt; 优惠券”</span>' in page
    # Quotes without a path separator are ordinary text.
    assert "“费用与成本”" in page and '<span class="uipath">“费用与成本”' not in page
    assert '<span class="uipath">“优惠券”' not in page


def test_ui_path_with_full_width_separator_and_several_per_line():
    page = body_html(render_article(article("进入“销售＞激励＞业绩管理”，再进入“伙伴中心 > 客户”。"), []))
    assert page.count('<span class="uipath">') == 2
    assert '<span class="uipath">“销售＞激励＞业绩管理”</span>' in page


# --------------------------------------------------------------------------- links


def test_internal_and_external_links():
    page = body_html(render_article(article("[甲](article:a-1) [官网](https://www.huaweicloud.com/x?a=1&b=2) [信](mailto:p@example.com)"), []))
    assert '<a href="article:a-1">甲</a>' in page
    assert '<a href="https://www.huaweicloud.com/x?a=1&amp;b=2" title="需要网络连接">官网</a>' in page
    assert '<a href="mailto:p@example.com">信</a>' in page


@pytest.mark.parametrize("target", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "Article:x", "ftp://h/x"])
def test_links_with_other_targets_are_plain_text(target):
    page = body_html(render_article(article(f"[点我]({target})"), []))
    assert "<a " not in page
    assert "点我" in page


# --------------------------------------------------------------------------- escaping

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a> &amp;'


def test_hostile_body_and_title_show_as_text():
    page = render_article(article(HOSTILE + "\n\n- " + HOSTILE, title=HOSTILE), [HOSTILE], pack_title=HOSTILE)
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    tags = re.findall(r"<[^>]*>", page)  # content has no raw "<", so these are all ours
    assert not any("javascript" in tag.lower() or "href" in tag or "onerror" in tag for tag in tags)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    assert "&lt;a href=&quot;javascript:alert(3)&quot;&gt;x&lt;/a&gt;" in page
    assert "&amp;amp;" in page


def test_only_allowed_hrefs_in_any_output():
    page = render_article(article("[a](article:x) [b](https://h) [c](javascript:y) [d](vbscript:z)"), [])
    assert re.findall(r'href="([^"]*)"', page) == ["article:x", "https://h"]


# --------------------------------------------------------------------------- highlighting


def test_three_occurrences_give_three_numbered_anchors():
    page = render_article(article("券 券，券", title="无"), [], highlight=["券"])
    assert hits(page) == [(0, "券"), (1, "券"), (2, "券")]
    assert page.count('<span class="hit">') == 3 and 'name="hit-3"' not in page


def test_hits_are_numbered_in_document_order_across_blocks():
    page = render_article(article(), [], highlight=["代金券"])
    assert hits(page) == [(n, "代金券") for n in range(5)]  # title, three paragraphs, a link text
    positions = [page.index(f'<a name="hit-{n}">') for n in range(5)]
    assert positions == sorted(positions)


def test_title_hits_come_first():
    page = render_article(article(), [], highlight=["代金券"])
    first = page.index('<a name="hit-0">')
    assert page.index("<h1>") < first < page.index("</h1>")


def test_highlight_is_case_insensitive_and_keeps_original_text():
    page = render_article(article("Partner 和 PARTNER 与 partner", title="无"), [], highlight=["pArTnEr"])
    assert [text for _, text in hits(page)] == ["Partner", "PARTNER", "partner"]


def test_full_width_and_half_width_match_both_ways():
    page = render_article(article("ＮＲＥ费用，即 NRE。", title="无"), [], highlight=["nre"])
    assert [text for _, text in hits(page)] == ["ＮＲＥ", "NRE"]
    page = render_article(article("NRE 费用", title="无"), [], highlight=["ＮＲＥ"])
    assert [text for _, text in hits(page)] == ["NRE"]


def test_overlapping_terms_prefer_the_longest_and_never_nest():
    page = render_article(article("代金券和代金", title="无"), [], highlight=["代金", "代金券", "金券"])
    assert [text for _, text in hits(page)] == ["代金券", "代金"]
    assert '<span class="hit"><a name' not in page and page.count('<span class="hit">') == 2


def test_no_highlight_inside_tags_attributes_or_entities():
    body = "见[代金券说明](article:voucher-hit) 和 a<b"
    page = render_article(article(body, title="无"), [], highlight=["voucher", "hit", "span", "lt", "class", "article"])
    assert hits(page) == []
    assert '<a href="article:voucher-hit">代金券说明</a>' in page


def test_hit_inside_link_text_leaves_href_alone():
    page = body_html(render_article(article("见[代金券说明](article:voucher)", title="无"), [], highlight=["代金券", "voucher"]))
    assert '<a href="article:voucher"><a name="hit-0"></a><span class="hit">代金券</span>说明</a>' in page
    assert len(hits(page)) == 1


def test_hits_in_ui_paths_code_and_escaped_text():
    page = render_article(article("选择“费用 > 代金券”，输入 `<b>` 后", title="无"), [], highlight=["代金券", "<b>"])
    assert '<span class="uipath">“费用 &gt; <a name="hit-0"></a><span class="hit">代金券</span>”</span>' in page
    assert '<code><a name="hit-1"></a><span class="hit">&lt;b&gt;</span></code>' in page


def test_blank_terms_are_ignored():
    page = render_article(article(), [], highlight=["", "  "])
    assert "hit-" not in page


# --------------------------------------------------------------------------- palettes


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("palette", [render._LIGHT, render._DARK], ids=["light", "dark"])
def test_palettes_are_readable(palette):
    pairs = [
        (palette.text, palette.background),
        (palette.muted, palette.background),
        (palette.link, palette.background),
        (palette.hit_text, palette.hit_background),
        (palette.uipath_text, palette.uipath_background),
        (palette.text, palette.code_background),
        (palette.text, palette.callout_background),
        (palette.link, palette.callout_background),
        (palette.text, palette.prerequisite_background),
        (palette.link, palette.prerequisite_background),
        (palette.text, palette.notice_background),
    ]
    for foreground, background in pairs:
        assert _contrast(foreground, background) >= 4.5, (foreground, background)


def test_dark_palette_differs_from_light():
    light = render_article(article(), [], highlight=["代金券"])
    dark = render_article(article(), [], highlight=["代金券"], dark=True)
    assert light != dark
    assert body_html(light) == body_html(dark)  # only the stylesheet changes
    assert f"background-color: {render._DARK.background}" in dark
    assert render._DARK.background not in light


# --------------------------------------------------------------------------- copy formats


def test_render_plain():
    text = render_plain(article())
    assert text.startswith("客户如何查看代金券\n\n客户可以查看合作伙伴下发的代金券。\n\n前提条件\n合作伙伴已下发代金券。")
    assert "1. 使用客户账号登录华为云。" in text
    assert "见代金券。" in text and "article:" not in text
    assert "#" not in text and "**" not in text
    assert render_plain(article("")) == "客户如何查看代金券"


def test_fragment_html_has_content_without_chrome():
    fragment = render_fragment_html(article(excerpt=True))
    assert "<h1>客户如何查看代金券</h1>" in fragment
    assert "<ol><li>" in fragment and 'class="callout-bar"' in fragment
    assert EXCERPT_NOTICE not in fragment and 'class="crumbs"' not in fragment and "hit-" not in fragment
    assert render._LIGHT.background in fragment


# --------------------------------------------------------------------------- Qt reads it as intended


@pytest.mark.gui
def test_qt_sees_hit_anchors_and_links(qapp):
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(render_article(article("见[代金券](article:v) 与代金券", title="代金券"), [], highlight=["代金券"]))
    names, hrefs = [], []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fmt = fragments.fragment().charFormat()
            names += fmt.anchorNames()
            if fmt.anchorHref():
                hrefs.append((fragments.fragment().text(), fmt.anchorHref()))
            fragments += 1
        block = block.next()
    assert names == ["hit-0", "hit-1", "hit-2"]
    assert {href for _, href in hrefs} == {"article:v"}
    assert "".join(text for text, _ in hrefs) == "代金券"


# --------------------------------------------------------------------------- robustness


def test_pathological_body_renders_every_character():
    page = render_article(article("*[" * 5000, title="t"), [], highlight=["["])
    assert len(hits(page)) == 5000
    assert "<a href" not in page


@settings(max_examples=200, deadline=None)
@given(body=st.text(), title=st.text(), terms=st.lists(st.text(max_size=5), max_size=3))
def test_render_never_raises_and_never_emits_markup_from_content(body, title, terms):
    page = render_article(article(body, title=title), [title], highlight=terms, pack_title=title)
    assert "<script" not in page.lower() and "<img" not in page.lower()
    for href in re.findall(r'href="([^"]*)"', page):
        assert re.match(r"article:.|(?i:https?://|mailto:)", href), href
    numbers = [int(n) for n in re.findall(r'<a name="hit-(\d+)">', page)]
    assert numbers == list(range(len(numbers)))
    render_plain(article(body, title=title))
    render_fragment_html(article(body, title=title))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("*_`[]()\\#-1. \n代金券“”>:/ahtps<&")), st.lists(st.sampled_from(["代金", "代金券", "a", "&", "<", "hit"]), max_size=3))
def test_render_markup_heavy_text(body, terms):
    page = render_article(article(body, title="t"), [], highlight=terms)
    visible = re.sub(r"<[^>]*>", "", body_html(page))
    assert "<" not in visible and ">" not in visible  # every angle bracket from content is escaped


def test_related_questions_are_listed_as_in_app_links_and_escaped():
    from viewer.model import Article
    from viewer.render import render_article

    article = Article("a", "标题", "t", "正文。")
    page = render_article(article, ["主题"], related=[("b", "如何<b>开票</b>?")])
    assert '<a href="article:b">如何&lt;b&gt;开票&lt;/b&gt;?</a>' in page
    assert "相关问题" in page
    assert "相关问题" not in render_article(article, ["主题"])


def test_highlight_uses_search_normalisation_traditional_and_width():
    from viewer.model import Article
    from viewer.render import render_article

    page = render_article(Article("a", "如何查看代金券", "t", "使用 NRE 协议。"), [],
                          highlight=["代金券", "ｎｒｅ"])
    assert page.count('class="hit"') == 2
    page = render_article(Article("a", "如何下載證書", "t", "x"), [], highlight=["下载证书"])
    assert '<span class="hit">下載證書</span>' in page
