"""Installing content packs: validated first, unsafe archives refused, the old pack kept."""
import os
import shutil
import stat
import zipfile

import pytest

from conftest import BUNDLED_PACK
from viewer import paths
from viewer.packs import InstallError, active_pack_dir, install_pack, installed_packs, packs_dir, set_active


def bump_version(pack_dir, version="2.0.0"):
    meta = pack_dir / "pack.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"1.0.0"', f'"{version}"'), encoding="utf-8")


def zip_folder(folder, target, prefix=""):
    with zipfile.ZipFile(target, "w") as archive:
        for path in folder.rglob("*"):
            archive.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def test_installing_a_folder_makes_it_active(pack_copy):
    bump_version(pack_copy)
    assert active_pack_dir() == paths.bundled_pack_dir()
    installed = install_pack(pack_copy)
    assert installed.version == "2.0.0"
    assert active_pack_dir() == installed.folder
    assert installed.folder.parent == packs_dir()
    assert [p.version for p in installed_packs()] == ["2.0.0"]
    set_active(None)
    assert active_pack_dir() == paths.bundled_pack_dir()


def test_installing_a_zip_wrapped_in_a_folder(pack_copy, tmp_path):
    bump_version(pack_copy, "3.1.0")
    archive = zip_folder(pack_copy, tmp_path / "pack.zip", prefix="partner-faq/")
    assert install_pack(archive).version == "3.1.0"
    assert (active_pack_dir() / "articles").is_dir()


def test_an_invalid_pack_is_refused_and_the_old_one_stays(pack_copy):
    good = install_pack(pack_copy)
    broken = pack_copy.parent / "broken"
    shutil.copytree(pack_copy, broken)
    (broken / "articles" / "invoicing.yaml").write_text("- id: x\n  title: [\n", encoding="utf-8")
    with pytest.raises(InstallError) as refused:
        install_pack(broken)
    assert "articles/invoicing.yaml:" in str(refused.value)
    assert refused.value.problems
    assert active_pack_dir() == good.folder
    assert not [p for p in packs_dir().iterdir() if p.name.startswith(".installing")]


@pytest.mark.parametrize("name", ["../evil.yaml", "/etc/evil.yaml", "a/../../evil.yaml", "C:/evil.yaml"])
def test_zip_entries_outside_the_folder_are_refused(tmp_path, name):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("pack.yaml", "name: x\n")
        out.writestr(name, "boom")
    with pytest.raises(InstallError, match="outside the pack folder"):
        install_pack(archive)
    assert not (tmp_path / "evil.yaml").exists()
    assert active_pack_dir() == paths.bundled_pack_dir()


def test_links_and_oversized_entries_are_refused(tmp_path, monkeypatch):
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as out:
        link = zipfile.ZipInfo("pack.yaml")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        out.writestr(link, "/etc/passwd")
    with pytest.raises(InstallError, match="is a link"):
        install_pack(archive)
    from viewer import packs

    monkeypatch.setattr(packs, "MAX_MEMBER_BYTES", 100)
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w") as out:
        out.writestr("pack.yaml", "x" * 1000)
    with pytest.raises(InstallError, match="at most 100"):
        install_pack(big)


def test_not_a_pack_at_all(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello", encoding="utf-8")
    with pytest.raises(InstallError, match="neither a pack folder nor a .zip"):
        install_pack(junk)
    with pytest.raises(InstallError, match="does not exist"):
        install_pack(tmp_path / "missing")


def test_a_vanished_active_pack_falls_back_to_the_bundled_one(pack_copy):
    installed = install_pack(pack_copy)
    shutil.rmtree(installed.folder)
    assert active_pack_dir() == paths.bundled_pack_dir()
    (packs_dir() / "active.json").write_text("{garbage", encoding="utf-8")
    assert active_pack_dir() == paths.bundled_pack_dir()


def test_the_bundled_pack_is_never_written(pack_copy):
    before = {p: p.stat().st_mtime_ns for p in BUNDLED_PACK.rglob("*")}
    install_pack(pack_copy)
    set_active(None)
    assert {p: p.stat().st_mtime_ns for p in BUNDLED_PACK.rglob("*")} == before
    assert os.access(packs_dir(), os.W_OK)
