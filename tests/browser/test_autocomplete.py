import re

import pytest

from cooperation.models import Action
from network.models import Post

from .conftest import check_accessibility
from .test_journeys import demo, sign_in  # noqa: F401 (the demo fixture is shared)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_post_filter_finds_a_post_as_one_types(page, live_server, demo):  # noqa: F811
    madrid = Post.objects.get(name="SSI Madrid")
    singapore = Post.objects.get(name="SSI Singapour")
    sign_in(page, live_server, "central")
    # A page long enough for each post's actions: DSFR's pagination fails axe's contrast check.
    page.goto(f"{live_server.url}/cooperation/actions/?post={madrid.pk}&per_page=100")
    filters = page.get_by_role("search")
    # The filtered page shows its choice; its select holds that choice and none, not every post.
    assert filters.locator(".ts-control .item").inner_text() == "SSI Madrid"
    assert filters.locator("select[name=post] option").all_inner_texts() == ["---------", "SSI Madrid"]
    check_accessibility(page)

    # With the keyboard alone: the label names the search field, typed letters bring suggestions.
    post_filter = filters.get_by_role("combobox", name="poste")
    post_filter.focus()
    post_filter.press_sequentially("singap")
    suggestions = page.get_by_role("listbox", name="poste")
    suggestions.get_by_role("option", name="SSI Singapour").wait_for()
    assert suggestions.get_by_role("option").all_inner_texts() == ["SSI Singapour"]
    check_accessibility(page)  # the open list of suggestions too
    post_filter.press("Enter")
    assert filters.locator("select[name=post]").input_value() == str(singapore.pk)

    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(rf"post={singapore.pk}"))
    expected = Action.objects.filter(post=singapore).count()
    assert expected < 100
    assert page.get_by_role("status").first.inner_text().startswith(str(expected))
    filters = page.get_by_role("search")
    assert filters.locator(".ts-control .item").inner_text() == "SSI Singapour"

    # The choice is emptied with its button: the filter then applies to every post.
    filters.get_by_role("button", name="Retirer ce choix").click()
    assert filters.locator("select[name=post]").input_value() == ""


def test_a_chosen_post_is_removed_with_the_keyboard(page, live_server, demo):  # noqa: F811
    from django.utils import timezone

    madrid = Post.objects.get(name="SSI Madrid")
    singapore = Post.objects.get(name="SSI Singapour")
    sign_in(page, live_server, "central")
    year = timezone.localdate().year
    page.goto(f"{live_server.url}/network/rotation/{year}/?post={madrid.pk}&post={singapore.pk}")
    filters = page.get_by_role("search")
    select = filters.locator("select[name=post]")
    assert sorted(option.get_attribute("value") for option in select.locator("option[selected]").all()) == sorted(
        [str(madrid.pk), str(singapore.pk)]
    )
    # From the search field, Shift+Tab reaches the last choice's remove button, named after it.
    filters.get_by_role("combobox", name="poste").focus()
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    remaining = {"Retirer ce choix : SSI Madrid": singapore, "Retirer ce choix : SSI Singapour": madrid}
    assert focused in remaining
    page.keyboard.press("Enter")
    assert select.evaluate("(s) => [...s.selectedOptions].map((o) => o.value)") == [str(remaining[focused].pk)]
    check_accessibility(page)
