"""Installing content packs and choosing the active one (no Qt).

A new pack arrives by mail or USB stick as a folder or a ``.zip``. It is unpacked into a
temporary folder inside the user's packs folder, validated with the same checks as
``main.py check``, and only then renamed into place and made active; an invalid pack is
refused with its problems and the current pack stays active. The bundled pack (``data/``)
is never written to and is always there to fall back to.

``active_pack_dir`` is on the app's start-up path, so the pack reader (and with it YAML) is
imported only by what installs or lists packs.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from viewer import paths

if TYPE_CHECKING:
    from viewer.content import Problem

MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 50_000
ACTIVE_FILE = "active.json"


class InstallError(Exception):
    """A pack that was refused; ``problems`` lists why (file:line where known)."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.problems = problems or []
        detail = "".join(f"\n{p}" for p in self.problems)
        super().__init__(message + detail)


class InstalledPack(NamedTuple):  # not a dataclass: making one costs start-up ~2 ms
    folder: Path
    name: str
    title: str
    version: str


def packs_dir() -> Path:
    return paths.user_data_dir() / "packs"


def _safe_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's entries, refusing anything that could land outside the target folder."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise InstallError(f"the archive has {len(members)} entries (at most {MAX_MEMBERS})")
    total = 0
    for member in members:
        name = member.filename
        path = PurePosixPath(name.replace("\\", "/"))
        if path.is_absolute() or re.match(r"^[A-Za-z]:", name) or ".." in path.parts:
            raise InstallError(f"the archive entry '{name}' would be written outside the pack folder")
        mode = member.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise InstallError(f"the archive entry '{name}' is a link; packs may only hold files")
        if member.file_size > MAX_MEMBER_BYTES:
            raise InstallError(f"the archive entry '{name}' is {member.file_size} bytes "
                               f"(at most {MAX_MEMBER_BYTES})")
        total += member.file_size
    if total > MAX_TOTAL_BYTES:
        raise InstallError(f"the archive unpacks to {total} bytes (at most {MAX_TOTAL_BYTES})")
    return members


def _extract_zip(source: Path, target: Path) -> None:
    try:
        with zipfile.ZipFile(source) as archive:
            for member in _safe_members(archive):
                destination = target.joinpath(*PurePosixPath(member.filename.replace("\\", "/")).parts)
                if member.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as data, destination.open("wb") as out:
                    written = 0
                    while chunk := data.read(1024 * 1024):
                        written += len(chunk)
                        if written > MAX_MEMBER_BYTES:  # the size in the header was a lie
                            raise InstallError(f"the archive entry '{member.filename}' is too large")
                        out.write(chunk)
    except zipfile.BadZipFile as exc:
        raise InstallError(f"{source} is not a readable zip file ({exc})") from None


def _pack_root(unpacked: Path) -> Path:
    """A zip often wraps the pack in one folder; find the folder that holds pack.yaml."""
    if (unpacked / "pack.yaml").is_file():
        return unpacked
    children = [p for p in unpacked.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    if len(children) == 1 and (children[0] / "pack.yaml").is_file():
        return children[0]
    return unpacked


def _copy_folder(source: Path, target: Path) -> None:
    for path in source.rglob("*"):
        if path.is_symlink():
            raise InstallError(f"{path} is a link; packs may only hold files")
    shutil.copytree(source, target, dirs_exist_ok=True)


def _as_in_source(problems: list[Problem], source: Path, pack_root: Path, staging: Path) -> list[Problem]:
    """Problems name files as the user knows them (``pack.zip/articles/a.yaml``), not the
    temporary folder they were checked in."""
    inside = source.name if pack_root == staging else f"{source.name}/{pack_root.name}"
    from viewer.content import Problem

    prefix = pack_root.name
    return [Problem(inside + p.file[len(prefix):] if p.file.startswith(prefix) else p.file, p.line, p.message)
            for p in problems]


def install_pack(source: Path) -> InstalledPack:
    """Validate and install the pack at ``source`` (a folder or .zip), and make it active."""
    from viewer.content import read_pack

    source = Path(source)
    if not source.exists():
        raise InstallError(f"{source} does not exist")
    root = packs_dir()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
    try:
        if source.is_dir():
            _copy_folder(source, staging)
        elif zipfile.is_zipfile(source):
            _extract_zip(source, staging)
        else:
            raise InstallError(f"{source} is neither a pack folder nor a .zip file")
        pack_root = _pack_root(staging)
        pack, problems = read_pack(pack_root)
        if problems or pack is None:
            raise InstallError(f"the pack in {source} has problems and was not installed:",
                               _as_in_source(problems, source, pack_root, staging))
        folder_name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{pack.info.name}-{pack.info.version}").strip("-.")
        target = root / (folder_name or "pack")
        if target.exists():
            shutil.rmtree(target)
        pack_root.rename(target)
        set_active(target)
        return InstalledPack(target, pack.info.name, pack.info.title, pack.info.version)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def set_active(folder: Path | None) -> None:
    """Make an installed pack active; ``None`` goes back to the bundled pack."""
    root = packs_dir()
    root.mkdir(parents=True, exist_ok=True)
    record = root / ACTIVE_FILE
    temporary = record.with_suffix(".tmp")
    temporary.write_text(json.dumps({"folder": folder.name if folder else None}), encoding="utf-8")
    os.replace(temporary, record)


def active_pack_dir() -> Path:
    """The installed pack the user chose, if it is still there and valid; else the bundled one."""
    try:
        chosen = json.loads((packs_dir() / ACTIVE_FILE).read_text(encoding="utf-8")).get("folder")
    except (OSError, ValueError, AttributeError):
        chosen = None
    if chosen:
        folder = packs_dir() / chosen
        if folder.is_dir() and (folder / "pack.yaml").is_file():
            return folder
    return paths.bundled_pack_dir()


def installed_packs() -> list[InstalledPack]:
    from viewer.content import read_pack

    found = []
    root = packs_dir()
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if folder.is_dir() and not folder.name.startswith("."):
            pack, problems = read_pack(folder)
            if pack is not None and not problems:
                found.append(InstalledPack(folder, pack.info.name, pack.info.title, pack.info.version))
    return found
