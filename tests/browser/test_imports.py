"""An import that takes a while says so: its buttons are disabled and a status line counts the
seconds until the next page arrives. To look at the page meanwhile, the test first keeps the form
from leaving (its own listener, after the page's), then lets it go."""

import re

import pytest
from playwright.sync_api import expect

from cooperation.models import Theme
from tests import factories

from .conftest import check_accessibility

pytestmark = pytest.mark.django_db(transaction=True)


def hold(page):
    """Keep the page's forms from being sent, after the page's own listeners have run."""
    page.evaluate(
        """() => document.querySelectorAll("form[data-busy-message]").forEach(
            (form) => form.addEventListener("submit", (event) => event.preventDefault()))"""
    )


def send(page, button_name):
    """Send the form as the held click would have: a fresh page, the same form."""
    page.evaluate(
        """(name) => [...document.querySelectorAll("form[data-busy-message]")]
            .find((form) => form.innerText.includes(name)).submit()""",
        button_name,
    )


def test_the_preview_and_the_import_show_that_they_are_running(page, live_server):
    central = factories.central_user(username="central")
    central.set_password("demo-dcis-2026")
    central.save()
    page.goto(f"{live_server.url}/cooperation/themes/import/")
    page.get_by_label("Identifiant").fill("central")
    page.get_by_label("Mot de passe").fill("demo-dcis-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/cooperation/themes/import/$"))
    check_accessibility(page)
    hold(page)

    page.locator("#id_file").set_input_files(
        files=[{"name": "themes.csv", "mimeType": "text/csv", "buffer": b"nom\nPiraterie maritime\n"}]
    )
    preview = page.get_by_role("button", name="Prévisualiser l’import")
    preview.click()
    status = page.locator("form [data-busy-status]").last
    expect(status).to_contain_text("Lecture du fichier et vérification de chaque ligne en cours… 0 s")
    expect(status).to_contain_text("en cours… 1 s")  # it counts
    expect(preview).to_be_disabled()
    send(page, "Prévisualiser")
    expect(page.get_by_role("heading", name="Aperçu de « themes.csv »")).to_be_visible()
    check_accessibility(page)
    hold(page)
    assert not Theme.objects.filter(name="Piraterie maritime").exists()

    confirm = page.get_by_role("button", name=re.compile("Importer"))
    confirm.click()
    expect(page.locator("form [data-busy-status]").first).to_contain_text("Import des lignes en cours…")
    expect(confirm).to_be_disabled()
    send(page, "Importer")
    page.wait_for_url(re.compile(r"/cooperation/themes/(\?.*)?$"))
    assert Theme.objects.filter(name="Piraterie maritime").exists()
