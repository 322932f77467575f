"""The searchable selects: the endpoint that answers what is typed, and the widget of the filters."""

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from pytest_django.asserts import assertContains

from cooperation.models import Action
from dcis import autocomplete
from dcis.folding import Folded, fold
from dcis.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from network.models import Country, Post, Zone
from partnerships.models import Opportunity
from tests import factories


def search(client, source, q=None):
    response = client.get(reverse("autocomplete", args=[source]), {} if q is None else {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def texts(answer):
    return [result["text"] for result in answer["results"]]


# The endpoint: the access policy


def test_the_endpoint_is_for_signed_in_users_with_a_role(client, no_role, post):
    url = reverse("autocomplete", args=["post"])
    response = client.get(url, {"q": "bang"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(no_role)
    response = client.get(url, {"q": "bang"})
    assert response.status_code == 403
    assert b"SSI Bangkok" not in response.content


def test_an_unknown_source_is_not_found(client, central):
    client.force_login(central)
    assert client.get(reverse("autocomplete", args=["password"])).status_code == 404


@pytest.mark.parametrize("source", sorted(autocomplete._sources))
@pytest.mark.parametrize("role", ["anonymous", "no_role", "read_only", "attache", "central"])
def test_every_source_answers_each_role_with_what_it_may_see(client, request, post, source, role):
    """Nothing typed: the first records the access policy gives the user, or a refusal."""
    records_to_find(post)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user:
        client.force_login(user)
    response = client.get(reverse("autocomplete", args=[source]))
    if role in ("anonymous", "no_role"):
        assert response.status_code == (302 if role == "anonymous" else 403)
        return
    model = autocomplete._sources[source].model
    visible = model.objects.visible_to(user)[: autocomplete.LIMIT]
    assert response.json()["results"] == [{"id": str(record.pk), "text": str(record)} for record in visible]
    assert response.json()["results"]


def records_to_find(post):
    """One record of every source's model, at the post."""
    import datetime

    from cooperation.models import Institution
    from partnerships.models import TradeShow

    factories.ObjectivesLetterFactory(posting=factories.PostingFactory(post=post))
    factories.EventFactory(post=post)
    factories.CompanyFactory()
    factories.GroupingFactory()
    Institution.objects.create(country=post.host_country, name="Police royale thaïlandaise")
    day = datetime.date(2026, 11, 17)
    TradeShow.objects.create(name="Milipol", start=day, end=day, city="Paris", country=factories.country("FR"))


@pytest.mark.parametrize("source", sorted(autocomplete._sources))
@pytest.mark.parametrize("role", ["read_only", "attache", "central"])
def test_a_scope_narrows_what_a_source_offers_to_what_the_user_may_change(client, request, post, source, role):
    """A form's select offers what the field accepts: the posts the user may change…"""
    records_to_find(post)
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get(reverse("autocomplete", args=[source]), {"scope": "editable"})
    model = autocomplete._sources[source].model
    editable = model.objects.visible_to(user).editable_by(user)[: autocomplete.LIMIT]
    assert response.json()["results"] == [{"id": str(record.pk), "text": str(record)} for record in editable]
    if source == "post":
        assert (
            texts(response.json()) == {"read_only": [], "attache": ["SSI Bangkok"], "central": ["SSI Bangkok"]}[role]
        )


def test_people_offered_for_a_posting_are_those_the_user_may_post(client, attache, post, other_post):
    elsewhere = factories.PostingFactory(post=other_post, person=factories.PersonFactory(last_name="AILLEURS"))
    newcomer = factories.PersonFactory(last_name="ARRIVANT")
    client.force_login(attache)
    assert "AILLEURS" in str(search(client, "person", "ailleurs"))
    found = client.get(reverse("autocomplete", args=["person"]), {"scope": "postable", "q": "a"}).json()
    names = texts(found)
    assert any("ARRIVANT" in name for name in names) and not any("AILLEURS" in name for name in names)
    assert elsewhere.person != newcomer


@pytest.mark.parametrize("scope", ["postable", "visible", "__class__", "editable_by"])
def test_a_scope_the_source_has_not_is_not_found(client, central, scope):
    client.force_login(central)
    assert client.get(reverse("autocomplete", args=["country"]), {"scope": scope}).status_code == 404


def test_post_staff_find_what_the_policy_lets_them_see(client, monkeypatch, attache, post, other_post):
    """Posts are open to every role; a need-to-know record only to its post's staff."""
    monkeypatch.setitem(
        autocomplete._sources, "opportunity", autocomplete.Source("opportunity", Opportunity, ("title",))
    )
    own = factories.OpportunityFactory(post=post, title="Drones de surveillance")
    factories.OpportunityFactory(post=other_post, title="Drones maritimes")
    client.force_login(attache)
    assert texts(search(client, "post", "ssi")) == ["SSI Bangkok", "SSI Madrid"]
    assert search(client, "opportunity", "drones")["results"] == [{"id": str(own.pk), "text": own.title}]
    client.force_login(factories.central_user(username="central"))
    assert texts(search(client, "opportunity", "drones")) == ["Drones de surveillance", "Drones maritimes"]


# The endpoint: the search


def test_a_search_ignores_case_and_accents_on_both_sides(client, central):
    senegal = factories.PostFactory(name="SSI Sénégal", host_country=factories.country("SN"))
    factories.PostFactory(name="SSI Dakar-Œuvre", host_country=factories.country("SN"))
    client.force_login(central)
    for typed in ("senegal", "SÉNÉGAL", "Senégal", "ssi sene", "  egal  "):
        assert search(client, "post", typed)["results"] == [{"id": str(senegal.pk), "text": "SSI Sénégal"}], typed
    assert texts(search(client, "post", "oeuvre")) == ["SSI Dakar-Œuvre"]
    assert texts(search(client, "post", "ŒUVRE")) == ["SSI Dakar-Œuvre"]
    assert search(client, "post", "senegal madrid")["results"] == []  # every word must match


def test_wildcards_typed_are_letters(client, central, post):
    client.force_login(central)
    assert search(client, "post", "%")["results"] == []
    assert search(client, "post", "SSI_Bangkok")["results"] == []


def test_a_country_is_found_by_its_french_name_and_by_its_name_in_the_users_language(client, central):
    client.force_login(central)
    assert texts(search(client, "country", "cote d’ivoire")) == ["Côte d'Ivoire"]
    assert texts(search(client, "country", "allemagne")) == ["Allemagne"]
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        assert search(client, "country", "germany")["results"] == [{"id": "DE", "text": "Germany"}]
        assert texts(search(client, "country", "allemagne")) == ["Germany"]


def test_names_with_a_word_that_begins_as_typed_come_first(client, central):
    client.force_login(central)
    found = texts(search(client, "country", "gu"))
    first = [name for name in found if fold(name).startswith("gu") or " gu" in fold(name)]
    assert "Guatémala" in first
    assert found[: len(first)] == first  # then the database's order of names, which its collation decides
    assert "Antigua-et-Barbuda" in found[len(first) :]
    assert texts(search(client, "country", "guinee"))[0] == "Guinée"
    assert texts(search(client, "country", "guinee"))[-1] == "Papouasie-Nouvelle-Guinée"


def test_people_are_found_by_first_or_last_name(client, central):
    dupont = factories.PersonFactory(first_name="Hélène", last_name="Dupont")
    factories.PersonFactory(first_name="Jean", last_name="Martin")
    client.force_login(central)
    assert search(client, "person", "helene")["results"] == [{"id": str(dupont.pk), "text": "DUPONT Hélène"}]
    assert texts(search(client, "person", "dupont hel")) == ["DUPONT Hélène"]


def test_zones_and_themes_are_sources_too(client, central):
    client.force_login(central)
    assert texts(search(client, "zone", "balk")) == ["Balkans-Europe"]
    assert texts(search(client, "theme", "cybercrim")) == ["Cybercriminalité"]


def test_the_first_results_come_in_order_and_say_whether_there_are_more(client, central):
    for i in range(autocomplete.LIMIT + 1):
        factories.PostFactory(name=f"SSI Test {i:02}")
    client.force_login(central)
    answer = search(client, "post", "test")
    assert texts(answer) == [f"SSI Test {i:02}" for i in range(autocomplete.LIMIT)]
    assert answer["more"] is True
    answer = search(client, "post", "test 2")
    assert texts(answer) == ["SSI Test 02", "SSI Test 12", "SSI Test 20"]
    assert answer["more"] is False
    assert len(search(client, "post")["results"]) == autocomplete.LIMIT  # nothing typed: the first ones


def test_what_anyone_could_type_is_no_error(client, central, post):
    client.force_login(central)
    for typed in ("x\x00y", "x" * 10_000, "'; drop table network_post; --", " ", "\\", "a b c d e f g h"):
        search(client, "post", typed)
        search(client, "country", typed)
    assert search(client, "post", "bang\x00kok")["results"][0]["text"] == "SSI Bangkok"


@pytest.mark.parametrize("role", ["central", "attache"])
def test_a_search_runs_a_pinned_number_of_queries(client, request, role, post):
    """The session, the user, their groups and postings (4), then the matches (1)."""
    for i in range(30):
        factories.PostFactory(name=f"SSI Test {i:02}")
    client.force_login(request.getfixturevalue(role))
    search(client, "post", "ssi")  # the session's first write
    with CaptureQueriesContext(connection) as queries:
        assert len(search(client, "post", "ssi")["results"]) == autocomplete.LIMIT
    assert len(queries) == 5
    with CaptureQueriesContext(connection) as queries:
        search(client, "country", "a")
    assert len(queries) == 5


@pytest.mark.django_db
def test_the_database_folds_as_python_does():
    """Every accented Latin letter PostgreSQL is taught (or SQLite's Python function) gives `fold()`'s result."""
    names = ["Ærø Łódź", "ÀÉÎÕÜ çñ ß", "Ĳsselmeer Œil", "Đakovo Ħamrun İstanbul", "Côte d’Ivoire", "ŠKODA žiŽ"]
    zones = [factories.ZoneFactory(name=name) for name in names]
    folded = dict(Zone.objects.filter(pk__in=[zone.pk for zone in zones]).values_list("name", Folded("name")))
    assert folded == {name: fold(name) for name in names}
    assert fold("Ærø Łódź") == "aero lodz"


# The widget, in the list filters


def test_a_list_page_offers_only_the_chosen_post(client, central, post, other_post):
    factories.ActionFactory(post=post, title="Formation cyber")
    factories.ActionFactory(post=other_post, title="Audit portuaire")
    client.force_login(central)
    url = reverse("cooperation:action-list")
    page = client.get(url).content.decode()
    assert f'data-autocomplete-url="{reverse("autocomplete", args=["post"])}"' in page
    assert f'data-autocomplete-url="{reverse("autocomplete", args=["country"])}"' in page
    assert ">SSI Madrid</option>" not in page
    assert ">Thaïlande</option>" not in page

    response = client.get(url, {"post": other_post.pk})
    page = response.content.decode()
    assert f'<option value="{other_post.pk}" selected>SSI Madrid</option>' in page
    assert ">SSI Bangkok</option>" not in page
    assert [action.title for action in response.context["object_list"]] == ["Audit portuaire"]


def test_a_chosen_country_is_shown_and_filters(client, central, post):
    factories.OpportunityFactory(post=post, title="Caméras thaïes")
    factories.OpportunityFactory(post=post, country=factories.country("LA"), title="Radios laotiennes")
    client.force_login(central)
    response = client.get(reverse("partnerships:opportunity-list"), {"country": "LA"})
    assert '<option value="LA" selected>Laos</option>' in response.content.decode()
    assert ">Thaïlande</option>" not in response.content.decode()
    assert [opportunity.title for opportunity in response.context["object_list"]] == ["Radios laotiennes"]


@pytest.mark.parametrize("value", ["99999999", "abc", "-1", str(10**30), "x\x00y"])
def test_a_post_that_cannot_be_chosen_gets_the_forms_message(client, central, post, value):
    factories.ActionFactory(post=post)
    client.force_login(central)
    response = client.get(reverse("cooperation:action-list"), {"post": value})
    assert response.status_code == 200
    (message,) = response.context["filter"].form.errors["post"]
    assert message in {
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.",
        "Le caractère nul n’est pas autorisé.",
    }
    assertContains(response, escape(message))
    assert not response.context["object_list"]
    assert ">SSI Bangkok</option>" not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "filter_name"),
    [
        ("network:post-list", "host_country"),
        ("network:post-list", "competence"),
        ("network:person-list", "post"),
        ("network:country-list", "post"),
        ("cooperation:action-list", "post"),
        ("cooperation:action-list", "country"),
        ("cooperation:operationalrequest-list", "post"),
        ("cooperation:agreement-list", "country"),
        ("cooperation:event-list", "country"),
        ("partnerships:opportunity-list", "post"),
        ("partnerships:tradeshow-list", "country"),
        ("partnerships:assistance-list", "post"),
    ],
)
def test_every_post_and_country_filter_searches(client, central, name, filter_name):
    client.force_login(central)
    form = client.get(reverse(name)).context["filter"].form
    assert isinstance(form.fields[filter_name].widget, AutocompleteSelect)


def test_the_multiple_widget_renders_only_the_chosen_records(db, post, other_post):
    class CountriesForm(forms.Form):
        countries = forms.ModelMultipleChoiceField(
            queryset=Country.objects.all(), widget=AutocompleteSelectMultiple, required=False
        )

    with CaptureQueriesContext(connection) as queries:
        html = str(CountriesForm(initial={"countries": ["TH", "ES", "ZZ"]})["countries"])
    assert len(queries) == 1
    assert "multiple" in html
    assert '<option value="ES" selected>Espagne</option>' in html
    assert '<option value="TH" selected>Thaïlande</option>' in html
    assert html.count("<option") == 2
    assert 'data-autocomplete-url="/autocomplete/country/"' in html
    assert "vendor/tom-select/tom-select.complete.min.js" in str(CountriesForm().media)


def test_a_widget_names_its_source_or_finds_it_by_model(db):
    assert AutocompleteSelect(source="person").get_source().model.__name__ == "Person"
    widget = forms.ModelChoiceField(queryset=Action.objects.all(), widget=AutocompleteSelect).widget
    with pytest.raises(ImproperlyConfigured, match="No autocomplete source is registered for Action"):
        widget.get_source()
    assert forms.ModelChoiceField(queryset=Post.objects.all(), widget=AutocompleteSelect).widget.get_source().url == (
        "/autocomplete/post/"
    )


# The record forms


def test_a_record_forms_selects_among_records_search_among_what_each_field_accepts(client, attache, post, other_post):
    chosen = factories.country("TH")
    action = factories.ActionFactory(post=post)
    action.countries.set([chosen])
    client.force_login(attache)
    form = client.get(reverse("cooperation:action-update", args=[action.pk])).context["form"]
    widgets = {name: form.fields[name].widget for name in ("post", "countries", "experts", "institutions")}
    assert isinstance(widgets["post"], AutocompleteSelect)
    for name in ("countries", "experts", "institutions"):
        assert isinstance(widgets[name], AutocompleteSelectMultiple), name
    # The post among those the user may change; the rest among what they see.
    html = form["post"].as_widget()
    assert f'data-autocomplete-url="{reverse("autocomplete", args=["post"])}?scope=editable"' in html
    assert f'data-autocomplete-url="{reverse("autocomplete", args=["country"])}"' in form["countries"].as_widget()
    # Only the chosen records are written in the page, not the 250 countries.
    assert form["countries"].as_widget().count("<option") == 1
    # Themes and contributors, a short list, stay design-system checkboxes.
    assert isinstance(form.fields["themes"].widget, forms.CheckboxSelectMultiple)
    # What is sent is still checked against what the field accepts.
    assert list(form.fields["post"].queryset) == [post]


def test_a_record_form_loads_the_searchable_selects_script(client, central):
    client.force_login(central)
    response = client.get(reverse("cooperation:action-create"))
    assertContains(response, "js/autocomplete.js")
    assertContains(response, "tom-select.complete.min.js")


def test_a_posting_form_searches_the_people_the_user_may_post(client, attache, post):
    client.force_login(attache)
    form = client.get(reverse("network:posting-create")).context["form"]
    assert "?scope=postable" in form["person"].as_widget()
