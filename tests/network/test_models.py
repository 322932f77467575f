import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from network import services
from network.models import Competence, Post, Posting, PostStatusChange, default_planned_end
from tests.factories import (
    AntennaFactory,
    CompetenceFactory,
    PersonFactory,
    PostFactory,
    PostingFactory,
    UserFactory,
    country,
)

D = datetime.date


@pytest.mark.parametrize(
    ("start", "planned_end"),
    [
        (D(2022, 9, 1), D(2026, 8, 31)),  # the usual tour, September to August
        (D(2023, 1, 15), D(2027, 8, 31)),  # off-cycle: ends at the rotation after four years
        (D(2022, 8, 31), D(2026, 8, 31)),
        (D(2024, 2, 29), D(2028, 8, 31)),
    ],
)
def test_default_planned_end_is_the_31_august_four_years_on(start, planned_end):
    assert default_planned_end(start) == planned_end


def test_a_start_too_late_for_a_default_planned_end_asks_for_one(db):
    posting = PostingFactory.build(start=D(9999, 12, 31), planned_end=None, post=PostFactory(), person=PersonFactory())
    with pytest.raises(ValidationError) as error:
        posting.full_clean()
    assert error.value.message_dict["planned_end"] == [
        "Aucune fin prévue ne peut être déduite de ce début : indiquez la fin prévue."
    ]


def test_posting_gets_its_planned_end_by_default(db):
    posting = PostingFactory(start=D(2022, 9, 1))
    posting.refresh_from_db()
    assert posting.planned_end == D(2026, 8, 31)
    assert posting.ends == D(2026, 8, 31)


# Competence: one post per country at any date


def test_a_second_post_covering_a_country_is_refused_with_the_post_and_date(db):
    london = PostFactory(name="SSI Londres", host_country=country("GB"))
    CompetenceFactory(post=london, country=country("IE"), kind=Competence.Kind.EXTENSION, start=D(2010, 1, 1))
    dublin = PostFactory(name="SSI Dublin", host_country=country("IE"))
    competence = Competence(post=dublin, country=country("IE"), kind=Competence.Kind.HOST, start=D(2026, 9, 1))
    with pytest.raises(ValidationError) as error:
        services.save_competence(competence)
    message = error.value.message_dict["country"][0]
    assert "SSI Londres" in message
    assert "2010" in message
    assert not Competence.objects.filter(post=dublin).exists()


def test_competences_that_follow_each_other_are_accepted(db):
    london = PostFactory(name="SSI Londres", host_country=country("GB"))
    CompetenceFactory(post=london, country=country("IE"), start=D(2010, 1, 1), end=D(2026, 8, 31))
    dublin = PostFactory(name="SSI Dublin", host_country=country("IE"))
    services.save_competence(Competence(post=dublin, country=country("IE"), start=D(2026, 9, 1)))
    assert Competence.objects.current(D(2026, 8, 31)).get(country="IE").post == london
    assert Competence.objects.current(D(2026, 9, 1)).get(country="IE").post == dublin


def test_a_dated_overlap_is_refused_too(db):
    CompetenceFactory(country=country("MY"), start=D(2015, 1, 1), end=D(2020, 12, 31))
    competence = Competence(post=PostFactory(), country=country("MY"), start=D(2018, 1, 1), end=D(2019, 1, 1))
    with pytest.raises(ValidationError, match=r"depuis|since"):
        competence.full_clean()


