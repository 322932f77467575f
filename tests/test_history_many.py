"""The history keeps many-to-many fields (themes, countries, contributors…): one entry per save,
showing the values before and after."""

import datetime

from django.urls import reverse
from pytest_django.asserts import assertContains

from cooperation.models import Action
from dcis.history import entries
from tests import factories

D = datetime.date


def edit(client, url, **changes):
    """Post the edit form as it stands, with `changes`."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    data.update(changes)
    return client.post(url, data)


def test_changing_countries_and_themes_is_one_entry_with_both(client, central, post):
    factories.CompetenceFactory(post=post)
    factories.CompetenceFactory(post=post, country=factories.country("MY"))
    client.force_login(central)
    created = client.post(
        reverse("cooperation:action-create"),
        {
            "post": post.pk,
            "title": "Formation cyber",
            "kind": "formation",
            "themes": [factories.theme().pk],
            "countries": ["TH"],
            "planned_start": "2026-03-02",
            "planned_end": "2026-03-06",
            "status": "en_projet",
            "place": "partenaire",
            "funding": "ministere",
            "foreign_participants": "12",
            "french_experts": "2",
        },
    )
    assert created.status_code == 302, created.context["form"].errors
    action = Action.objects.get(title="Formation cyber")
    assert [row.history_type for row in action.history.all()] == ["+"]  # one entry for the creation

    terrorism = factories.theme("Terrorisme")
    response = edit(
        client,
        reverse("cooperation:action-update", args=[action.pk]),
        countries=["TH", "MY"],
        themes=[str(terrorism.pk)],
    )
    assert response.status_code == 302, response.context["form"].errors
    assert [row.history_type for row in action.history.all()] == ["~", "+"]  # and one for the edit

    latest, first = entries(Action, list(action.history.all()))
    changes = {change.label: (change.old, change.new) for change in latest.changes}
    assert changes == {
        "pays bénéficiaires": ("Thaïlande", "Malaisie, Thaïlande"),
        "thèmes": ("Cybercriminalité", "Terrorisme"),
    }
    assert {change.label: change.new for change in first.changes}["thèmes"] == "Cybercriminalité"
    page = client.get(reverse("cooperation:action-history", args=[action.pk]))
    assertContains(page, "Malaisie, Thaïlande")


def test_a_save_that_changes_no_relation_is_one_entry(client, central, post):
    factories.CompetenceFactory(post=post)
    action = factories.ActionFactory(post=post)
    before = action.history.count()
    client.force_login(central)
    response = edit(client, reverse("cooperation:action-update", args=[action.pk]), title="Autre titre")
    assert response.status_code == 302, response.context["form"].errors
    assert action.history.count() == before + 1
    latest = entries(Action, list(action.history.all()))[0]
    assert [(change.label, change.new) for change in latest.changes] == [("intitulé", "Autre titre")]


def test_a_grouping_keeps_its_members(client, central):
    company = factories.CompanyFactory(name="Entreprise A")
    grouping = factories.GroupingFactory(name="Groupement")
    client.force_login(central)
    response = edit(client, reverse("partnerships:grouping-update", args=[grouping.pk]), members=[str(company.pk)])
    assert response.status_code == 302, response.context["form"].errors
    latest = entries(type(grouping), list(grouping.history.all()))[0]
    assert ("entreprises membres", "—", "Entreprise A") in [(c.label, c.old, c.new) for c in latest.changes]
