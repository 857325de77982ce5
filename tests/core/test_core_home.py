"""core.home: the home page's panels come from the apps through a registry (accounts imports none of them)."""

from core import home


def test_the_apps_register_their_panels_in_installed_order():
    from assessments import deadlines
    from assessments import selectors as assessment_selectors
    from inspections import selectors as inspection_selectors
    from reviews import selectors as review_selectors

    # assessments registers two (its rounds, then its deadlines: 92d47da), inspections one after it, then the
    # period reviews (issue 27: the parts the user writes now)
    assert home._providers == [assessment_selectors.home_panels, deadlines.home_panels,
                               inspection_selectors.home_panels, review_selectors.home_panels]


def test_panels_are_collected_in_order_and_registered_once(monkeypatch):
    monkeypatch.setattr(home, "_providers", [])

    def rounds(user):
        return [{"title": f"Đợt đánh giá của {user}", "items": [], "empty_text": ""}]

    def plans(user):
        return [{"title": "Kế hoạch kiểm tra liên ngành", "items": [], "empty_text": ""}]

    for provider in (rounds, plans, rounds):
        home.register(provider)
    assert [p["title"] for p in home.panels_for("Hoa")] == ["Đợt đánh giá của Hoa", "Kế hoạch kiểm tra liên ngành"]
