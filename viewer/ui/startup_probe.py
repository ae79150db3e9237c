"""Start-up measurement: with ``PARTNERHELP_REPORT_STARTUP=1`` the app prints one JSON line
when its main window has first been painted on an exposed surface, then exits at once: what a
window does after its first paint (the app opens its index) and tearing Qt down are not part
of the measurement, and would only make each run longer (or a profiler's count larger).

The line holds ``visible`` (``time.monotonic()``, the clock a launcher shares with this
process on Linux, so launch-to-window is ``visible`` minus the launcher's clock at launch),
``rss_kb`` and ``peak_rss_kb`` (resident memory then) and ``cpu_s`` (the processor time the
process has used so far, which a busy machine disturbs less). ``bench/startup.py`` reads it,
for the app and for a bare window with the same widgets. Imports nothing from PartnerHelp but
Qt and ``firstpaint`` (which is Qt only).
"""
from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtWidgets import QWidget

from viewer.ui.firstpaint import after_first_paint

ENV = "PARTNERHELP_REPORT_STARTUP"
MARKER = "startup-report "


def requested() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def memory_kb() -> tuple[int, int]:
    """(resident, peak resident) in KiB; (0, 0) where /proc is not there."""
    found = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    found[key] = int(value.split()[0])
    except OSError:
        pass
    return found.get("VmRSS", 0), found.get("VmHWM", 0)


def report() -> None:
    visible = time.monotonic()
    rss, peak = memory_kb()
    print(MARKER + json.dumps({"visible": visible, "rss_kb": rss, "peak_rss_kb": peak,
                               "cpu_s": time.process_time()}), flush=True)
    sys.stdout.flush()
    os._exit(0)


def install(window: QWidget) -> None:
    """Report ``window``'s first visible paint and exit (call before ``exec``, and after the
    window has registered its own work for after the first paint, so that the report comes
    before that work)."""
    after_first_paint(window, report)
