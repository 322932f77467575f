"""Every date a form accepts falls in a plausible year, so no date arithmetic overflows."""

import datetime

import pytest
from django import forms

from dcis.forms import DsfrFormMixin


class DatedForm(DsfrFormMixin, forms.Form):
    on = forms.DateField()
    at = forms.DateTimeField(required=False)


@pytest.mark.parametrize(("typed", "year"), [("1900-01-01", 1900), ("2199-12-31", 2199)])
def test_the_first_and_last_plausible_years_are_accepted(typed, year):
    form = DatedForm({"on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == datetime.date(year, int(typed[5:7]), int(typed[8:]))


@pytest.mark.parametrize("typed", ["1899-12-31", "2200-01-01", "9999-12-31", "0001-01-01"])
def test_a_year_outside_the_plausible_range_is_refused_with_a_message(typed):
    form = DatedForm({"on": typed, "at": typed + " 10:00"})
    assert not form.is_valid()
    assert form.errors["on"] == ["Saisissez une année comprise entre 1900 et 2199."]
    assert form.errors["at"] == ["Saisissez une année comprise entre 1900 et 2199."]
