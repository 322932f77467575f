"""Every URL of the project, for every kind of user: nothing leaks, nothing is forgotten.

The URL patterns come from the resolver, not from a list kept by hand: a new page
without an access policy fails `test_every_url_declares_a_policy` by itself, and a
new record view is walked here as soon as its model has a sample below.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic import CreateView, DeleteView, UpdateView

from cooperation.models import (
    Action,
    Agreement,
    Directorate,
    Event,
    EventPartner,
    Institution,
    OperationalRequest,
    RequestingService,
    Theme,
)
from dcis.access import POLICIES, policy_of
from network.models import (
    Competence,
    Country,
    LogbookEntry,
    Objective,
    ObjectivesLetter,
    Person,
    Post,
    Posting,
    PostStatusChange,
    Priority,
    Zone,
)
from partnerships.models import Assistance, Company, Contact, Delegation, Domain, Grouping, Opportunity, TradeShow
from tests import factories

ROLES = ["anonymous", "no_role", "read_only", "staff_a", "staff_b", "central", "admin"]


def walk(patterns=None, prefix="", namespace=""):
    """(name, route, view) for every URL pattern of the project."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback


URLS = sorted({(name, route, view) for name, route, view in walk()}, key=lambda url: url[0])
RECORD_URLS = [url for url in URLS if policy_of(url[0], url[2]) in ("read", "write", "central")]


def test_every_url_declares_a_policy():
    undeclared = [name for name, route, view in URLS if policy_of(name, view) not in POLICIES]
    assert not undeclared, f"URLs without an access policy: {undeclared}"


@pytest.fixture
def world(db):
    post_a = factories.PostFactory(name="SSI A", host_country=factories.country("SG"))
    post_b = factories.PostFactory(name="SSI B", host_country=factories.country("ES"))
    factories.CompetenceFactory(post=post_a)
    users = {
        "anonymous": None,
        "no_role": factories.UserFactory(username="no_role"),
        "read_only": factories.read_only_user(username="read_only"),
        "staff_a": factories.post_staff_user(post_a, username="staff_a"),
        "staff_b": factories.post_staff_user(post_b, username="staff_b"),
        "central": factories.central_user(username="central"),
        "admin": get_user_model().objects.create_superuser("admin", "admin@example.org", "password"),
    }
    return {"post_a": post_a, "post_b": post_b, "users": users}


# A record of each model that belongs to post A, for the URLs that name one: current
# records, which post A's staff may change (past ones are settled: tests/test_settled.py).
SAMPLES = {
    get_user_model(): lambda post: factories.UserFactory(username="someone"),
    Action: lambda post: factories.ActionFactory(post=post),
    OperationalRequest: lambda post: factories.OperationalRequestFactory(post=post),
    Agreement: lambda post: factories.AgreementFactory(post=post, document=factories.pdf_upload()),
    Event: lambda post: factories.EventFactory(post=post),
    Company: lambda post: factories.CompanyFactory(),
    Grouping: lambda post: factories.GroupingFactory(),
    Contact: lambda post: factories.CompanyFactory().contacts.get(),
    Opportunity: lambda post: factories.OpportunityFactory(post=post),
    TradeShow: lambda post: TradeShow.objects.get_or_create(
        name="Milipol Paris",
        start=datetime.date(2025, 11, 18),
        defaults={"end": datetime.date(2025, 11, 21), "city": "Villepinte", "country_id": "FR"},
    )[0],
    Assistance: lambda post: Assistance.objects.create(
        company=factories.CompanyFactory(),
        post=post,
        country=post.host_country,
        date=datetime.date(2026, 1, 5),
        kind="briefing",
    ),
    Post: lambda post: post,
    PostStatusChange: lambda post: post.status_changes.create(
        status=Post.Status.SUSPENDED, date=datetime.date.today() + datetime.timedelta(days=30)
    ),
    Competence: lambda post: post.competences.first(),
    Person: lambda post: factories.PostingFactory(post=post, role=Posting.Role.ASSISTANT).person,
    Posting: lambda post: factories.PostingFactory(post=post, role=Posting.Role.COOPERANT),
    Country: lambda post: post.competences.first().country,
    # What central staff write to a post: its head's letter and its objectives
    ObjectivesLetter: lambda post: ObjectivesLetter.objects.get_or_create(
        posting=Posting.objects.filter(post=post, role=Posting.Role.ASI).first()
        or factories.PostingFactory(post=post, role=Posting.Role.ASI)
    )[0],
    Objective: lambda post: factories.ObjectiveFactory(letter=SAMPLES[ObjectivesLetter](post)),
    LogbookEntry: lambda post: factories.LogbookEntryFactory(post=post),
    # Reference data and the records that hang off another
    Zone: lambda post: Zone.objects.first(),
    Priority: lambda post: Priority.objects.first(),
    Theme: lambda post: Theme.objects.first(),
    Directorate: lambda post: Directorate.objects.first(),
    RequestingService: lambda post: RequestingService.objects.first(),
    Institution: lambda post: Institution.objects.get_or_create(country_id="SG", name="Police de Singapour")[0],
    EventPartner: lambda post: EventPartner.objects.create(
        event=factories.EventFactory(post=post), kind=EventPartner.Kind.MAGISTRATE, name="Magistrat de liaison"
    ),
    Domain: lambda post: Domain.objects.first(),
    Delegation: lambda post: Delegation.objects.create(
        trade_show=SAMPLES[TradeShow](post), post=post, country_id="SG", service="Police de Singapour", people=3
    ),
}


