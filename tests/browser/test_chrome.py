"""The register's chrome in a browser: lists that fit the screen, controls that say what they do,
pagination that axe-core accepts."""

import pytest

from .conftest import check_accessibility
from .test_journeys import demo, sign_in  # noqa: F401 (the demo fixture is shared)

pytestmark = pytest.mark.django_db(transaction=True)

# Every list of the register, the widest first.
MAIN_LISTS = [
    "/cooperation/actions/",
    "/cooperation/requests/",
    "/cooperation/agreements/",
    "/cooperation/events/",
    "/cooperation/institutions/",
    "/cooperation/event-partners/",
    "/cooperation/themes/",
    "/cooperation/contributors/",
    "/cooperation/requesting-services/",
    "/network/posts/",
    "/network/people/",
    "/network/countries/",
    "/network/zones/",
    "/network/objectives/",
    "/network/logbook/",
    "/network/priorities/",
    "/partnerships/companies/",
    "/partnerships/groupings/",
    "/partnerships/contacts/",
    "/partnerships/domains/",
    "/partnerships/opportunities/",
    "/partnerships/trade-shows/",
    "/partnerships/delegations/",
    "/partnerships/assistance/",
    "/history/exports/",
    "/history/imports/",
    "/users/",
]

# Each table's right edge, its scrolling box's overflow, its first cell's position.
TABLES = """() => [...document.querySelectorAll('.fr-table__container')].map(box => ({
  right: box.querySelector('table').getBoundingClientRect().right,
  hidden: box.scrollWidth - box.clientWidth,
  first: getComputedStyle(box.querySelector('tbody tr > :first-child')).position,
}))"""

# Controls whose name is empty, or drawn icon-only (their text cut off) without a tooltip.
NAMELESS_OR_CLIPPED = """() => [...document.querySelectorAll('a[href], button, a[role=link]')]
  .filter(el => el.checkVisibility({contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true}))
  .filter(el => {
    const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('title') || '').trim();
    return !name || (el.scrollWidth > el.clientWidth + 1 && !el.getAttribute('title'));
  })
  .map(el => el.outerHTML.slice(0, 160))"""


def test_main_lists_fit_a_1280_pixel_screen_and_fold_their_filters_on_a_phone(page, live_server, demo):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "central")
    for path in MAIN_LISTS:
        page.goto(f"{live_server.url}{path}")
        for table in page.evaluate(TABLES):
            assert table["right"] <= 1280, f"{path}: a table ends at {table['right']} px"
            assert table["hidden"] <= 0, f"{path}: {table['hidden']} px of a table scroll out of sight"
        filters = page.locator("details.dcis-filters")
        assert not filters.count() or filters.evaluate("details => details.open")
    check_accessibility(page)

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/cooperation/actions/")
    filters = page.locator("details.dcis-filters")
    assert not filters.evaluate("details => details.open")
    assert not page.get_by_role("button", name="Filtrer").is_visible()
    # The table scrolls sideways on a phone, its first column standing still.
    assert all(table["first"] == "sticky" for table in page.evaluate(TABLES))
    filters.locator("summary").click()
    assert page.get_by_role("button", name="Filtrer").is_visible()
    check_accessibility(page)


def test_every_control_has_a_name_and_shows_its_label(page, live_server, demo):  # noqa: F811
    from cooperation.models import Action
    from network.models import Post

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "central")
    post = Post.objects.get(name="SSI Singapour")
    action = Action.objects.filter(post=post).first()
    for path in [
        "/",
        f"/network/posts/{post.pk}/",
        f"/network/posts/{post.pk}/history/",
        f"/cooperation/actions/{action.pk}/edit/",
        f"/cooperation/actions/{action.pk}/delete/",
        "/network/rotation/2026/",
        "/cooperation/actions/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert page.evaluate(NAMELESS_OR_CLIPPED) == [], path
        check_accessibility(page)


def test_a_paginated_list_s_first_page_passes_axe(page, live_server, demo):  # noqa: F811
    sign_in(page, live_server, "central")
    page.goto(f"{live_server.url}/network/people/")
    first = page.locator(".fr-pagination__link--first")
    assert first.get_attribute("aria-disabled") == "true"
    assert first.get_attribute("href") is None
    assert page.locator(".fr-pagination__link--next").get_attribute("href")
    check_accessibility(page)
