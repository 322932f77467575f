"""Whose record is a person's: the post where they serve today or are about to serve.

The probe's attack: staff of one post invent a back-dated posting at their post for
someone serving elsewhere, then edit that person's record (their e-mail). Neither
step may work; a newcomer arriving is still theirs to post and to keep up to date.
"""

import datetime

import pytest
from django.urls import reverse

from network.models import Person, Posting
from tests.factories import PersonFactory, PostingFactory

D = datetime.date
TODAY = datetime.date.today


@pytest.fixture
def serving_elsewhere(other_post, post):
    """Someone serving at the other post today, who served at the attaché's post long ago."""
    person = PersonFactory(last_name="Ailleurs", email="ailleurs@interieur.gouv.fr")
    PostingFactory(person=person, post=post, role=Posting.Role.ASSISTANT, start=D(2010, 9, 1))
    PostingFactory(person=person, post=other_post, role=Posting.Role.DEPUTY, start=D(TODAY().year - 1, 9, 1))
    return person


def posting_data(person, post, start, **extra):
    return {"person": person.pk, "post": post.pk, "role": Posting.Role.ASSISTANT, "start": start, **extra}


def test_a_past_posting_gives_no_right_on_the_person(client, attache, serving_elsewhere):
    client.force_login(attache)
    edit = reverse("network:person-update", args=[serving_elsewhere.pk])
    assert client.get(edit).status_code == 403
    response = client.post(edit, {"last_name": "Ailleurs", "first_name": "X", "corps": "police", "email": "x@x.fr"})
    assert response.status_code == 403
    serving_elsewhere.refresh_from_db()
    assert serving_elsewhere.email == "ailleurs@interieur.gouv.fr"
    assert client.get(serving_elsewhere.get_absolute_url()).context["can_edit"] is False


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2012, 1, 1), D(2012, 6, 30)),  # back-dated, before they arrived elsewhere
        (D(2035, 9, 1), ""),  # after their current tour
    ],
)
def test_post_staff_cannot_post_someone_serving_elsewhere(client, attache, post, serving_elsewhere, start, end):
    client.force_login(attache)
    before = Posting.objects.count()
    response = client.post(
        reverse("network:posting-create"), posting_data(serving_elsewhere, post, start, actual_end=end)
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert Posting.objects.count() == before
    assert not Person.objects.editable_by(attache).filter(pk=serving_elsewhere.pk).exists()
    # The posting form does not even offer them.
    form = client.get(reverse("network:posting-create")).context["form"]
    assert serving_elsewhere not in form.fields["person"].queryset
    # Nor does the person's page offer to add a posting.
    assert client.get(serving_elsewhere.get_absolute_url()).context["can_create_posting"] is False


def test_post_staff_cannot_hand_their_posting_to_someone_serving_elsewhere(client, attache, post, serving_elsewhere):
    posting = PostingFactory(post=post, role=Posting.Role.ASSISTANT, start=TODAY() - datetime.timedelta(days=10))
    client.force_login(attache)
    edit = reverse("network:posting-update", args=[posting.pk])
    data = {**posting_data(serving_elsewhere, post, posting.start), "planned_end": posting.planned_end}
    response = client.post(edit, data)
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    posting.refresh_from_db()
    assert posting.person_id != serving_elsewhere.pk


def test_post_staff_post_a_newcomer_then_keep_their_record(client, attache, post, other_post):
    client.force_login(attache)
    response = client.post(
        reverse("network:person-create"), {"last_name": "Arrivant", "first_name": "Jean", "corps": "gendarmerie"}
    )
    newcomer = Person.objects.get(last_name="Arrivant")
    assert response.status_code == 302
    # Recorded, but theirs only once posted at their post.
    assert client.get(reverse("network:person-update", args=[newcomer.pk])).status_code == 403
    assert client.get(newcomer.get_absolute_url()).context["can_create_posting"] is True
    response = client.post(reverse("network:posting-create"), posting_data(newcomer, post, D(TODAY().year + 1, 9, 1)))
    assert response.status_code == 302
    assert client.get(reverse("network:person-update", args=[newcomer.pk])).status_code == 200
    # A former member of another post who serves nowhere today is a newcomer too.
    former = PostingFactory(post=other_post, role=Posting.Role.ASSISTANT, start=D(2015, 9, 1)).person
    response = client.post(reverse("network:posting-create"), posting_data(former, post, D(TODAY().year + 1, 9, 1)))
    assert response.status_code == 302


def test_a_person_is_kept_by_the_post_they_are_about_to_join(client, attache, post, other_post):
    arriving = PostingFactory(post=post, role=Posting.Role.DEPUTY, start=D(TODAY().year + 1, 9, 1)).person
    left = PostingFactory(post=post, role=Posting.Role.DEPUTY, start=D(2015, 9, 1), actual_end=D(2019, 8, 31)).person
    client.force_login(attache)
    assert client.get(reverse("network:person-update", args=[arriving.pk])).status_code == 200
    assert client.get(reverse("network:person-update", args=[left.pk])).status_code == 403


def test_past_postings_are_read_only_for_post_staff(client, attache, central, post):
    past = PostingFactory(post=post, role=Posting.Role.ASSISTANT, start=D(2015, 9, 1), actual_end=D(2019, 8, 31))
    current = attache.person.postings.get()
    client.force_login(attache)
    assert client.get(reverse("network:posting-update", args=[past.pk])).status_code == 403
    assert client.post(reverse("network:posting-delete", args=[past.pk])).status_code == 403
    assert Posting.objects.filter(pk=past.pk).exists()
    # Their post's page offers to edit the current posting only.
    editable = client.get(post.get_absolute_url()).context["editable_postings"]
    assert editable == {current.pk}
    client.force_login(central)
    assert client.get(reverse("network:posting-update", args=[past.pk])).status_code == 200
