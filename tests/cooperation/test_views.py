import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from cooperation.models import Action, Agreement
from tests.factories import (
    ActionFactory,
    AgreementFactory,
    CompetenceFactory,
    EventFactory,
    OperationalRequestFactory,
    PersonFactory,
    PostFactory,
    ZoneFactory,
    country,
    pdf_upload,
    theme,
)

D = datetime.date


def action_data(post, **overrides):
    data = {
        "post": post.pk,
        "title": "Formation à l'enquête cyber",
        "kind": "formation",
        "themes": [theme().pk],
        "countries": [post.host_country.pk],
        "place": "partenaire",
        "planned_start": "2026-03-02",
        "planned_end": "2026-03-06",
        "status": "programmee",
        "foreign_participants": "14",
        "french_experts": "2",
        "funding": "ministere",
    }
    return {**data, **overrides}


@pytest.fixture
def covered_post(post):
    CompetenceFactory(post=post, start=D(2015, 1, 1))
    return post


# Beneficiary countries and the post's competence


def test_post_staff_record_an_action_in_their_competence(client, attache, covered_post):
    client.force_login(attache)
    response = client.post(reverse("cooperation:action-create"), action_data(covered_post))
    action = Action.objects.get()
    assertRedirects(response, action.get_absolute_url())
    assert action.post == covered_post
    assert list(action.countries.all()) == [covered_post.host_country]
    assert action.outside_competence_confirmed_by is None


def test_a_country_covered_by_another_post_is_refused_with_that_posts_name(client, attache, covered_post):
    madrid = PostFactory(name="SSI Madrid", host_country=country("ES"))
    CompetenceFactory(post=madrid, start=D(2015, 1, 1))
    client.force_login(attache)
    response = client.post(reverse("cooperation:action-create"), action_data(covered_post, countries=["ES"]))
    assert response.status_code == 200
    errors = response.context["form"].errors["countries"]
    assert any("SSI Madrid" in error for error in errors)
    assert "confirm_outside_competence" not in response.context["form"].fields
    assert not Action.objects.exists()


def test_central_staff_may_confirm_an_action_outside_competence_and_it_is_recorded(client, central, covered_post):
    client.force_login(central)
    data = action_data(covered_post, countries=["ES"])
    refused = client.post(reverse("cooperation:action-create"), data)
    assert "countries" in refused.context["form"].errors
    client.post(reverse("cooperation:action-create"), {**data, "confirm_outside_competence": "on"})
    action = Action.objects.get()
    assert action.outside_competence_confirmed_by == central
    assertContains(client.get(action.get_absolute_url()), "central")


def test_post_staff_cannot_record_an_action_for_another_post(client, attache, covered_post, other_post):
    client.force_login(attache)
    response = client.post(reverse("cooperation:action-create"), action_data(other_post))
    assert "post" in response.context["form"].errors
    assert not Action.objects.exists()


# Lists, filters and figures


@pytest.fixture
def record(db):
    asia = ZoneFactory(name="Test Asie")
    sg = country("SG")
    sg.zone = asia
    sg.save()
    singapore = PostFactory(name="SSI Singapour", host_country=sg)
    madrid = PostFactory(name="SSI Madrid", host_country=country("ES"))
    ActionFactory(post=singapore, title="Cyber 2026", foreign_participants=20, actual_cost=3000, themes=[theme()])
    ActionFactory(
        post=singapore,
        title="Stupéfiants 2025",
        planned_start=D(2025, 5, 5),
        planned_end=D(2025, 5, 9),
        foreign_participants=8,
        actual_cost=1000,
        themes=[theme("Trafic de stupéfiants")],
        kind="expertise",
        funding="ue",
        funding_programme="EL PAcCTO",
    )
    ActionFactory(post=madrid, title="Madrid 2026", foreign_participants=5, actual_cost=500)
    return {"singapore": singapore, "madrid": madrid, "asia": asia}


