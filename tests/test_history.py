from viewer.history import RECENT_LIMIT, History


def test_back_and_forward_like_a_browser():
    history = History()
    assert history.back() is None and not history.can_go_back()
    for article_id in ("a", "b", "c"):
        history.visit(article_id)
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.forward() == "b"
    history.visit("d")  # a new page drops the forward trail
    assert not history.can_go_forward()
    assert history.back() == "b"


def test_visiting_the_current_page_again_adds_nothing():
    history = History()
    history.visit("a")
    history.visit("a")
    assert not history.can_go_back()


def test_recent_is_unique_most_recent_first_and_bounded():
    history = History()
    for i in range(RECENT_LIMIT + 5):
        history.visit(f"a{i}")
    history.visit("a3")
    recent = history.recent()
    assert recent[0] == "a3" and len(recent) == RECENT_LIMIT and len(set(recent)) == RECENT_LIMIT


def test_forget_missing_keeps_position_on_known_pages():
    history = History()
    for article_id in ("a", "gone", "b"):
        history.visit(article_id)
    history.forget_missing({"a", "b"})
    assert history.current == "b"
    assert history.back() == "a"
    assert "gone" not in history.recent()
