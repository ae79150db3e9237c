"""The Markdown subset: block and inline structure, link lines, plain text, robustness."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.markdown import (
    Code,
    Emphasis,
    Heading,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Text,
    inline_text,
    links,
    parse,
    to_plain_text,
)

EXAMPLE = """客户可以查看合作伙伴下发的代金券。

## 前提条件

合作伙伴已下发代金券。

## 操作步骤

1. 使用客户账号登录华为云。
2. 单击页面右上角账号下拉框中的“费用与成本”,进入费用中心。
3. 在左侧的导航栏中选择“优惠折扣 > 优惠券”,进入“优惠券”页面。

## 注意事项

一个订单只能使用一张代金券。
"""


def single(text: str):
    blocks = parse(text)
    assert len(blocks) == 1, blocks
    return blocks[0]


# --------------------------------------------------------------------------- blocks


def test_example_blocks_and_lines():
    blocks = parse(EXAMPLE)
    assert [type(b).__name__ for b in blocks] == [
        "Paragraph", "Heading", "Paragraph", "Heading", "ListBlock", "Heading", "Paragraph",
    ]
    assert [b.line for b in blocks] == [1, 3, 5, 7, 9, 13, 15]
    steps = blocks[4]
    assert isinstance(steps, ListBlock) and steps.ordered and steps.start == 1
    assert len(steps.items) == 3
    assert steps.items[0] == (Text("使用客户账号登录华为云。"),)


def test_heading_levels_and_closing_hashes():
    assert parse("# 一\n## 二 ##\n### 三\n#### 四") == [
        Heading(1, (Text("一"),), 1),
        Heading(2, (Text("二"),), 2),
        Heading(3, (Text("三"),), 3),
        Heading(4, (Text("四"),), 4),
    ]
    assert parse("# C#") == [Heading(1, (Text("C#"),), 1)]


def test_not_headings():
    assert single("##### 五级") == Paragraph((Text("##### 五级"),), 1)
    assert single("#话题") == Paragraph((Text("#话题"),), 1)
    assert single("    # 缩进太多") == Paragraph((Text("# 缩进太多"),), 1)


def test_paragraph_lines_join():
    # Between CJK characters a newline vanishes; between Latin words it becomes a space.
    assert single("第一行\n第二行") == Paragraph((Text("第一行第二行"),), 1)
    assert single("单击“确定”\n按钮") == Paragraph((Text("单击“确定”按钮"),), 1)
    assert single("first\nsecond") == Paragraph((Text("first second"),), 1)
    assert parse("甲\n\n\n乙") == [Paragraph((Text("甲"),), 1), Paragraph((Text("乙"),), 4)]


def test_crlf_and_cr_count_as_newlines():
    assert [b.line for b in parse("a\r\n\r\n# b\r\rc")] == [1, 3, 5]


def test_ordered_list_markers_and_start():
    block = single("3) 三\n4) 四")
    assert block == ListBlock(True, 3, ((Text("三"),), (Text("四"),)), 1, (None, None))


def test_unordered_list_markers():
    block = single("- 甲\n* 乙\n+ 丙")
    assert isinstance(block, ListBlock) and not block.ordered
    assert [inline_text(item) for item in block.items] == ["甲", "乙", "丙"]


def test_loose_list_stays_one_list_and_kind_change_splits():
    blocks = parse("1. 甲\n\n2. 乙\n- 丙")
    assert len(blocks) == 2
    assert [inline_text(i) for i in blocks[0].items] == ["甲", "乙"]
    assert not blocks[1].ordered


def test_list_item_lazy_continuation_and_interrupting_paragraph():
    blocks = parse("步骤如下：\n1. 登录\n   华为云\n2. 退出\n\n结束")
    assert isinstance(blocks[0], Paragraph) and isinstance(blocks[2], Paragraph)
    assert [inline_text(i) for i in blocks[1].items] == ["登录华为云", "退出"]
    assert blocks[1].line == 2 and blocks[2].line == 6


def test_paragraph_between_steps_keeps_numbering():
    blocks = parse("1. 甲\n\n说明文字\n\n2. 乙")
    assert [type(b) for b in blocks] == [ListBlock, Paragraph, ListBlock]
    assert blocks[2].start == 2


def test_nested_list_one_level():
    block = single("1. 登录\n   - 使用客户账号\n   - 或伙伴账号\n2. 退出")
    assert [inline_text(i) for i in block.items] == ["登录", "退出"]
    sub = block.sublist(0)
    assert sub is not None and not sub.ordered and sub.line == 2
    assert [inline_text(i) for i in sub.items] == ["使用客户账号", "或伙伴账号"]
    assert block.sublist(1) is None


def test_not_list_items():
    assert isinstance(single("1.5 倍返利"), Paragraph)
    assert isinstance(single("-5%"), Paragraph)
    assert isinstance(single("**粗体开头**"), Paragraph)


def test_raw_html_is_text():
    assert single("<b>x</b> <script>alert(1)</script>") == Paragraph(
        (Text("<b>x</b> <script>alert(1)</script>"),), 1
    )


# --------------------------------------------------------------------------- inlines


def test_emphasis_strong_and_nesting():
    assert single("*a **b** c*").inlines == (
        Emphasis((Text("a "), Strong((Text("b"),)), Text(" c"))),
    )
    assert single("_甲_ 和 __乙__").inlines == (
        Emphasis((Text("甲"),)), Text(" 和 "), Strong((Text("乙"),)),
    )
    assert single("***x***").inlines == (Emphasis((Strong((Text("x"),)),)),)


def test_strong_around_chinese_quotes():
    # CommonMark would refuse this; Chinese content needs it.
    assert single("单击**“费用中心”**页面").inlines == (
        Text("单击"), Strong((Text("“费用中心”"),)), Text("页面"),
    )


def test_underscore_inside_words_is_literal():
    assert single("partner_id 与 伙伴_编号_").inlines == (Text("partner_id 与 伙伴_编号_"),)


def test_unmatched_delimiters_are_text():
    assert single("a * b ** c *d").inlines == (Text("a * b ** c *d"),)


def test_code_span_is_literal():
    assert single("运行 `a *b* [c](d)` 即可").inlines == (
        Text("运行 "), Code("a *b* [c](d)"), Text(" 即可"),
    )
    assert single("`` a`b ``").inlines == (Code("a`b"),)
    assert single("`未闭合").inlines == (Text("`未闭合"),)


def test_backslash_escapes():
    assert single(r"\*不是强调\* \[不是链接](x) \\ \中").inlines == (
        Text(r"*不是强调* [不是链接](x) \ \中"),
    )


def test_links_internal_external_and_emphasis_inside():
    assert single("见[**代金券**](article:voucher-01)和[官网](https://example.com/a_b_c)").inlines == (
        Text("见"),
        Link("article:voucher-01", (Strong((Text("代金券"),)),)),
        Text("和"),
        Link("https://example.com/a_b_c", (Text("官网"),)),
    )


def test_invalid_link_syntax_is_text():
    assert single("[有空格](a b) [无目标] [括号](javascript:alert(1))").inlines == (
        Text("[有空格](a b) [无目标] [括号](javascript:alert(1))"),
    )


def test_links_do_not_nest():
    inlines = single("[外 [内](article:b) 外](article:a)").inlines
    assert inlines == (Text("[外 "), Link("article:b", (Text("内"),)), Text(" 外](article:a)"))


def test_empty_link_text_shows_target():
    assert single("[](article:x)").inlines == (Link("article:x", (Text("article:x"),)),)


def test_links_with_lines():
    body = "开头[甲](article:a)\n\n## [标题](https://x.example)\n\n1. 第一步\n   续行[乙](mailto:p@example.com)\n   - [丙](javascript:x)"
    assert links(body) == [
        ("article:a", 1),
        ("https://x.example", 3),
        ("mailto:p@example.com", 6),
        ("javascript:x", 7),
    ]


def test_link_line_inside_multiline_paragraph():
    assert links("第一行\n第二行[甲](article:a)\n第三行 [乙](article:b)") == [("article:a", 2), ("article:b", 3)]


# --------------------------------------------------------------------------- plain text


def test_plain_text_of_example():
    assert to_plain_text(EXAMPLE) == (
        "客户可以查看合作伙伴下发的代金券。\n"
        "\n"
        "前提条件\n"
        "合作伙伴已下发代金券。\n"
        "\n"
        "操作步骤\n"
        "1. 使用客户账号登录华为云。\n"
        "2. 单击页面右上角账号下拉框中的“费用与成本”,进入费用中心。\n"
        "3. 在左侧的导航栏中选择“优惠折扣 > 优惠券”,进入“优惠券”页面。\n"
        "\n"
        "注意事项\n"
        "一个订单只能使用一张代金券。"
    )


def test_plain_text_strips_markup_and_shows_external_urls_only():
    text = "**注意**：见[代金券](article:v)、[官网](https://example.com)、[https://a.example](https://a.example)、[邮件](mailto:p@example.com)、`code`、*斜体*、[坏](javascript:x)"
    assert to_plain_text(text) == (
        "注意：见代金券、官网 (https://example.com)、https://a.example、邮件 (p@example.com)、code、斜体、坏"
    )


def test_plain_text_lists():
    assert to_plain_text("3. 甲\n   - 子\n4. 乙\n\n- 丙") == "3. 甲\n   • 子\n4. 乙\n\n• 丙"


# --------------------------------------------------------------------------- robustness


def test_pathological_inputs_are_handled():
    text = "*[" * 5000
    blocks = parse(text)
    assert len(blocks) == 1
    assert to_plain_text(text).count("[") == 5000  # nothing lost, nothing became a link
    assert links(text) == []
    assert to_plain_text("`" * 10000) == "`" * 10000
    assert links("[" * 3000 + "](article:x)" * 3000) == [("article:x", 1)]


def test_deep_emphasis_nesting_is_capped():
    text = "*a " * 3000 + " a*" * 3000
    assert to_plain_text(text).count("a") == 6000


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_never_raises(text):
    for block in parse(text):
        assert block.line >= 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("*_`[]()\\#-1. \nab中“”>:/")))
def test_markup_heavy_text_never_raises(text):
    parse(text)
    to_plain_text(text)
    for target, line in links(text):
        assert 1 <= line <= text.count("\n") + 1
        assert target


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_plain_text_never_raises(text):
    assert isinstance(to_plain_text(text), str)
