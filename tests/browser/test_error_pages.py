"""The error pages in a browser: the design system's look, accessible, within the Content-Security-Policy."""

import pytest

from .conftest import check_accessibility

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.urls("tests.test_error_pages")
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [("/nowhere/", 404, "Page introuvable"), ("/test/failure/", 500, "Erreur inattendue")],
)
def test_error_pages_load_cleanly(page, live_server, path, status, heading):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == status
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.get_by_role("link", name="Retour à l’accueil").is_visible()
    check_accessibility(page)
