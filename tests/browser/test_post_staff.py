import pytest

from network.models import Post

from .conftest import check_accessibility
from .test_journeys import demo, sign_in  # noqa: F401 (the demo fixture is shared)

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_attache_edits_their_post_and_is_refused_on_another(page, live_server, demo):  # noqa: F811
    sign_in(page, live_server, "asi.singapour")
    singapore = Post.objects.get(name="SSI Singapour")
    page.goto(f"{live_server.url}{singapore.get_absolute_url()}")
    page.get_by_role("link", name="Modifier", exact=True).first.click()
    check_accessibility(page)
    page.get_by_label("téléphone", exact=False).first.fill("+65 6880 7800")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{live_server.url}{singapore.get_absolute_url()}")
    assert page.get_by_text("+65 6880 7800").is_visible()
    singapore.refresh_from_db()
    assert singapore.phone == "+65 6880 7800"

    # Another post: readable, without an edit button; its edit page is refused.
    madrid = Post.objects.get(name="SSI Madrid")
    page.goto(f"{live_server.url}{madrid.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "SSI Madrid"
    assert page.get_by_role("link", name="Modifier", exact=True).count() == 0
    response = page.goto(f"{live_server.url}/network/posts/{madrid.pk}/edit/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Action non autorisée"
