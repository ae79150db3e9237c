import textwrap

import pytest
import yaml

from conftest import REPO
from viewer.content import load_pack
from viewer.importtext import body_markdown, import_text, is_chrome, split_entry

SEED = REPO.parent / "shared" / "seed" / "partner-center-faq.txt"


def test_split_entry_finds_question_answer_and_parent():
    assert split_entry("是否只有Core Map 伙伴才有激励? 目前在Core Map名单中的伙伴才享有现金激励。 父主题: 机会点共享") == (
        "是否只有Core Map 伙伴才有激励?", "目前在Core Map名单中的伙伴才享有现金激励。", "机会点共享")
    assert split_entry("如何使用现金券 支付订单时,系统会自动获取。") == ("如何使用现金券", "支付订单时,系统会自动获取。", None)


@pytest.mark.parametrize("fragment", ["3)可参与合作伙伴共享机会点的激励计划。 父主题: 机会点共享",
                                      "面增加新桶的配置。 不同的伙伴不能共用同一个桶。",
                                      "节,与项目具体成交方式、交易途径没有明确关系。"])
def test_fragments_have_no_question(fragment):
    assert split_entry(fragment)[0] is None


def test_chrome_lines():
    assert is_chrome("检测到您已登录华为云国际站账号,建议您访问 https://www.huaweicloud.com/intl/zh-cn")
    assert is_chrome("不再显示此消息")
    assert not is_chrome("如何签署协议? 联系您的生态经理。 父主题: 一次性工程费用(NRE)")


def test_sections_become_headings_and_steps_a_numbered_list():
    body = body_markdown("伙伴可以切换。 操作步骤 登录华为云。 进入伙伴中心。 注意事项 一个订单只能使用一张。")
    assert body == ("伙伴可以切换。\n\n## 操作步骤\n\n1. 登录华为云。\n2. 进入伙伴中心。\n\n"
                    "## 注意事项\n\n一个订单只能使用一张。\n")


def test_importing_the_seed_gives_a_valid_pack_and_reports_fragments(tmp_path):
    if not SEED.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    report = import_text(SEED, tmp_path / "pack")
    assert report.chrome == [1, 2]
    assert report.entries == 20
    assert report.untitled == [11, 14, 16, 20]
    assert (13, 6) in report.same_title  # the two 如何使用代金券 entries
    pack = load_pack(tmp_path / "pack")
    assert len(pack.articles) == 20
    assert all(a.excerpt for a in pack.articles.values() if a.title.startswith("（待补标题）"))
    assert pack.articles["entry-003"].excerpt is False


def test_import_never_overwrites(tmp_path):
    source = tmp_path / "dump.txt"
    source.write_text("如何开票? 服务商需要向客户开票。 父主题: 开具发票\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        import_text(source, out)
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_bodies_are_written_as_blocks(tmp_path):
    source = tmp_path / "dump.txt"
    source.write_text("如何查看? 说明。 操作步骤 第一步。 第二步。 父主题: 优惠\n", encoding="utf-8")
    import_text(source, tmp_path / "out")
    text = (tmp_path / "out" / "articles" / "imported.yaml").read_text(encoding="utf-8")
    assert "body: |" in text
    assert yaml.safe_load(text)[0]["body"] == textwrap.dedent("""\
        说明。

        ## 操作步骤

        1. 第一步。
        2. 第二步。
        """)
