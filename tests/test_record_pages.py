"""The generic record pages: one prefill for every create page, and no page offering a link
that the access policy would refuse."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from partnerships.models import TradeShow
from tests import factories
from tests.forms import form_data
from tests.test_access_matrix import RECORD_URLS, SAMPLES, policy_of, url_for, view_model, world  # noqa: F401 (fixture)


def initial(client, url):
    return client.get(url).context["form"].initial


def test_a_create_page_is_prefilled_from_the_query_string(client, central, post):
    person = factories.PersonFactory()
    client.force_login(central)
    url = reverse("network:posting-create")
    assert initial(client, f"{url}?person={person.pk}&post={post.pk}") == {
        "person": str(person.pk),
        "post": str(post.pk),
    }
    # Many values for a multiple choice; unknown names are ignored.
    form_initial = initial(client, f"{reverse('cooperation:action-create')}?countries=TH&countries=LA&nope=1")
    assert form_initial == {"countries": ["TH", "LA"]}


def test_the_post_of_a_single_post_user_is_preselected(client, attache, post, other_post):
    client.force_login(attache)
    assert initial(client, reverse("cooperation:action-create"))["post"] == post.pk
    # What the query string names wins.
    assert initial(client, f"{reverse('cooperation:action-create')}?post={other_post.pk}")["post"] == str(
        other_post.pk
    )


def test_staff_of_a_post_with_an_antenna_find_their_own_post_chosen(client, post):
    antenna = factories.AntennaFactory(parent=post)
    staff = factories.post_staff_user(post, username="asi.deux.postes")
    client.force_login(staff)
    form = client.get(reverse("cooperation:action-create")).context["form"]
    assert form.initial["post"] == post.pk
    assert set(form.fields["post"].queryset) == {post, antenna}  # the antenna, chosen by hand
    # The antenna's own staff find the antenna chosen.
    client.force_login(factories.post_staff_user(antenna, username="chef.antenne"))
    assert initial(client, reverse("cooperation:action-create"))["post"] == antenna.pk


def test_dates_that_start_today_come_from_the_model(client, central, post):
    client.force_login(central)
    today = timezone.localdate()
    form = client.get(reverse("network:competence-create")).context["form"]
    assert form["start"].value() == today
    form = client.get(reverse("cooperation:operationalrequest-create")).context["form"]
    assert form["received_on"].value() == today
    form = client.get(reverse("network:poststatuschange-create")).context["form"]
    assert form["date"].value() == today


def test_read_only_users_are_not_offered_to_add_a_delegation(client, read_only, attache):
    show = TradeShow.objects.create(
        name="Milipol Paris",
        start=datetime.date(2025, 11, 18),
        end=datetime.date(2025, 11, 21),
        city="Paris",
        country_id="FR",
    )
    add = reverse("partnerships:delegation-create")
    client.force_login(read_only)
    assert add not in client.get(show.get_absolute_url()).content.decode()
    client.force_login(attache)
    assert add in client.get(show.get_absolute_url()).content.decode()


LINK = re.compile(r'href="(/[^"#?]*)(\?[^"#]*)?"')
SKIPPED = ("/admin/", "/static/", "/accounts/", "/i18n/")


@pytest.mark.parametrize("role", ["read_only", "staff_a", "staff_b"])
def test_no_page_offers_a_link_the_policy_refuses(client, world, role):  # noqa: F811 (the fixture)
    """Every page a role may read, and every link on it: none answers 403."""
    client.force_login(world["users"][role])
    pages = {
        url_for(route, view, world)
        for name, route, view in RECORD_URLS
        if policy_of(name, view) == "read" and (view_model(view) in SAMPLES or "<" not in route)
    }
    links, refused = set(), []
    for page in sorted(pages):
        response = client.get(page)
        if response.status_code != 200 or response.streaming:  # a download has no links
            continue
        links |= {
            path + (query or "").replace("&amp;", "&")
            for path, query in LINK.findall(response.content.decode())
            if not path.startswith(SKIPPED)
        }
    for link in sorted(links - pages):
        if client.get(link).status_code == 403:
            refused.append(link)
    assert not refused, f"{role} is offered links that answer 403: {refused}"


def test_central_staff_keep_reference_data_through_its_pages(client, central, attache):
    from cooperation.models import Theme

    client.force_login(attache)
    assert client.get(reverse("cooperation:theme-create")).status_code == 403
    client.force_login(central)
    response = client.post(reverse("cooperation:theme-create"), {"name": "Cybersécurité portuaire", "active": "on"})
    theme = Theme.objects.get(name="Cybersécurité portuaire")
    assert response["Location"] == theme.get_absolute_url()
    response = client.get(reverse("cooperation:theme-list"), {"q": "portuaire"})
    assert [row.name for row in response.context["object_list"]] == ["Cybersécurité portuaire"]
    edit = reverse("cooperation:theme-update", args=[theme.pk])
    data = form_data(client.get(edit), name="Sûreté portuaire")
    del data["active"]
    response = client.post(edit, data)
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.active) == ("Sûreté portuaire", False)
    entries = client.get(reverse("cooperation:theme-history", args=[theme.pk])).context["entries"]
    assert len(entries) == 2
    assert client.post(reverse("cooperation:theme-delete", args=[theme.pk])).status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_post_staff_add_partners_to_their_own_events_only(client, attache, post, other_post):
    from cooperation.models import EventPartner

    own, other = factories.EventFactory(post=post), factories.EventFactory(post=other_post)
    client.force_login(attache)
    assert f"?event={own.pk}" in client.get(own.get_absolute_url()).content.decode()
    assert f"?event={other.pk}" not in client.get(other.get_absolute_url()).content.decode()
    url = reverse("cooperation:eventpartner-create")
    response = client.post(url, {"event": other.pk, "kind": "magistrat", "name": "Intrus", "count": 1})
    assert "event" in response.context["form"].errors
    response = client.post(url, {"event": own.pk, "kind": "magistrat", "name": "Magistrat", "count": 1})
    assert response.status_code == 302
    assert list(EventPartner.objects.values_list("name", flat=True)) == ["Magistrat"]


def test_a_contact_belongs_to_a_company_or_a_grouping_whoever_saves_it(client, central):
    from django.core.exceptions import ValidationError

    from partnerships.models import Contact

    company, grouping = factories.CompanyFactory(contact=False), factories.GroupingFactory(contact=False)
    client.force_login(central)
    for choice in ({}, {"company": company.pk, "grouping": grouping.pk}):
        response = client.post(reverse("partnerships:contact-create"), {"name": "Export", "email": "e@x.fr", **choice})
        assert response.context["form"].non_field_errors() == [
            gettext("A contact belongs to a company or to a grouping: choose one.")
        ]
    assert not Contact.objects.exists()
    with pytest.raises(ValidationError):
        Contact(name="Export", email="e@x.fr").full_clean()
    Contact(name="Export", email="e@x.fr", company=company).full_clean()


def test_an_e_mail_address_in_a_list_is_a_link_that_writes_to_it(client, central):
    from partnerships.models import Contact

    company = factories.CompanyFactory(contact=False)
    Contact.objects.create(name="Export", email="affaires.publiques@exemple.fr", company=company)
    client.force_login(central)
    response = client.get(reverse("partnerships:contact-list"))
    assert (
        '<a href="mailto:affaires.publiques@exemple.fr">affaires.publiques@exemple.fr</a>' in response.content.decode()
    )
    exported = client.get(reverse("partnerships:contact-list"), {"export": "csv"})
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert "affaires.publiques@exemple.fr" in text
    assert "mailto" not in text