def test_the_database_refuses_two_open_ended_competences_for_a_country(db):
    CompetenceFactory(country=country("BN"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Competence.objects.create(post=PostFactory(), country=country("BN"), start=D(2020, 1, 1))


def test_a_competence_cannot_end_before_it_starts(db):
    competence = Competence(post=PostFactory(), country=country("NP"), start=D(2020, 1, 1), end=D(2019, 1, 1))
    with pytest.raises(ValidationError) as error:
        competence.full_clean()
    assert "end" in error.value.message_dict


def test_moving_a_country_closes_the_old_competence_and_opens_the_new_one(db):
    london = PostFactory(name="SSI Londres", host_country=country("GB"))
    old = CompetenceFactory(post=london, country=country("IE"), kind=Competence.Kind.EXTENSION, start=D(2010, 1, 1))
    dublin = PostFactory(name="SSI Dublin", host_country=country("IE"))
    new = services.move_competence(country("IE"), dublin, D(2026, 9, 1), kind=Competence.Kind.HOST)
    old.refresh_from_db()
    assert old.end == D(2026, 8, 31)
    assert (new.post, new.start, new.end, new.kind) == (dublin, D(2026, 9, 1), None, Competence.Kind.HOST)


def test_a_move_that_breaks_a_rule_saves_nothing(db):
    london = PostFactory(name="SSI Londres", host_country=country("GB"))
    old = CompetenceFactory(post=london, country=country("IE"), start=D(2010, 1, 1), end=D(2030, 12, 31))
    # A later competence already exists: the new open-ended one would overlap it.
    CompetenceFactory(country=country("IE"), start=D(2031, 1, 1))
    with pytest.raises(ValidationError):
        services.move_competence(country("IE"), PostFactory(name="SSI Dublin"), D(2026, 9, 1))
    old.refresh_from_db()
    assert old.end == D(2030, 12, 31)
    assert Competence.objects.filter(country="IE").count() == 2


def test_moving_to_the_post_already_covering_is_refused(db):
    competence = CompetenceFactory(country=country("IE"), start=D(2010, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.move_competence(country("IE"), competence.post, D(2026, 9, 1))
    assert "post" in error.value.message_dict


# Postings


def test_a_person_holds_one_posting_at_a_time(db):
    first = PostingFactory(start=D(2022, 9, 1))
    second = Posting(person=first.person, post=PostFactory(), role=Posting.Role.DEPUTY, start=D(2024, 9, 1))
    with pytest.raises(ValidationError) as error:
        services.save_posting(second)
    assert first.post.name in error.value.message_dict["start"][0]
    assert Posting.objects.count() == 1


def test_a_person_may_follow_one_posting_with_another(db):
    first = PostingFactory(start=D(2018, 9, 1))  # ends 31 August 2022
    services.save_posting(Posting(person=first.person, post=PostFactory(), role=Posting.Role.ASI, start=D(2022, 9, 1)))
    assert first.person.postings.count() == 2


def test_an_early_actual_end_frees_the_person(db):
    first = PostingFactory(start=D(2018, 9, 1), actual_end=D(2020, 6, 30))
    services.save_posting(Posting(person=first.person, post=PostFactory(), role=Posting.Role.ASI, start=D(2020, 9, 1)))
    assert first.person.postings.count() == 2


def test_a_post_has_at_most_one_asi_at_a_date(db):
    post = PostFactory(name="SSI Alger")
    asi = PostingFactory(post=post, role=Posting.Role.ASI, start=D(2022, 9, 1))
    second = Posting(person=PersonFactory(), post=post, role=Posting.Role.ASI, start=D(2025, 9, 1))
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    message = error.value.message_dict["role"][0]
    assert str(asi.person) in message
    assert "SSI Alger" in message


def test_a_deputy_may_serve_beside_the_asi(db):
    post = PostFactory()
    PostingFactory(post=post, role=Posting.Role.ASI, start=D(2022, 9, 1))
    services.save_posting(Posting(person=PersonFactory(), post=post, role=Posting.Role.DEPUTY, start=D(2023, 9, 1)))
    assert post.postings.count() == 2


@pytest.mark.parametrize(
    ("role", "theme", "field_in_error"),
    [
        (Posting.Role.LIAISON_OFFICER, "", "theme"),
        (Posting.Role.ASI, Posting.Theme.CYBER, "theme"),
    ],
)
def test_only_liaison_officers_have_a_theme(db, role, theme, field_in_error):
    posting = Posting(person=PersonFactory(), post=PostFactory(), role=role, theme=theme, start=D(2024, 9, 1))
    with pytest.raises(ValidationError) as error:
        posting.full_clean()
    assert field_in_error in error.value.message_dict


def test_the_database_refuses_a_theme_outside_liaison_officers(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Posting.objects.create(
            person=PersonFactory(), post=PostFactory(), role=Posting.Role.ASI, theme="cyber", start=D(2024, 9, 1)
        )


def test_an_actual_end_before_the_start_is_refused(db):
    posting = Posting(
        person=PersonFactory(),
        post=PostFactory(),
        role=Posting.Role.ASI,
        start=D(2024, 9, 1),
        actual_end=D(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        posting.full_clean()
    assert "actual_end" in error.value.message_dict


# Posts: status and vacancy


def test_status_is_the_last_change_on_or_before_the_date(db):
    post = PostFactory(status=Post.Status.PLANNED, status__date=D(2025, 1, 1))
    PostStatusChange.objects.create(post=post, status=Post.Status.OPEN, date=D(2026, 9, 1))
    assert Post.objects.with_status(D(2026, 8, 31)).get().status == Post.Status.PLANNED
    assert Post.objects.with_status(D(2026, 9, 1)).get().status == Post.Status.OPEN
    assert Post.objects.with_status(D(2024, 1, 1)).get().status is None
    assert post.status_on(D(2026, 9, 1)) == Post.Status.OPEN


def test_an_open_post_without_an_asi_is_vacant(db):
    staffed, empty = PostFactory(), PostFactory()
    PostingFactory(post=staffed, role=Posting.Role.ASI)
    PostingFactory(post=empty, role=Posting.Role.DEPUTY)  # a deputy does not lead the post
    assert list(Post.objects.vacant()) == [empty]


def test_a_planned_or_suspended_post_is_not_vacant(db):
    PostFactory(status=Post.Status.PLANNED)
    PostFactory(status=Post.Status.SUSPENDED)
    assert not Post.objects.vacant().exists()


def test_vacancy_follows_the_dates_of_the_asi_posting(db):
    post = PostFactory()
    PostingFactory(post=post, role=Posting.Role.ASI, start=D(2019, 9, 1), actual_end=D(2025, 4, 15))
    assert not Post.objects.vacant(D(2025, 4, 15)).exists()
    assert list(Post.objects.vacant(D(2025, 4, 16))) == [post]


def test_an_antenna_is_led_by_its_head(db):
    antenna = AntennaFactory()
    assert antenna in Post.objects.vacant()
    PostingFactory(post=antenna, role=Posting.Role.ANTENNA_HEAD)
    assert antenna not in Post.objects.vacant()


def test_an_antenna_needs_a_parent_and_an_ssi_has_none(db):
    with pytest.raises(ValidationError) as error:
        Post(name="Antenne", kind=Post.Kind.ANTENNA, host_country=country("LK"), city="Colombo").full_clean()
    assert "parent" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(name="Antenne", kind=Post.Kind.ANTENNA, host_country=country("LK"), city="Colombo")
    ssi = Post(name="SSI", kind=Post.Kind.SSI, parent=PostFactory(), host_country=country("LK"), city="Colombo")
    with pytest.raises(ValidationError) as error:
        ssi.full_clean()
    assert "parent" in error.value.message_dict


def test_staffed_by_gives_the_users_posts_and_their_antennas_while_the_posting_lasts(db):
    post = PostFactory()
    antenna = AntennaFactory(parent=post)
    PostFactory()  # someone else's
    person = PersonFactory(user=UserFactory())
    PostingFactory(person=person, post=post, start=D(2022, 9, 1))  # ends 31 August 2026
    assert set(Post.objects.staffed_by(person.user, on=D(2026, 8, 31))) == {post, antenna}
    assert not Post.objects.staffed_by(person.user, on=D(2026, 9, 1)).exists()
    assert not Post.objects.staffed_by(person.user, on=D(2022, 8, 31)).exists()