@pytest.mark.parametrize(
    ("query", "titles", "participants"),
    [
        ("", ["Cyber 2026", "Madrid 2026", "Stupéfiants 2025"], 33),
        ("year=2026", ["Cyber 2026", "Madrid 2026"], 25),
        ("post={singapore}", ["Cyber 2026", "Stupéfiants 2025"], 28),
        ("zone={asia}", ["Cyber 2026", "Stupéfiants 2025"], 28),
        ("country=ES", ["Madrid 2026"], 5),
        ("kind=expertise", ["Stupéfiants 2025"], 8),
        ("funding=ue", ["Stupéfiants 2025"], 8),
        ("q=cyber", ["Cyber 2026"], 20),
    ],
)
def test_action_list_filters_and_sums_what_it_shows(client, central, record, query, titles, participants):
    client.force_login(central)
    query = query.format(singapore=record["singapore"].pk, asia=record["asia"].pk)
    response = client.get(f"{reverse('cooperation:action-list')}?{query}")
    assert sorted(a.title for a in response.context["object_list"]) == titles
    assert response.context["totals"]["count"] == len(titles)
    assert response.context["totals"]["participants"] == participants


def test_an_unfiltered_list_shows_and_applies_every_year(client, central, record):
    client.force_login(central)
    response = client.get(reverse("cooperation:action-list"), {"zone": record["asia"].pk})
    year = response.context["filter"].form["year"]
    assert year.value() in (None, "")
    assert '<option value="" selected>' in str(year)
    # The zone alone: this year's action and last year's.
    assert sorted(a.title for a in response.context["object_list"]) == ["Cyber 2026", "Stupéfiants 2025"]


def test_an_action_in_two_countries_of_a_zone_is_listed_and_counted_once(client, central, record):
    from network.models import Country

    second = country("MY")
    Country.objects.filter(pk=second.pk).update(zone=record["asia"])
    Action.objects.get(title="Cyber 2026").countries.add(second)
    client.force_login(central)
    response = client.get(reverse("cooperation:action-list"), {"zone": record["asia"].pk})
    assert sorted(a.title for a in response.context["object_list"]) == ["Cyber 2026", "Stupéfiants 2025"]
    assert response.context["totals"]["count"] == 2
    assert response.context["paginator"].count == 2


def test_action_list_filters_by_theme_and_directorate(client, central, record):
    from cooperation.models import Directorate

    action = Action.objects.get(title="Madrid 2026")
    action.directorates.set([Directorate.objects.get(acronym="DGSCGC")])
    client.force_login(central)
    url = reverse("cooperation:action-list")
    by_theme = client.get(f"{url}?theme={theme('Trafic de stupéfiants').pk}").context["object_list"]
    assert [a.title for a in by_theme] == ["Stupéfiants 2025"]
    by_directorate = client.get(f"{url}?directorate={action.directorates.get().pk}").context["object_list"]
    assert [a.title for a in by_directorate] == ["Madrid 2026"]


def queries(client, url):
    cache.clear()  # the figures computed, not remembered (tests/test_summaries.py)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["action", "operationalrequest", "agreement", "event"])
def test_cooperation_pages_run_a_constant_number_of_queries(client, central, record, name):
    make = {
        "action": lambda post: ActionFactory(post=post, countries=[post.host_country, country("MY")]),
        "operationalrequest": lambda post: OperationalRequestFactory(
            post=post, answered_on=D(2026, 1, 20), outcome="repondu"
        ),
        "agreement": lambda post: AgreementFactory(post=post),
        "event": lambda post: EventFactory(post=post),
    }[name]
    first = make(record["singapore"])
    client.force_login(central)
    list_url = reverse(f"cooperation:{name}-list")
    detail_url = first.get_absolute_url()
    post_url = record["singapore"].get_absolute_url()
    queries(client, list_url)
    few = [queries(client, url) for url in (list_url, detail_url, post_url)]
    for _ in range(15):
        make(record["singapore"])
    assert [queries(client, url) for url in (list_url, detail_url, post_url)] == few


# Operational requests: restricted, with response times


def test_requests_of_other_posts_are_invisible_to_post_staff(client, attache, post, other_post):
    own = OperationalRequestFactory(post=post, reference="2026/OWN")
    other = OperationalRequestFactory(post=other_post, reference="2026/OTHER")
    client.force_login(attache)
    listed = client.get(reverse("cooperation:operationalrequest-list")).context["object_list"]
    assert list(listed) == [own]
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(own.get_absolute_url()).status_code == 200
    assertNotContains(client.get(other_post.get_absolute_url()), "2026/OTHER")


