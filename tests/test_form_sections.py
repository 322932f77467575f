"""Long record forms come in parts: design-system fieldsets with a legend, every field in one."""

import re

import pytest
from django.urls import reverse

from cooperation.forms import ActionForm, AgreementForm, EventForm, OperationalRequestForm
from partnerships.forms import CompanyForm, GroupingForm, OpportunityForm

FORMS = [ActionForm, OperationalRequestForm, AgreementForm, EventForm, CompanyForm, GroupingForm, OpportunityForm]


@pytest.mark.parametrize("form_class", FORMS, ids=[form_class.__name__ for form_class in FORMS])
def test_every_visible_field_is_in_exactly_one_section(central, form_class):
    form = form_class(user=central)
    shown = [field.name for _legend, fields in form.fieldsets() for field in fields]
    assert sorted(shown) == sorted(field.name for field in form.visible_fields())
    assert len(shown) == len(set(shown))
    assert all(legend for legend, _fields in form.fieldsets())
    # The sections name only fields the form has (a typo would silently drop one).
    named = {name for _legend, names in form.sections for name in names}
    assert named - set(form.fields) <= {"confirm_outside_competence"}  # central staff only


def test_a_field_left_out_of_the_sections_is_still_shown(central):
    class Partial(ActionForm):
        sections = [("Début", ["title"])]

    legends = [legend for legend, _fields in Partial(user=central).fieldsets()]
    assert legends == ["Début", "Autres informations"]


def test_the_action_form_is_drawn_in_its_sections(client, central, post):
    client.force_login(central)
    html = client.get(reverse("cooperation:action-create")).content.decode()
    legends = re.findall(r'<legend class="fr-fieldset__legend fr-h5" id="form-section-\d+">([^<]+)</legend>', html)
    assert legends == [
        "L’action",
        "Bénéficiaires",
        "Lieu et dates",
        "Contributeurs français et financement",
        "Évaluation",
    ]
    assert html.count('name="title"') == 1
    assert 'name="_version"' not in html  # a creation has no version to check
    # Themes and contributors are design-system checkboxes, each in its group with its label.
    checkboxes = html.count('type="checkbox"')
    assert checkboxes > 10
    assert len(re.findall(r'<div class="fr-checkbox-group[^"]*">\s*<input type="checkbox"', html)) == checkboxes


def test_a_refused_save_shows_its_errors_in_the_sections(client, central, post):
    client.force_login(central)
    response = client.post(reverse("cooperation:action-create"), {"title": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "fr-input-group--error" in html or "fr-fieldset--error" in html
    assert "Le formulaire contient des erreurs" in html
