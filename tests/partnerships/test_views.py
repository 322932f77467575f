import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from partnerships.models import Company, Opportunity
from tests.factories import CompanyFactory, GroupingFactory, OpportunityFactory, domain, valid_siren


def company_data(**overrides):
    return {
        "name": "Vigilance SAS",
        "siren": valid_siren(42),
        "size": "pme",
        "domains": [domain().pk],
        "referenced_on": "2024-01-15",
        "active": "on",
        **overrides,
    }


def test_central_staff_reference_a_company(client, central):
    client.force_login(central)
    response = client.post(reverse("partnerships:company-create"), company_data())
    company = Company.objects.get()
    assertRedirects(response, company.get_absolute_url())
    assert list(company.domains.all()) == [domain()]


def test_a_bad_siren_is_refused_on_its_field(client, central):
    client.force_login(central)
    response = client.post(reverse("partnerships:company-create"), company_data(siren="123456789"))
    assert "siren" in response.context["form"].errors
    assert not Company.objects.exists()


def test_post_staff_read_companies_but_do_not_change_them(client, attache):
    company = CompanyFactory()
    client.force_login(attache)
    assert client.get(company.get_absolute_url()).status_code == 200
    assert client.get(reverse("partnerships:company-update", args=[company.pk])).status_code == 403
    assert client.get(reverse("partnerships:company-create")).status_code == 403


def test_company_list_filters(client, central):
    CompanyFactory(name="Cyber", size="tpe")
    CompanyFactory(name="Vidéo", domains=[domain("Vidéoprotection")])
    grouping = GroupingFactory()
    grouping.members.set([Company.objects.get(name="Vidéo")])
    client.force_login(central)
    url = reverse("partnerships:company-list")

    def names(query):
        return [c.name for c in client.get(f"{url}?{query}").context["object_list"]]

    assert names(f"domain={domain().pk}") == ["Cyber"]
    assert names("size=tpe") == ["Cyber"]
    assert names(f"grouping={grouping.pk}") == ["Vidéo"]


def test_an_attache_signals_an_opportunity_for_their_post_only(client, attache, post, other_post):
    client.force_login(attache)
    data = {
        "post": post.pk,
        "country": "TH",
        "buyer": "Police royale thaïlandaise",
        "title": "Caméras piétons",
        "description": "Besoin de 2 000 caméras.",
        "domains": [domain("Vidéoprotection").pk],
        "kind": "besoin",
    }
    response = client.post(reverse("partnerships:opportunity-create"), data)
    opportunity = Opportunity.objects.get()
    assertRedirects(response, opportunity.get_absolute_url())
    assert opportunity.status == Opportunity.Status.SIGNALLED
    forged = client.post(reverse("partnerships:opportunity-create"), {**data, "post": other_post.pk, "title": "x"})
    assert "post" in forged.context["form"].errors


def test_post_staff_do_not_see_other_posts_opportunities(client, attache, post, other_post):
    own, other = OpportunityFactory(post=post), OpportunityFactory(post=other_post)
    client.force_login(attache)
    assert list(client.get(reverse("partnerships:opportunity-list")).context["object_list"]) == [own]
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.post(reverse("partnerships:opportunity-validate", args=[own.pk])).status_code == 403


def test_central_staff_validate_disseminate_and_see_recipients(client, central, django_capture_on_commit_callbacks):
    company = CompanyFactory(name="Cyber Un")
    CompanyFactory(name="Sans charte", charter_accepted_on=None)
    opportunity = OpportunityFactory()
    client.force_login(central)
    client.post(reverse("partnerships:opportunity-validate", args=[opportunity.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partnerships:opportunity-disseminate", args=[opportunity.pk]), follow=True)
    assert [m.to for m in mail.outbox] == [["export@cyber-un.example"]]
    assertContains(response, "export@cyber-un.example")
    assert [gap.partner.name for gap in response.context["equity"]] == ["Sans charte"]
    company_page = client.get(company.get_absolute_url())
    assert [r.dissemination.opportunity for r in company_page.context["received"]] == [opportunity]


def test_a_refused_decision_is_a_message_not_an_error(client, central):
    opportunity = OpportunityFactory()
    client.force_login(central)
    response = client.post(reverse("partnerships:opportunity-disseminate", args=[opportunity.pk]), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    response = client.post(
        reverse("partnerships:opportunity-reject", args=[opportunity.pk]), {"reason": ""}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.SIGNALLED


def test_a_rejection_reason_the_database_cannot_store_is_refused_with_a_message(client, central):
    opportunity = OpportunityFactory()
    client.force_login(central)
    response = client.post(
        reverse("partnerships:opportunity-reject", args=[opportunity.pk]), {"reason": "hors\x00délai"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Le caractère nul n’est pas autorisé."]
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.SIGNALLED
    assert opportunity.decision_reason == ""


def queries(client, url):
    cache.clear()  # figures and filters computed, not remembered (tests/test_summaries.py)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["company", "opportunity"])
def test_pages_run_a_constant_number_of_queries(client, central, name, django_capture_on_commit_callbacks):
    from partnerships import services

    def make():
        company = CompanyFactory()
        opportunity = services.decide(OpportunityFactory(), Opportunity.Status.VALIDATED)
        with django_capture_on_commit_callbacks(execute=True):
            services.disseminate(opportunity, central)
        return company if name == "company" else opportunity

    record = make()
    client.force_login(central)
    urls = [reverse(f"partnerships:{name}-list"), record.get_absolute_url()]
    queries(client, urls[0])
    few = [queries(client, url) for url in urls]
    for _ in range(8):
        make()
    assert [queries(client, url) for url in urls] == few
