import datetime
import re

import pytest
from django.utils import timezone

from network.models import Post, Posting

from .conftest import check_accessibility
from .test_journeys import demo, sign_in  # noqa: F401 (the demo fixture is shared)

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_attache_sees_their_post_s_rotation_then_the_whole_network(page, live_server, demo):  # noqa: F811
    year = timezone.localdate().year
    summer = (datetime.date(year, 6, 1), datetime.date(year, 9, 30))
    singapore = Post.objects.get(name="SSI Singapour")
    sign_in(page, live_server, "asi.singapour")
    page.goto(f"{live_server.url}/network/rotation/{year}/")
    check_accessibility(page)
    posts = page.locator("#id_post")  # the select under the searchable one
    chosen = posts.evaluate("select => [...select.selectedOptions].map(option => option.text)")
    assert "SSI Singapour" in chosen
    own = Posting.objects.filter(post__in=[singapore, *singapore.antennas.all()], ends_on__range=summer).count()
    assert page.locator("#leaving").inner_text() == f"Départs ({own})"

    page.get_by_role("link", name="Voir tout le réseau").click()
    page.wait_for_url(re.compile(r"\?post=$"))
    check_accessibility(page)
    assert posts.evaluate("select => select.selectedOptions.length") == 0
    every = Posting.objects.filter(ends_on__range=summer).count()
    assert every > own
    assert page.locator("#leaving").inner_text() == f"Départs ({every})"
    assert page.locator("#leaving + div tbody tr").count() == min(every, 25)
