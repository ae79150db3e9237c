"""PARTNERHELP_REPORT_STARTUP: one JSON line at the first visible paint, for bench/startup.py;
and the work a window leaves until after that paint."""
import json
import time

import pytest
from PySide6.QtWidgets import QWidget

from viewer.ui import startup_probe

pytestmark = pytest.mark.gui


def test_only_when_asked(monkeypatch):
    monkeypatch.delenv(startup_probe.ENV, raising=False)
    assert not startup_probe.requested()
    monkeypatch.setenv(startup_probe.ENV, "0")
    assert not startup_probe.requested()
    monkeypatch.setenv(startup_probe.ENV, "1")
    assert startup_probe.requested()


def test_one_report_at_the_first_visible_paint_with_time_memory_and_cpu(qtbot, capsys, monkeypatch):
    exits = []
    monkeypatch.setattr(startup_probe.os, "_exit", lambda code: exits.append(code))
    window = QWidget()
    qtbot.addWidget(window)
    before = time.monotonic()
    startup_probe.install(window)
    window.show()
    out = []

    def reported():
        out.append(capsys.readouterr().out)
        return startup_probe.MARKER in "".join(out)

    qtbot.waitUntil(reported, timeout=3000)
    report = json.loads("".join(out).split(startup_probe.MARKER, 1)[1].splitlines()[0])
    assert before < report["visible"] <= time.monotonic()
    assert report["rss_kb"] > 1000 and report["peak_rss_kb"] >= report["rss_kb"]
    assert 0 < report["cpu_s"] <= time.process_time()
    assert exits == [0]  # the app exits once it has reported
    window.update()
    qtbot.wait(50)
    assert startup_probe.MARKER not in capsys.readouterr().out


def test_work_after_the_first_paint_runs_once_newest_first(qtbot):
    from viewer.ui.firstpaint import after_first_paint

    window = QWidget()
    qtbot.addWidget(window)
    calls = []
    after_first_paint(window, lambda: calls.append("older"))
    after_first_paint(window, lambda: calls.append("newer"))
    qtbot.wait(20)
    assert calls == []  # nothing before the window is shown and painted
    window.show()
    qtbot.waitUntil(lambda: len(calls) == 2)
    assert calls == ["newer", "older"]  # so the probe, installed last, reports before the window's work
    window.update()
    qtbot.wait(50)
    assert len(calls) == 2
