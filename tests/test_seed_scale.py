"""`manage.py seed_scale`: a small factor on top of a network like the demo's; the counts
follow the factor, and every rule of the model layer holds for what the bulk path wrote."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.db.models.functions import Coalesce

from cooperation import scale as cooperation_scale
from cooperation.models import Action, Agreement, Event, EventPartner, OperationalRequest
from cooperation.services import outside_competence_confirmation
from network import scale as network_scale
from network.models import Competence, Person, Post, Posting, PostStatusChange
from partnerships import scale as partnerships_scale
from partnerships.models import (
    Assistance,
    Company,
    Contact,
    Delegation,
    Dissemination,
    Domain,
    Grouping,
    Opportunity,
    Recipient,
    TradeShow,
)
from tests.factories import CompanyFactory, CompetenceFactory, PostFactory, PostingFactory, central_user, country

FACTOR = 0.05
MARK = network_scale.MARK


def expected(per_factor, name):
    return round(per_factor[name] * FACTOR)


@pytest.fixture(scope="module")
def scale(django_db_setup, django_db_blocker):
    """A few posts of their own covering countries (as the demo's do, with no end, and one
    that stopped before the scale's first season), a company whose SIREN the scale would
    otherwise take; then the scale data set on top, once for the module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        base = PostFactory(name="SSI Base", host_country=country("AF"), city="Kaboul")
        CompetenceFactory(post=base, country=country("AF"), start=datetime.date(2010, 9, 1))
        CompetenceFactory(post=base, country=country("PK"), kind="extension", start=datetime.date(2010, 9, 1))
        CompetenceFactory(
            post=base, country=country("NE"), start=datetime.date(2001, 1, 1), end=datetime.date(2005, 12, 31)
        )
        PostingFactory(post=base, start=datetime.date(2022, 9, 1))
        central_user(username="central")  # sends the opportunities
        CompanyFactory(name="Entreprise existante", siren=partnerships_scale.with_check_digit("50000001"))
        before = {model: model._base_manager.count() for model in scale_models()}
        last = {model: model._base_manager.aggregate(last=Max("pk"))["last"] for model in keyed_models()}
        output = io.StringIO()
        call_command("seed_scale", factor=FACTOR, stdout=output)
        connection.check_constraints()  # the foreign keys, checked now rather than at a commit that never comes
        added = {model: model._base_manager.count() - count for model, count in before.items()}
        yield {"added": added, "output": output.getvalue(), "base": base, "last": last}
        transaction.set_rollback(True)


def scale_models():
    return [
        *apps.get_app_config("network").get_models(),
        *apps.get_app_config("cooperation").get_models(),
        *apps.get_app_config("partnerships").get_models(),
    ]


def keyed_models():
    """The models whose records the scale adds, numbered by the database."""
    return [model for model in scale_models() if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")]


def test_the_counts_follow_the_factor(db, scale):
    added = scale["added"]
    network, cooperation, partnerships = (
        network_scale.PER_FACTOR,
        cooperation_scale.PER_FACTOR,
        partnerships_scale.PER_FACTOR,
    )
    assert added[Post] == expected(network, "posts") == 4
    assert added[Posting] == expected(network, "postings")
    assert abs(added[Person] - expected(network, "people")) <= 0.05 * expected(network, "people")
    assert added[Action] == expected(cooperation, "actions")
    assert added[OperationalRequest] == expected(cooperation, "requests")
    assert added[Agreement] == expected(cooperation, "agreements") >= 1
    assert added[Event] == expected(cooperation, "events")
    assert added[Company] == expected(partnerships, "companies")
    assert added[Opportunity] == expected(partnerships, "opportunities")
    assert added[TradeShow] == expected(partnerships, "trade_shows") >= 1
    assert added[Assistance] == expected(partnerships, "assistance")
    assert added[Grouping] >= 1 and added[Domain] >= 1
    for model in (PostStatusChange, Competence, Contact, Dissemination, Recipient, EventPartner, Delegation):
        assert added[model] > 0, model
    assert f"factor {FACTOR:g}" in scale["output"]
    assert "network.Posting" in scale["output"] and "partnerships.Recipient" in scale["output"]


def test_the_names_say_the_records_are_synthetic(db, scale):
    assert network_scale.scale_posts().count() == scale["added"][Post]
    assert not Post.objects.exclude(name__contains=MARK).exclude(pk=scale["base"].pk).exists()
    people = Person.objects.filter(last_name__startswith=MARK.capitalize())
    assert people.count() == scale["added"][Person]
    assert Company.objects.filter(name__contains=MARK).count() == scale["added"][Company]


def test_every_record_written_has_its_history(db, scale):
    """One creation row per record, like `save()` would have written: the history pages and
    the deleted records' page rest on it."""
    checked = 0
    for model in keyed_models():
        if not getattr(model._meta, "simple_history_manager_attribute", None):
            continue  # not a record with a history (a many-to-many field's history has no history of its own)
        history = model.history
        new = model._base_manager.filter(pk__gt=scale["last"][model] or 0)
        assert new.count() == scale["added"][model], model
        created = history.filter(history_type="+", id__in=new.values("pk"))
        assert created.count() == new.count(), model
        assert not history.filter(id__in=new.values("pk")).exclude(history_type="+").exists(), model
        row = created.first()
        if row is not None:
            assert row.history_user is None
            assert row.instance == new.get(pk=row.id), model  # the record's own values
            checked += 1
    assert checked >= 15


def test_the_models_validation_passes_on_the_records(db, scale):
    """`full_clean()` runs each model's `clean()` (the overlaps of postings, the coverage of
    competences…), its fields' validators and its constraints."""
    scale_posts = network_scale.scale_posts()
    kinds = [
        scale_posts,
        PostStatusChange.objects.filter(post__in=scale_posts),
        Competence.objects.filter(post__in=scale_posts),
        Posting.objects.filter(post__in=scale_posts),
        Person.objects.filter(postings__post__in=scale_posts).distinct(),
        Action.objects.all(),
        OperationalRequest.objects.all(),
        Agreement.objects.all(),
        Event.objects.all(),
        EventPartner.objects.all(),
        Domain.objects.filter(name__contains=MARK),
        Company.objects.filter(name__contains=MARK),
        Grouping.objects.all(),
        Contact.objects.all(),
        Opportunity.objects.all(),
        Dissemination.objects.all(),
        Recipient.objects.all(),
        TradeShow.objects.all(),
        Delegation.objects.all(),
        Assistance.objects.all(),
    ]
    for records in kinds:
        sample = list(records.order_by("?")[:30])
        assert sample, records.model
        for record in sample:
            # A recipient names its company or its grouping, the other key empty, as
            # `services.record_dissemination` writes it: no form ever edits one.
            record.full_clean(exclude=["company", "grouping"] if records.model is Recipient else None)
    # Each posting and competence of a scale post (the SQL checks below see them all).
    for posting in Posting.objects.filter(post__in=scale_posts, role=Posting.Role.ASI):
        posting.validate_overlaps()
    for competence in Competence.objects.filter(post__in=scale_posts):
        competence.validate_coverage()


def test_a_person_holds_one_posting_at_a_time_and_a_post_one_asi(db, scale):
    others = Posting.objects.exclude(pk=OuterRef("pk")).filter(
        start__lte=OuterRef("ends_on"), ends_on__gte=OuterRef("start")
    )
    assert not Posting.objects.filter(Exists(others.filter(person=OuterRef("person")))).exists()
    asis = Posting.objects.filter(role=Posting.Role.ASI)
    assert not asis.filter(Exists(others.filter(post=OuterRef("post"), role=Posting.Role.ASI))).exists()
    # Every SSI of the scale has had its attachés, one after the other.
    assert asis.filter(post__in=network_scale.scale_posts()).count() >= 2


def test_a_country_is_covered_by_one_post_at_a_date(db, scale):
    others = Competence.objects.exclude(pk=OuterRef("pk")).filter(
        Q(end__isnull=True) | Q(end__gte=OuterRef("start")), country=OuterRef("country")
    )
    # An open-ended competence clashes with any other not over by its start; a dated one,
    # with those too that start before its end.
    assert not Competence.objects.filter(end__isnull=True).filter(Exists(others)).exists()
    dated = Competence.objects.filter(end__isnull=False)
    assert not dated.filter(Exists(others.filter(start__lte=OuterRef("end")))).exists()
    scale_posts = network_scale.scale_posts()
    assert not Competence.objects.filter(post__in=scale_posts, country__zone__name="France et outre-mer").exists()
    assert not Competence.objects.filter(post__in=scale_posts, country__in=["AF", "PK"]).exists()
    assert Competence.objects.filter(post__in=scale_posts, end__isnull=True).exists()


def test_every_action_lies_within_its_posts_competence(db, scale):
    through = Action.countries.through
    covering = Competence.objects.filter(
        Q(end__isnull=True) | Q(end__gte=Coalesce(OuterRef("action__actual_end"), OuterRef("action__planned_end"))),
        post=OuterRef("action__post"),
        country=OuterRef("country"),
        start__lte=OuterRef("action__starts_on"),
    )
    assert through.objects.count() >= Action.objects.count()
    assert not through.objects.filter(~Exists(covering)).exists()
    assert not Action.objects.filter(outside_competence_confirmed_by__isnull=False).exists()
    assert not Action.objects.filter(Q(themes__isnull=True) | Q(countries__isnull=True)).exists()
    for action in Action.objects.order_by("?")[:100]:
        assert outside_competence_confirmation(action, action.countries.all(), user=None) is None
    today = datetime.date.today()
    assert not Action.objects.filter(status=Action.Status.DONE, actual_end__gt=today).exists()
    assert Action.objects.filter(status=Action.Status.DONE).exists()
    assert Action.objects.filter(starts_on__gt=today).exists()  # some are still to come


def test_requests_are_answered_after_they_are_received(db, scale):
    today = datetime.date.today()
    requests = OperationalRequest.objects.all()
    assert not requests.filter(answered_on__lt=F("received_on")).exists()
    assert not requests.filter(Q(received_on__gt=today) | Q(answered_on__gt=today)).exists()
    assert not requests.filter(themes__isnull=True).exists()
    assert requests.filter(answered_on__isnull=False).exists()


def test_each_dissemination_reached_every_eligible_contact_of_its_day(db, scale):
    """What `services.disseminate` would have sent on the day: every contact receiving
    opportunities of an active partner of the opportunity's domains that had accepted the
    charter by then, not reached before; never after the deadline."""
    disseminations = Dissemination.objects.select_related("opportunity").order_by("sent_at", "pk")
    assert disseminations.exists()
    reached = {}
    for dissemination in disseminations:
        opportunity, day = dissemination.opportunity, dissemination.sent_at.date()
        assert day <= opportunity.deadline and day >= opportunity.signalled_on
        domains = opportunity.domains.all()
        partners = Q(charter_accepted_on__lte=day, referenced_on__lte=day, active=True, domains__in=domains)
        eligible = Contact.objects.filter(receives_opportunities=True).filter(
            Q(company__in=Company.objects.filter(partners)) | Q(grouping__in=Grouping.objects.filter(partners))
        )
        expected_contacts = set(eligible.values_list("pk", flat=True)) - reached.get(opportunity.pk, set())
        sent = set(dissemination.recipients.values_list("contact", flat=True))
        assert sent == expected_contacts, dissemination
        reached.setdefault(opportunity.pk, set()).update(sent)
    sent_to = Opportunity.objects.filter(disseminations__isnull=False).distinct()
    assert set(sent_to.values_list("status", flat=True)) <= {
        Opportunity.Status.DISSEMINATED,
        Opportunity.Status.CLOSED,
    }
    assert not Opportunity.objects.filter(
        status__in=[Opportunity.Status.DISSEMINATED, Opportunity.Status.CLOSED], disseminations__isnull=True
    ).exists()


def test_running_again_refuses_rather_than_doubling(db, scale):
    with pytest.raises(CommandError, match="already loaded"):
        call_command("seed_scale", factor=FACTOR, stdout=io.StringIO())
    assert network_scale.scale_posts().count() == scale["added"][Post]
