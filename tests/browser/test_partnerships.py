import re

import pytest
from django.core import mail

from partnerships import services
from partnerships.models import Domain, Opportunity

from .conftest import check, check_accessibility
from .test_journeys import demo, sign_in  # noqa: F401 (the demo fixture is shared)

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_opportunity_goes_from_the_post_to_every_matching_company(page, live_server, browser, demo):  # noqa: F811
    sign_in(page, live_server, "asi.singapour")
    page.goto(f"{live_server.url}/partnerships/opportunities/new/")
    check_accessibility(page)
    assert page.locator("#id_post option:checked").inner_text() == "SSI Singapour"  # their post, chosen
    page.get_by_role("combobox", name="pays").press_sequentially("singap")
    page.get_by_role("listbox", name="pays").get_by_role("option", name="Singapour").click()
    page.get_by_label("acheteur étranger").fill("Singapore Police Force")
    page.get_by_label("intitulé").fill("Drones de surveillance des frontières maritimes")
    page.get_by_label("description").fill("Appel d'offres prévu au premier trimestre.")
    check(page, "Drones et lutte anti-drones")
    page.get_by_label("nature").select_option("appel_offres")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/partnerships/opportunities/\d+/$"))
    opportunity = Opportunity.objects.get(title="Drones de surveillance des frontières maritimes")
    assert opportunity.status == Opportunity.Status.SIGNALLED

    central = browser.new_context(locale="fr-FR").new_page()
    sign_in(central, live_server, "central")
    central.goto(f"{live_server.url}{opportunity.get_absolute_url()}")
    central.get_by_role("button", name="Valider").click()
    central.wait_for_load_state()
    expected = {contact.email for contact in services.eligible_contacts(opportunity)}
    assert expected
    mail.outbox.clear()
    central.get_by_role("button", name="Diffuser à toutes les entreprises concernées").click()
    central.wait_for_load_state()
    assert central.get_by_text(f"envoyée à {len(expected)} contacts", exact=False).first.is_visible()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(expected)
    assert all(opportunity.title in message.subject for message in mail.outbox)
    drones = Domain.objects.get(name="Drones et lutte anti-drones")
    assert all(
        drones in recipient.company.domains.all()
        for recipient in opportunity.disseminations.get().recipients.exclude(company=None)
    )
    central.context.close()