def test_request_list_shows_medians_and_the_oldest_open_requests(client, central, post, other_post):
    for received, answered in [
        (D(2026, 1, 1), D(2026, 1, 5)),
        (D(2026, 1, 1), D(2026, 1, 11)),
        (D(2025, 3, 1), D(2025, 3, 31)),
    ]:
        OperationalRequestFactory(post=post, received_on=received, answered_on=answered, outcome="repondu")
    OperationalRequestFactory(post=other_post, received_on=D(2025, 6, 1), reference="VIEILLE")
    client.force_login(central)
    response = client.get(reverse("cooperation:operationalrequest-list"))
    medians = response.context["medians"]
    assert medians["post"] == [("SSI Bangkok", 10, 3)]
    assert medians["year"] == [(2025, 30, 1), (2026, 7, 2)]
    assert medians["service"] == [("OFAST", 10, 3)]
    assert [r.reference for r in response.context["oldest_open"]] == ["VIEILLE"]
    assert response.context["totals"] == {"count": 4, "open": 1}
    filtered = client.get(reverse("cooperation:operationalrequest-list") + "?year=2026")
    assert filtered.context["medians"]["post"] == [("SSI Bangkok", 7, 2)]


def test_the_request_form_says_no_intelligence(client, attache):
    client.force_login(attache)
    response = client.get(reverse("cooperation:operationalrequest-create"))
    assert "reference" in response.context["form"].fields
    assert "description" not in response.context["form"].fields


# Agreements: the signed document


def agreement_data(**overrides):
    return {
        "kind": "lettre_intention",
        "title": "Lettre d'intention sécurité intérieure",
        "countries": ["SG"],
        "status": "signe",
        "signed_on": "2013-06-01",
        **overrides,
    }


def test_a_signed_pdf_is_attached(client, central):
    client.force_login(central)
    response = client.post(reverse("cooperation:agreement-create"), agreement_data(document=pdf_upload()))
    agreement = Agreement.objects.get()
    assertRedirects(response, agreement.get_absolute_url())
    assert agreement.document.name.endswith(".pdf")
    assert agreement.document.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("accord.docx", b"PK\x03\x04", content_type="application/msword"), "pdf"),
        (SimpleUploadedFile("accord.pdf", b"GIF89a not a pdf", content_type="application/pdf"), "PDF"),
        (pdf_upload(content=b"%PDF-1.4\n" + b"0" * 11 * 1024 * 1024), "10"),
    ],
)
def test_a_document_must_be_a_small_pdf(client, central, upload, message):
    client.force_login(central)
    response = client.post(reverse("cooperation:agreement-create"), agreement_data(document=upload))
    assert response.status_code == 200
    errors = response.context["form"].errors["document"]
    assert any(message in str(error) for error in errors)
    assert not Agreement.objects.exists()


def test_a_signed_agreement_needs_its_date(client, central):
    client.force_login(central)
    response = client.post(reverse("cooperation:agreement-create"), agreement_data(signed_on=""))
    assert "signed_on" in response.context["form"].errors


# The post's page


def test_the_post_page_shows_its_cooperation_by_year(client, central, record):
    OperationalRequestFactory(
        post=record["singapore"], received_on=D(2026, 1, 1), answered_on=D(2026, 1, 9), outcome="repondu"
    )
    OperationalRequestFactory(post=record["singapore"], received_on=D(2026, 2, 1))
    client.force_login(central)
    response = client.get(record["singapore"].get_absolute_url())
    panel = next(panel for panel in response.context["panels"] if "years" in panel)
    years = dict(panel["years"])
    assert years[2026]["actions"]["n"] == 1
    assert years[2026]["actions"]["participants"] == 20
    assert years[2026]["requests"] == {"n": 2, "open": 1, "median": 8}
    assert years[2025]["actions"]["n"] == 1
    assertContains(response, f"?post={record['singapore'].pk}&amp;year=2026")


def test_event_list_counts_participants(client, central, record):
    event = EventFactory(post=record["singapore"])
    event.participants.set([PersonFactory(), PersonFactory()])
    event.partners.create(kind="magistrat", name="Magistrat de liaison", count=3)
    client.force_login(central)
    totals = client.get(reverse("cooperation:event-list")).context["totals"]
    assert totals == {"count": 1, "participants": 2, "partners": 3}
