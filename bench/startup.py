"""Start-up: time from launch to a visible window, and memory then, for the packaged app beside
a bare PySide6 window with the same widgets (bench/bare_window.py), in the same run.

    python -m bench.startup [--runs 10] [--bundle dist/PartnerHelp/PartnerHelp] [--no-source]
                            [--no-freeze-bare] [--workdir .bench/startup]

Each program is started with PARTNERHELP_REPORT_STARTUP=1 and prints one line at its first
visible paint (viewer/ui/startup_probe.py): the launcher's ``time.monotonic()`` before the
process is created, subtracted from the program's at that paint, is launch-to-window. The
programs take turns, run after run, so a busy moment hits them alike; one warm-up round is
not counted (it fills the page cache, the user cache and Python's bytecode cache: programs
run from source may write ``.pyc`` files, into the work folder, as a user's Python would,
even where ``PYTHONDONTWRITEBYTECODE`` is set). Rows: the bundle, the bare window frozen by
PyInstaller the same way (so both pay for a frozen start), and, unless left out, both from
source with .venv's Python. Needs a display: with none, it re-runs itself under
``xvfb-run -a`` (QT_QPA_PLATFORM=xcb). A script, not a test. ``time_to_window()`` times any command that reports the same way.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "startup-report "  # viewer/ui/startup_probe.py
ENV = "PARTNERHELP_REPORT_STARTUP"


@dataclass
class Measured:
    name: str
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)

    def median_ms(self) -> float:
        return 1000 * statistics.median(self.seconds)

    def median_cpu_ms(self) -> float:
        return 1000 * statistics.median(self.cpu_seconds)

    def median_rss_mb(self) -> float:
        return statistics.median(self.rss_kb) / 1024


def time_to_window(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None,
                   timeout: float = 60) -> tuple[float, int, float]:
    """Seconds from launching ``command`` to its first visible paint, its RSS (KiB) then, and
    the processor seconds it had used by then (all its threads; NaN from a program too old to
    report them).

    The command must print the probe's line (``PARTNERHELP_REPORT_STARTUP=1`` is set here) and
    quit; it is killed after ``timeout`` seconds.
    """
    env = dict(os.environ if env is None else env, **{ENV: "1"})
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise RuntimeError(f"{command[0]}: no visible window within {timeout:.0f} s") from None
    for line in out.splitlines():
        if line.startswith(MARKER):
            report = json.loads(line[len(MARKER):])
            return report["visible"] - started, int(report["rss_kb"]), float(report.get("cpu_s", "nan"))
    raise RuntimeError(f"{' '.join(command)} exited {process.returncode} without a start-up report:\n"
                       f"{out[-2000:]}{err[-2000:]}")


def freeze_bare_window(workdir: Path) -> Path:
    """bench/bare_window.py as a one-folder PyInstaller build, made with PyInstaller's defaults as
    the bundle is (reused while its sources and the installed PySide6 are older, and only if
    this command made it: a build left by an experiment, e.g. with ``noarchive``, once made
    the bare window 10 ms faster than the bundle could be)."""
    exe = workdir / "dist" / "bare_window" / "bare_window"
    stamp = exe.with_name(".frozen-by")
    source = ROOT / "bench" / "bare_window.py"
    sources = [source, *(ROOT / "viewer" / "ui" / name for name in ("startup_probe.py", "firstpaint.py")),
               Path(importlib.util.find_spec("PySide6").origin)]
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    command = [str(pyinstaller), "--noconfirm", "--log-level", "ERROR", "--name", "bare_window",
               "--paths", str(ROOT), "--distpath", str(workdir / "dist"),
               "--workpath", str(workdir / "build"), "--specpath", str(workdir), str(source)]
    if (exe.exists() and exe.stat().st_mtime > max(path.stat().st_mtime for path in sources)
            and stamp.is_file() and stamp.read_text(encoding="utf-8") == " ".join(command)):
        return exe
    if not pyinstaller.exists():
        raise SystemExit("startup.py: PyInstaller is not installed (pip install -e '.[package]'), "
                         "or pass --no-freeze-bare")
    print("startup.py: freezing bench/bare_window.py with PyInstaller …", file=sys.stderr)
    subprocess.run(command, check=True, cwd=ROOT)
    stamp.write_text(" ".join(command), encoding="utf-8")
    return exe


def run_rounds(programs: list[Measured], runs: int, env: dict[str, str]) -> None:
    for round_number in range(runs + 1):
        for program in programs:
            seconds, rss, cpu = time_to_window(program.command, env, cwd=ROOT)
            if round_number:  # round 0 warms the page cache and the user cache
                program.seconds.append(seconds)
                program.rss_kb.append(rss)
                program.cpu_seconds.append(cpu)


def report(programs: list[Measured], runs: int) -> None:
    print(f"Launch to first visible window, {runs} runs each after a warm-up "
          f"({os.environ.get('QT_QPA_PLATFORM', '?')}, {os.cpu_count()} cores):\n")
    print("| program | median (ms) | min (ms) | max (ms) | CPU median (ms) | RSS median (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for p in programs:
        print(f"| {p.name} | {p.median_ms():.0f} | {1000 * min(p.seconds):.0f} | "
              f"{1000 * max(p.seconds):.0f} | {p.median_cpu_ms():.0f} | {p.median_rss_mb():.0f} |")
    by_name = {p.name: p for p in programs}
    pairs = [("bundle", "bare window, frozen"), ("source (python main.py)", "bare window, python")]
    print()
    for app, bare in pairs:
        if app in by_name and bare in by_name:
            a, b = by_name[app], by_name[bare]
            print(f"{app} / {bare}: time {a.median_ms() / b.median_ms():.2f}x, "
                  f"CPU {a.median_cpu_ms() / b.median_cpu_ms():.2f}x, memory {a.median_rss_mb() / b.median_rss_mb():.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "PartnerHelp" / "PartnerHelp")
    parser.add_argument("--no-source", action="store_true", help="leave out the two runs from source")
    parser.add_argument("--no-freeze-bare", action="store_true", help="do not freeze the bare window")
    parser.add_argument("--workdir", type=Path, default=ROOT / ".bench" / "startup")
    parser.add_argument("--json", type=Path, help="also write the medians here (for bench.report)")
    args = parser.parse_args(argv)

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        if not shutil.which("xvfb-run"):
            raise SystemExit("startup.py: no display and no xvfb-run (apt-get install xvfb)")
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", sys.executable, "-m", "bench.startup",
                   *(argv if argv is not None else sys.argv[1:])]
        return subprocess.run(command, cwd=ROOT, env=dict(os.environ, QT_QPA_PLATFORM="xcb")).returncode

    programs = []
    if args.bundle.exists():
        programs.append(Measured("bundle", [str(args.bundle)]))
    else:
        print(f"startup.py: no bundle at {args.bundle} (bash scripts/build_bundle.sh); leaving it out",
              file=sys.stderr)
    if not args.no_freeze_bare:
        programs.append(Measured("bare window, frozen", [str(freeze_bare_window(args.workdir))]))
    if not args.no_source:
        programs.append(Measured("source (python main.py)", [sys.executable, str(ROOT / "main.py")]))
        programs.append(Measured("bare window, python", [sys.executable, "-m", "bench.bare_window"]))
    if not programs:
        raise SystemExit("startup.py: nothing to measure")

    with tempfile.TemporaryDirectory() as home:  # the same fresh user folders for every program
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_CACHE_HOME=f"{home}/cache",
                   XDG_DATA_HOME=f"{home}/data", QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "xcb"))
        env.pop("PARTNERHELP_PORTABLE_DIR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # else every start compiles the app's source again
        env["PYTHONPYCACHEPREFIX"] = str(args.workdir.resolve() / "pycache")
        run_rounds(programs, args.runs, env)
    report(programs, args.runs)
    if args.json:
        args.json.write_text(json.dumps({p.name: {"median_ms": p.median_ms(), "rss_mb": p.median_rss_mb()}
                                         for p in programs}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
