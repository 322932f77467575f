"""Numbers are typed the French way in every form: spaces between thousands, a decimal comma."""

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from dcis.forms import DsfrFormMixin
from tests import factories


class AmountForm(DsfrFormMixin, forms.Form):
    amount = forms.DecimalField(max_digits=12, decimal_places=2)
    people = forms.IntegerField(min_value=0)


@pytest.mark.parametrize(
    ("amount", "people", "expected"),
    [
        ("12 000,50", "1 200", (Decimal("12000.50"), 1200)),
        ("12\u202f000,50", "1\u202f200", (Decimal("12000.50"), 1200)),  # narrow no-break space
        ("12\xa0000,50", "1\xa0200", (Decimal("12000.50"), 1200)),  # no-break space, as copied
        ("12000.50", "1200", (Decimal("12000.50"), 1200)),
        (" 7,5 ", "0", (Decimal("7.5"), 0)),
    ],
)
def test_french_numbers_are_read(amount, people, expected):
    form = AmountForm({"amount": amount, "people": people})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["amount"], form.cleaned_data["people"]) == expected


@pytest.mark.parametrize(
    ("amount", "people", "errors"),
    [
        ("douze", "3", {"amount": ["Saisissez un nombre."]}),
        ("12,000,50", "3", {"amount": ["Saisissez un nombre."]}),
        ("12", "2,5", {"people": ["Saisissez un nombre entier."]}),
        ("12", "-1", {"people": ["Assurez-vous que cette valeur est supérieure ou égale à 0."]}),
        ("1234567890123", "1", {"amount": ["Assurez-vous qu’il n’y a pas plus de 12 chiffres au total."]}),
    ],
)
def test_a_wrong_number_gets_a_message(amount, people, errors):
    form = AmountForm({"amount": amount, "people": people})
    assert not form.is_valid()
    assert form.errors == errors


def test_number_boxes_take_a_comma_and_bring_a_numeric_keyboard():
    html = str(AmountForm(initial={"amount": Decimal("11500.50"), "people": 12}))
    assert 'type="text" name="amount" value="11500,50"' in html
    assert 'inputmode="decimal"' in html
    assert 'inputmode="numeric"' in html
    assert 'type="number"' not in html


def test_an_action_saves_a_cost_typed_the_french_way(client, central, post):
    factories.CompetenceFactory(post=post)
    action = factories.ActionFactory(post=post, planned_cost=Decimal("11500.50"))
    client.force_login(central)
    url = reverse("cooperation:action-update", args=[action.pk])
    form = client.get(url).context["form"]
    assert 'value="11500,50"' in str(form["planned_cost"])
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list) and name in form.fields
    }
    data.update(
        {
            "post": post.pk,
            "countries": [post.host_country.pk],
            "themes": [theme.pk for theme in action.themes.all()],
            "planned_start": "2026-03-02",
            "planned_end": "2026-03-06",
            "planned_cost": "12 000,50",
            "foreign_participants": "1 200",
        }
    )
    data.update({field.name: field.value() for field in form.hidden_fields()})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    action.refresh_from_db()
    assert (action.planned_cost, action.foreign_participants) == (Decimal("12000.50"), 1200)
