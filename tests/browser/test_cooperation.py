import re

import pytest

from cooperation.models import Action
from network.models import Post

from .conftest import check, check_accessibility
from .test_journeys import demo, sign_in  # noqa: F401 (the demo fixture is shared)

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_attache_records_an_action_and_central_staff_find_it(page, live_server, browser, demo):  # noqa: F811
    singapore = Post.objects.get(name="SSI Singapour")
    sign_in(page, live_server, "asi.singapour")
    page.goto(f"{live_server.url}/cooperation/actions/new/")
    check_accessibility(page)
    # The attaché's post is chosen already, in a searchable select among the posts they may change.
    form = page.locator("form.dcis-record-form, main form").first
    assert page.locator("select[name=post]").input_value() == str(singapore.pk)
    assert form.locator(".ts-wrapper.single .item").first.inner_text() == "SSI Singapour"
    page.get_by_label("intitulé").fill("Formation à l’enquête sur la cybercriminalité")
    page.get_by_label("type").select_option("formation")
    check(page, "Cybercriminalité")
    # Countries are searched as one types, case and accents aside.
    countries = page.get_by_role("combobox", name="pays bénéficiaires")
    countries.press_sequentially("MALAI")
    page.get_by_role("listbox", name="pays bénéficiaires").get_by_role("option", name="Malaisie").click()
    assert page.locator("select[name=countries]").evaluate("s => [...s.selectedOptions].map(o => o.value)") == ["MY"]
    check_accessibility(page)
    page.get_by_label("début prévu").fill("2026-03-02")
    page.get_by_label("fin prévue").fill("2026-03-06")
    page.get_by_label("participants étrangers").fill("18")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/cooperation/actions/\d+/$"))
    action = Action.objects.get(title="Formation à l’enquête sur la cybercriminalité")
    assert action.post == singapore
    assert page.get_by_role("heading", level=1).inner_text() == action.title

    central = browser.new_context(locale="fr-FR").new_page()
    sign_in(central, live_server, "central")
    central.goto(f"{live_server.url}/cooperation/actions/")
    filters = central.get_by_role("search")
    filters.get_by_role("combobox", name="poste").press_sequentially("singapour")
    central.get_by_role("listbox", name="poste").get_by_role("option", name="SSI Singapour").click()
    filters.get_by_label("année").select_option("2026")
    filters.get_by_label("Rechercher").fill("enquête sur la cybercriminalité")
    central.get_by_role("button", name="Filtrer").click()
    central.wait_for_url(re.compile(rf"year=2026.*post={singapore.pk}|post={singapore.pk}.*year=2026"))
    assert central.get_by_role("link", name=action.title).is_visible()
    assert central.locator('[data-total="2"]').inner_text() == "18"  # the participants, summed
    central.context.close()