def view_model(view):
    """The model a view works on, whether its class or `as_view(model=…)` names it."""
    return view.view_initkwargs.get("model") or getattr(view.view_class, "model", None)


def url_for(route, view, world):
    """Fill the route's parameters with a record of post A."""
    model = view_model(view) or Country  # the competence move names a country
    url = "/" + route
    if "<int:pk>" in url:
        url = url.replace("<int:pk>", str(SAMPLES[model](world["post_a"]).pk))
    if "<str:app_label>/<str:model_name>/<str:pk>" in url:
        deleted = factories.ActionFactory(post=world["post_a"])
        pk = deleted.pk
        deleted.delete()
        url = url.replace("<str:app_label>/<str:model_name>/<str:pk>", f"cooperation/action/{pk}")
    for country_key in ("<country:code>", "<country:pk>"):
        url = url.replace(country_key, world["post_a"].host_country.code.code)
    # The searchable selects' endpoint, for posts; every source is walked in tests/test_autocomplete.py.
    url = url.replace("<str:source>", "post")
    return url.replace("<int:year>", "2026")


def expected_status(name, route, view, role):
    """What each role gets on GET, from the view's policy and its model's declaration."""
    view_class = view.view_class
    allowed = _allowed(name, route, view, role)
    if allowed == 200 and "get" not in view_class.http_method_names:
        return 405  # a POST-only action, reached by someone allowed to use it
    return allowed


def _allowed(name, route, view, role):
    if role == "anonymous":
        return 302
    if role == "no_role":
        return 403
    if role in ("central", "admin"):
        return 200
    policy = policy_of(name, view)
    view_class = view.view_class
    model = view_model(view)
    names_a_record = "<int:pk>" in route or "<country:" in route
    # Need-to-know records: central staff and their own post's staff only (and read-only users,
    # where the model says so).
    hidden_from = ("staff_b",) if getattr(model, "read_only_sees", False) else ("staff_b", "read_only")
    if role in hidden_from and names_a_record and getattr(model, "need_to_know", False):
        return 404
    if policy == "read":
        return 200
    if policy == "central" or role == "read_only":
        return 403
    # What central staff write to a post: its staff read it, never write it.
    if getattr(model, "central_writes", False):
        return 403
    # An import creates records: allowed where a create page is (`dcis.import_views`).
    if issubclass(view_class, CreateView) or getattr(view_class, "creates_records", False):
        return 200 if getattr(model, "post_lookup", None) is not None else 403
    if issubclass(view_class, (UpdateView, DeleteView)):
        belongs_to_post = getattr(model, "post_lookup", None) is not None or getattr(model, "owns_records", False)
        return 200 if role == "staff_a" and belongs_to_post else 403
    # Other writes act on a record of post A (moving the competence of its country).
    return 200 if role == "staff_a" else 403


@pytest.mark.parametrize(("name", "route", "view"), RECORD_URLS, ids=[url[0] for url in RECORD_URLS])
@pytest.mark.parametrize("role", ROLES)
def test_record_pages_answer_each_role_as_the_policy_says(client, world, name, route, view, role):
    url = url_for(route, view, world)
    user = world["users"][role]
    if user:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == expected_status(name, route, view, role), f"{role} GET {url}"
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("name", "route", "view"),
    [url for url in RECORD_URLS if policy_of(url[0], url[2]) != "read"],
    ids=[url[0] for url in RECORD_URLS if policy_of(url[0], url[2]) != "read"],
)
@pytest.mark.parametrize("role", ["anonymous", "no_role", "read_only", "staff_b"])
def test_refused_writes_change_nothing(client, world, name, route, view, role):
    from django.apps import apps

    url = url_for(route, view, world)
    counts = {model: model.objects.count() for model in apps.get_app_config("network").get_models()}
    user = world["users"][role]
    if user:
        client.force_login(user)
    # Staff of post B may create records, but never name post A in them.
    response = client.post(url, {"name": "forged", "post": world["post_a"].pk})
    if role == "staff_b" and expected_status(name, route, view, role) == 200:
        assert response.status_code == 200
        form = response.context["form"]
        assert "post" not in form.fields or "post" in form.errors
    else:
        assert response.status_code == (302 if role == "anonymous" else expected_status(name, route, view, role))
    assert counts == {model: model.objects.count() for model in counts}
    assert not Post.objects.filter(name="forged").exists()


def test_the_admin_is_for_superusers_only(client, world):
    for role, status in [("anonymous", 302), ("central", 302), ("staff_a", 302), ("admin", 200)]:
        client.logout()
        if world["users"][role]:
            client.force_login(world["users"][role])
        assert client.get("/admin/").status_code == status, role


def test_a_post_staff_user_loses_rights_when_the_posting_ends(client, world):
    staff_a = world["users"]["staff_a"]
    posting = staff_a.person.postings.get()
    client.force_login(staff_a)
    edit = f"/network/posts/{world['post_a'].pk}/edit/"
    assert client.get(edit).status_code == 200
    posting.actual_end = posting.start
    posting.save()
    client.force_login(staff_a)  # a new request computes the access again
    assert client.get(edit).status_code == 403  # no longer staff, and no other role
