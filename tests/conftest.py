import pytest

from tests import factories


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
