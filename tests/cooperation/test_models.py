import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cooperation.models import Action, OperationalRequest
from tests.factories import ActionFactory, OperationalRequestFactory, PostFactory, requesting_service

D = datetime.date


def test_an_action_carried_out_needs_its_actual_dates(db):
    action = ActionFactory.build(post=PostFactory(), status=Action.Status.DONE)
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert set(error.value.message_dict) >= {"actual_start", "actual_end"}


def test_an_action_cannot_be_carried_out_in_the_future(db):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    action = ActionFactory.build(
        post=PostFactory(),
        status=Action.Status.DONE,
        planned_start=tomorrow,
        planned_end=tomorrow,
        actual_start=tomorrow,
        actual_end=tomorrow,
    )
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "actual_start" in error.value.message_dict


def test_an_action_carried_out_in_the_past_is_accepted(db):
    action = ActionFactory.build(
        post=PostFactory(), status=Action.Status.DONE, actual_start=D(2026, 3, 2), actual_end=D(2026, 3, 6)
    )
    action.full_clean()


def test_the_database_refuses_an_action_done_without_dates(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(status=Action.Status.DONE)


@pytest.mark.parametrize("funding", [Action.Funding.EU, Action.Funding.OTHER])
def test_an_eu_programme_or_a_donor_is_named(db, funding):
    action = ActionFactory.build(post=PostFactory(), funding=funding)
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "funding_programme" in error.value.message_dict


def test_planned_dates_in_order(db):
    action = ActionFactory.build(post=PostFactory(), planned_start=D(2026, 3, 6), planned_end=D(2026, 3, 2))
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "planned_end" in error.value.message_dict


def test_totals_sum_participants_and_costs(db):
    ActionFactory(foreign_participants=10, planned_cost=1000)
    ActionFactory(foreign_participants=5, planned_cost=500)
    totals = Action.objects.totals()
    assert (totals["count"], totals["participants"], totals["planned_cost"]) == (2, 15, 1500)


def test_in_year_uses_the_actual_start_when_known(db):
    ActionFactory(title="prévue 2025", planned_start=D(2025, 12, 1), planned_end=D(2025, 12, 2))
    ActionFactory(
        title="reportée en 2026",
        planned_start=D(2025, 12, 1),
        planned_end=D(2025, 12, 2),
        actual_start=D(2026, 1, 10),
        actual_end=D(2026, 1, 11),
    )
    assert [a.title for a in Action.objects.in_year(2026)] == ["reportée en 2026"]


# Operational requests


def test_response_time_is_derived(db):
    request = OperationalRequestFactory(received_on=D(2026, 1, 5), answered_on=D(2026, 1, 19), outcome="repondu")
    assert request.response_time == 14
    annotated = OperationalRequest.objects.with_response_days().get()
    assert annotated.response_days == 14
    assert OperationalRequestFactory(received_on=D(2026, 1, 5)).response_time is None
    assert OperationalRequest.objects.with_response_days().get(answered_on=None).response_days is None


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"answered_on": D(2026, 1, 1), "outcome": "repondu"}, "answered_on"),  # before receipt
        ({"answered_on": D(2026, 1, 10), "outcome": "en_cours"}, "outcome"),
        ({"outcome": "localisee"}, "answered_on"),
    ],
)
def test_request_dates_and_outcome_agree(db, fields, error_field):
    request = OperationalRequestFactory.build(post=PostFactory(), received_on=D(2026, 1, 5), **fields)
    with pytest.raises(ValidationError) as error:
        request.full_clean()
    assert error_field in error.value.message_dict


def test_a_reference_is_unique_per_service(db):
    OperationalRequestFactory(reference="2026/1")
    duplicate = OperationalRequestFactory.build(
        post=PostFactory(), reference="2026/1", service=requesting_service("OFAST")
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()
