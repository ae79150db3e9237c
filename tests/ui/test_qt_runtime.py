"""The Qt binding itself, where a version of it has broken the app."""
import sys

import pytest
from PySide6.QtCore import QObject

pytestmark = pytest.mark.gui


def test_calling_qt_keeps_the_references_to_none(qapp):
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None at every call of a method
    returning nothing: the 10,000-article topic tree (~50,000 such calls) then killed the app
    with "Fatal Python error: none_dealloc". 6.11.3 does not; this keeps a new pin honest."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(1000):
        probe.setObjectName("probe")
    assert sys.getrefcount(None) > before - 100
