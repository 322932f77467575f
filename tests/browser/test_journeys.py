import importlib
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from network.models import Post, Zone

from .conftest import check_accessibility

DEMO_PASSWORD = "demo-dcis-2026"

# Against a live server: the data must be committed, so these run in transactions
# (pytest-django runs them after the other database tests).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    """The demo network, on top of the reference data that a transactional test's flush
    removed (the data migrations' own loaders put it back)."""
    for migration in (
        "network.migrations.0002_reference_data",
        "network.migrations.0008_priorities",
        "cooperation.migrations.0002_reference_lists",
        "partnerships.migrations.0002_domains",
    ):
        importlib.import_module(migration).load(apps, None)
    call_command("seed_demo", verbosity=0)


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")


def test_central_staff_browse_the_demo_network(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    check_accessibility(page)

    sign_in(page, live_server, "central")
    assert page.get_by_role("heading", level=1).inner_text() == "Le réseau aujourd’hui"
    assert page.locator('[data-figure="open-posts"]').inner_text().strip() == str(Post.objects.open().count())
    assert page.locator('[data-figure="vacant-posts"]').inner_text().strip() == "2"
    check_accessibility(page)

    # The post list, filtered by a zone through the filter form.
    page.goto(f"{live_server.url}/network/posts/")
    zone = Zone.objects.filter(countries__hosted_posts__isnull=False).distinct().order_by("name").first()
    page.get_by_label("zone", exact=True).select_option(str(zone.pk))
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(rf"zone={zone.pk}"))
    rows = page.locator("table tbody tr")
    expected = Post.objects.filter(host_country__zone__in=[zone, *zone.children.all()]).count()
    assert page.get_by_role("status").first.inner_text().startswith(str(expected))
    assert rows.count() == min(expected, 25)
    check_accessibility(page)

    # One post.
    first_link = rows.first.locator("a").first
    name = first_link.inner_text()
    first_link.click()
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.get_by_text("Pays de compétence").first.is_visible()
    check_accessibility(page)
