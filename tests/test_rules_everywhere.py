"""Each business rule holds wherever a record is written: the site's pages and the Django admin
(its inlines included) refuse the same things, with the model layer's message, and save nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from cooperation import services as cooperation_services
from cooperation.models import Action
from network.models import Competence, Person, Post, Posting, PostStatusChange, default_planned_end
from partnerships.models import Opportunity
from tests.factories import (
    ActionFactory,
    CompetenceFactory,
    OpportunityFactory,
    PersonFactory,
    PostingFactory,
    country,
    theme,
)
from tests.forms import form_data

D = datetime.date


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@interieur.gouv.fr", "password")


def admin_url(model, obj=None):
    opts = model._meta
    if obj is None:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def as_posted(value):
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return "on" if value is True else str(value)


def admin_data(response, rows=None, **changes):
    """What an admin page posts as it stands (its inlines' rows included), changed, with new
    inline rows appended: `rows={"postings": [{"person": …, "role": …}, …]}`."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms += formset.initial_forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value not in (None, False, ""):
                data[form.add_prefix(name)] = as_posted(value)
    for prefix, new_rows in (rows or {}).items():
        total = int(data[f"{prefix}-TOTAL_FORMS"])
        for i, row in enumerate(new_rows, start=total):
            data.update({f"{prefix}-{i}-{name}": as_posted(value) for name, value in row.items()})
        data[f"{prefix}-TOTAL_FORMS"] = str(total + len(new_rows))
    return {**data, **changes}


def admin_post(client, url, rows=None, **changes):
    return client.post(url, admin_data(client.get(url), rows, **changes))


def admin_errors(response):
    """{field: [messages]} of the admin page's form and of every inline row."""
    assert response.status_code == 200, "the admin saved instead of refusing"
    errors = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += inline.formset.forms
        errors.setdefault("__all__", []).extend(inline.formset.non_form_errors())
    for form in forms:
        for field, messages in form.errors.items():
            errors.setdefault(field, []).extend(messages)
    return errors


def page_errors(response):
    assert response.status_code == 200, "the page saved instead of refusing"
    return response.context["form"].errors


def mentions(messages, *words):
    return any(all(word in message for word in words) for message in messages)


@pytest.fixture
def bangkok(post):
    CompetenceFactory(post=post, start=D(2015, 1, 1))
    return post


@pytest.fixture
def asi(bangkok):
    return PostingFactory(post=bangkok, role=Posting.Role.ASI, start=D(2022, 9, 1), person__last_name="Martin")


def posting_row(person=None, post=None, role=Posting.Role.DEPUTY, start="2024-09-01", **fields):
    row = {"role": role, "start": start, **fields}
    if person:
        row["person"] = person.pk
    if post:
        row["post"] = post.pk
    return row


# One post per country at a date


def test_a_country_covered_by_another_post_is_refused_by_the_page_and_the_admin(
    client, central, superuser, bangkok, other_post
):
    row = {"post": other_post.pk, "country": "TH", "kind": "extension", "start": "2020-01-01"}
    client.force_login(central)
    page = client.post(reverse("network:competence-create"), row)
    assert mentions(page_errors(page)["country"], "SSI Bangkok")

    client.force_login(superuser)
    refused = admin_post(client, admin_url(Competence), **row)
    assert mentions(admin_errors(refused)["country"], "SSI Bangkok")
    inline = admin_post(client, admin_url(Post, other_post), rows={"competences": [row]})
    assert mentions(admin_errors(inline)["country"], "SSI Bangkok")
    assert list(Competence.objects.values_list("post__name", flat=True)) == ["SSI Bangkok"]


def test_two_competences_for_one_country_in_one_admin_save_are_refused(client, superuser, other_post):
    first = {"country": "PT", "kind": "extension", "start": "2020-01-01", "end": "2024-12-31"}
    second = {"country": "PT", "kind": "extension", "start": "2024-01-01"}
    client.force_login(superuser)
    response = admin_post(client, admin_url(Post, other_post), rows={"competences": [first, second]})
    assert mentions(admin_errors(response)["country"], "SSI Madrid")
    assert not Competence.objects.filter(country="PT").exists()


def test_competences_for_one_country_one_after_the_other_are_saved_together(client, superuser, other_post):
    first = {"country": "PT", "kind": "extension", "start": "2020-01-01", "end": "2023-12-31"}
    second = {"country": "PT", "kind": "extension", "start": "2024-01-01"}
    client.force_login(superuser)
    response = admin_post(client, admin_url(Post, other_post), rows={"competences": [first, second]})
    assert response.status_code == 302
    assert list(other_post.competences.filter(country="PT").values_list("start", "end").order_by("start")) == [
        (D(2020, 1, 1), D(2023, 12, 31)),
        (D(2024, 1, 1), None),
    ]


# One posting at a time per person


def test_a_second_posting_for_one_person_is_refused_by_the_page_and_the_admin(
    client, central, superuser, asi, other_post
):
    row = posting_row(person=asi.person, post=other_post)
    client.force_login(central)
    page = client.post(reverse("network:posting-create"), row)
    assert mentions(page_errors(page)["start"], "SSI Bangkok")

    client.force_login(superuser)
    refused = admin_post(client, admin_url(Posting), **row)
    assert mentions(admin_errors(refused)["start"], "SSI Bangkok")
    inline = admin_post(client, admin_url(Person, asi.person), rows={"postings": [posting_row(post=other_post)]})
    assert mentions(admin_errors(inline)["start"], "SSI Bangkok")
    assert list(asi.person.postings.all()) == [asi]


def test_two_postings_of_a_new_person_in_one_admin_save_are_refused(client, superuser, post, other_post):
    client.force_login(superuser)
    response = admin_post(
        client,
        admin_url(Person),
        rows={"postings": [posting_row(post=post), posting_row(post=other_post, start="2025-09-01")]},
        last_name="Durand",
        first_name="Claire",
        corps="police",
    )
    errors = admin_errors(response)
    assert mentions(errors["start"], "DURAND", "SSI Bangkok")
    assert not Person.objects.filter(last_name="Durand").exists()
    assert not Posting.objects.filter(post__in=[post, other_post], role=Posting.Role.DEPUTY).exists()


# One ASI per post at a date


def test_a_second_asi_is_refused_by_the_page_and_the_admin(client, central, superuser, asi):
    row = posting_row(person=PersonFactory(), post=asi.post, role=Posting.Role.ASI)
    client.force_login(central)
    page = client.post(reverse("network:posting-create"), row)
    assert mentions(page_errors(page)["role"], "MARTIN")

    client.force_login(superuser)
    refused = admin_post(client, admin_url(Posting), **row)
    assert mentions(admin_errors(refused)["role"], "MARTIN")
    inline = admin_post(client, admin_url(Post, asi.post), rows={"postings": [row]})
    assert mentions(admin_errors(inline)["role"], "MARTIN")
    assert list(Posting.objects.filter(role=Posting.Role.ASI)) == [asi]


def test_two_asis_in_one_admin_save_are_refused(client, superuser, other_post):
    first, second = PersonFactory(last_name="Petit"), PersonFactory(last_name="Roux")
    rows = [posting_row(person=person, role=Posting.Role.ASI) for person in (first, second)]
    client.force_login(superuser)
    response = admin_post(client, admin_url(Post, other_post), rows={"postings": rows})
    assert mentions(admin_errors(response)["role"], "SSI Madrid", "PETIT")
    assert not other_post.postings.filter(role=Posting.Role.ASI).exists()


def test_an_asi_after_another_in_one_admin_save_is_saved(client, superuser, other_post):
    first, second = PersonFactory(last_name="Petit"), PersonFactory(last_name="Roux")
    rows = [
        posting_row(person=first, role=Posting.Role.ASI, start="2020-09-01", planned_end="2024-08-31"),
        posting_row(person=second, role=Posting.Role.ASI, start="2024-09-01"),
    ]
    client.force_login(superuser)
    assert admin_post(client, admin_url(Post, other_post), rows={"postings": rows}).status_code == 302
    assert set(other_post.postings.values_list("person__last_name", flat=True)) == {"Petit", "Roux"}


# A liaison officer has a theme; planned end defaulting


def test_a_liaison_officer_without_a_theme_is_refused_by_the_page_and_the_admin(client, central, superuser, post):
    row = posting_row(person=PersonFactory(), post=post, role=Posting.Role.LIAISON_OFFICER)
    client.force_login(central)
    assert "theme" in page_errors(client.post(reverse("network:posting-create"), row))

    client.force_login(superuser)
    assert "theme" in admin_errors(admin_post(client, admin_url(Posting), **row))
    assert "theme" in admin_errors(admin_post(client, admin_url(Post, post), rows={"postings": [row]}))
    assert not Posting.objects.filter(role=Posting.Role.LIAISON_OFFICER).exists()


def test_the_page_and_the_admin_give_the_same_default_planned_end(client, central, superuser, post, other_post):
    from_page, from_admin, from_inline = PersonFactory(), PersonFactory(), PersonFactory()
    client.force_login(central)
    client.post(reverse("network:posting-create"), posting_row(person=from_page, post=post))
    client.force_login(superuser)
    assert admin_post(client, admin_url(Posting), **posting_row(person=from_admin, post=post)).status_code == 302
    inline = admin_post(client, admin_url(Post, other_post), rows={"postings": [posting_row(person=from_inline)]})
    assert inline.status_code == 302
    planned_ends = Posting.objects.filter(person__in=[from_page, from_admin, from_inline]).values_list(
        "planned_end", flat=True
    )
    assert list(planned_ends) == [default_planned_end(D(2024, 9, 1))] * 3 == [D(2028, 8, 31)] * 3


# An action outside the post's competence


def action_row(post, **overrides):
    return {
        "post": post.pk,
        "title": "Formation à l'enquête cyber",
        "kind": "formation",
        "themes": [theme().pk],
        "countries": ["ES"],
        "place": "partenaire",
        "planned_start": "2026-03-02",
        "planned_end": "2026-03-06",
        "status": "programmee",
        "foreign_participants": "14",
        "french_experts": "2",
        "funding": "ministere",
        **overrides,
    }


@pytest.fixture
def madrid(other_post):
    CompetenceFactory(post=other_post, start=D(2015, 1, 1))
    return other_post


def test_an_action_outside_competence_is_refused_by_the_page_and_the_admin(
    client, central, superuser, bangkok, madrid
):
    client.force_login(central)
    page = client.post(reverse("cooperation:action-create"), action_row(bangkok))
    assert mentions(page_errors(page)["countries"], "SSI Madrid", "SSI Bangkok")

    client.force_login(superuser)
    refused = admin_post(client, admin_url(Action), **action_row(bangkok))
    assert mentions(admin_errors(refused)["countries"], "SSI Madrid", "SSI Bangkok")
    assert not Action.objects.exists()


def test_the_admin_records_who_confirms_an_action_outside_competence(client, superuser, bangkok, madrid):
    client.force_login(superuser)
    response = admin_post(client, admin_url(Action), **action_row(bangkok, confirm_outside_competence="on"))
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.outside_competence_confirmed_by == superuser
    assert list(action.countries.values_list("code", flat=True)) == ["ES"]
    assert list(action.themes.all()) == [theme()]


def test_only_central_staff_may_confirm_an_action_outside_competence(attache, bangkok, madrid):
    action = ActionFactory.build(post=bangkok)
    with pytest.raises(ValidationError) as error:
        cooperation_services.save_action(action, [country("ES")], attache, confirm=True)
    assert "countries" in error.value.message_dict
    assert not Action.objects.exists()


def test_a_confirmation_stands_while_the_post_and_countries_stay(client, central, attache, bangkok, madrid):
    action = ActionFactory(post=bangkok, countries=[country("ES")], outside_competence_confirmed_by=central)
    client.force_login(attache)
    url = reverse("cooperation:action-update", args=[action.pk])
    kept = client.post(url, form_data(client.get(url), evaluation="Très utile"))
    assertRedirects(kept, action.get_absolute_url())
    action.refresh_from_db()
    assert (action.evaluation, action.outside_competence_confirmed_by) == ("Très utile", central)

    moved = client.post(url, form_data(client.get(url), countries=["ES", "PT"]))
    assert mentions(page_errors(moved)["countries"], "SSI Madrid")
    assert list(action.countries.values_list("code", flat=True)) == ["ES"]


def test_an_action_back_in_competence_loses_its_confirmation(client, central, bangkok, madrid):
    action = ActionFactory(post=bangkok, countries=[country("ES")], outside_competence_confirmed_by=central)
    client.force_login(central)
    url = reverse("cooperation:action-update", args=[action.pk])
    client.post(url, form_data(client.get(url), countries=["TH"]))
    action.refresh_from_db()
    assert list(action.countries.values_list("code", flat=True)) == ["TH"]
    assert action.outside_competence_confirmed_by is None


# A new post's first status


def post_row(**overrides):
    return {
        "name": "SSI Lima",
        "kind": "ssi",
        "host_country": "PE",
        "city": "Lima",
        "status": "planned",
        "status_date": "2026-01-15",
        **overrides,
    }


@pytest.mark.parametrize("where", ["page", "admin"])
def test_a_new_post_starts_with_its_first_status(client, central, superuser, where):
    if where == "page":
        client.force_login(central)
        response = client.post(reverse("network:post-create"), post_row())
    else:
        client.force_login(superuser)
        response = admin_post(client, admin_url(Post), **post_row())
    assert response.status_code == 302
    lima = Post.objects.get(name="SSI Lima")
    assert list(lima.status_changes.values_list("status", "date")) == [("planned", D(2026, 1, 15))]


def test_a_new_post_without_a_status_is_refused_by_the_page_and_the_admin(client, central, superuser):
    client.force_login(central)
    assert "status" in page_errors(client.post(reverse("network:post-create"), post_row(status="")))
    client.force_login(superuser)
    assert "status_changes-TOTAL_FORMS" not in admin_data(client.get(admin_url(Post)))  # asked above, not in rows
    assert "status" in admin_errors(admin_post(client, admin_url(Post), **post_row(status="")))
    assert not Post.objects.filter(name="SSI Lima").exists()
    assert not PostStatusChange.objects.filter(post__name="SSI Lima").exists()


# An opportunity's workflow


def test_an_opportunity_status_changes_only_through_its_workflow(client, central, superuser):
    closed = OpportunityFactory(status=Opportunity.Status.CLOSED)
    client.force_login(central)
    page = client.post(reverse("partnerships:opportunity-validate", args=[closed.pk]), follow=True)
    assert [m.level_tag for m in page.context["messages"]] == ["error"]

    client.force_login(superuser)
    url = admin_url(Opportunity, closed)
    assert admin_post(client, url, status=Opportunity.Status.VALIDATED).status_code == 302  # read only: ignored
    closed.refresh_from_db()
    assert closed.status == Opportunity.Status.CLOSED

    changelist = reverse("admin:partnerships_opportunity_changelist")
    response = client.post(
        changelist, {"action": "validate", "_selected_action": [closed.pk], "index": 0}, follow=True
    )
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert mentions(errors, closed.title)
    closed.refresh_from_db()
    assert closed.status == Opportunity.Status.CLOSED


def test_the_admin_validates_and_closes_signalled_opportunities_through_the_workflow(client, superuser):
    signalled = OpportunityFactory()
    client.force_login(superuser)
    changelist = reverse("admin:partnerships_opportunity_changelist")
    for action, status in [("validate", Opportunity.Status.VALIDATED), ("close", Opportunity.Status.CLOSED)]:
        client.post(changelist, {"action": action, "_selected_action": [signalled.pk], "index": 0})
        signalled.refresh_from_db()
        assert signalled.status == status
