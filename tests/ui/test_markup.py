"""Rich-text escaping without importing ``html`` at start-up."""
import html

from viewer.ui.markup import escape


def test_escape_is_html_escape():
    for text in ("", "a < b && c > d", "\"quoted\" and 'single'", "<img src=x onerror='y'>", "代金券 &amp; 现金券"):
        assert escape(text) == html.escape(text)
