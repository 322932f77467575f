import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def forget_cached_figures():
    """Each test starts with an empty cache: on SQLite a rolled-back test gives its history rows'
    numbers to the next one, which would find the figures of records that no longer exist."""
    cache.clear()


@pytest.fixture
def central(db):
    return factories.central_user(username="central")


@pytest.fixture
def read_only(db):
    return factories.read_only_user(username="lecture")


@pytest.fixture
def post(db):
    return factories.PostFactory(name="SSI Bangkok", host_country=factories.country("TH"), city="Bangkok")


@pytest.fixture
def other_post(db):
    return factories.PostFactory(name="SSI Madrid", host_country=factories.country("ES"), city="Madrid")


@pytest.fixture
def attache(post):
    """Staff of `post` today."""
    return factories.post_staff_user(post, username="asi.bangkok")


@pytest.fixture
def no_role(db):
    return factories.UserFactory(username="sans.role")
