"""Objectives letters: central staff write and sign them for heads of post, whose post reads them."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from network import services
from network.models import ObjectivesLetter, Posting
from tests import factories

D = datetime.date


@pytest.fixture
def head(post):
    """The ASI of the post, arrived last September."""
    return factories.PostingFactory(post=post, role=Posting.Role.ASI, person=factories.PersonFactory(last_name="CHEF"))


def test_a_letter_is_due_on_arrival_and_overdue_unsigned_after(db, head):
    letter = factories.ObjectivesLetterFactory(posting=head)
    assert letter.due_on == head.start
    assert not letter.is_overdue(on=head.start)
    assert letter.is_overdue(on=head.start + datetime.timedelta(days=1))
    assert list(ObjectivesLetter.objects.overdue(on=head.start + datetime.timedelta(days=1))) == [letter]
    letter.objectives.create(priority=factories.priority(), title="Localiser", indicator="personnes", target=5)
    services.sign_letter(letter, "Le directeur", head.start)
    letter.refresh_from_db()
    assert not letter.is_overdue(on=head.start + datetime.timedelta(days=400))
    assert not ObjectivesLetter.objects.overdue(on=head.start + datetime.timedelta(days=1)).exists()


@pytest.mark.parametrize(
    ("role", "kind", "accepted"),
    [
        (Posting.Role.ASI, "ssi", True),
        (Posting.Role.DEPUTY, "ssi", False),
        (Posting.Role.ANTENNA_HEAD, "antenna", True),
        (Posting.Role.ASI, "antenna", False),
    ],
)
def test_a_letter_is_for_the_head_of_a_post(db, post, role, kind, accepted):
    target = post if kind == "ssi" else factories.AntennaFactory(parent=post)
    posting = factories.PostingFactory(post=target, role=role)
    letter = ObjectivesLetter(posting=posting)
    if accepted:
        letter.full_clean()
    else:
        with pytest.raises(ValidationError) as refused:
            letter.full_clean()
        assert "posting" in refused.value.message_dict


def test_a_letter_is_signed_once_and_only_with_objectives(db, head):
    letter = factories.ObjectivesLetterFactory(posting=head)
    with pytest.raises(ValidationError, match="au moins un objectif"):
        services.sign_letter(letter, "Le directeur", D(2026, 9, 1))
    factories.ObjectiveFactory(letter=letter)
    services.sign_letter(letter, "Le directeur", D(2026, 9, 1))
    letter.refresh_from_db()
    assert (letter.signed_by, letter.signed_on) == ("Le directeur", D(2026, 9, 1))
    with pytest.raises(ValidationError, match="déjà signée"):
        services.sign_letter(letter, "Un autre", D(2026, 9, 2))
    letter.refresh_from_db()
    assert letter.signed_by == "Le directeur"


def test_central_staff_write_a_letter_add_objectives_and_sign_it(client, central, head):
    client.force_login(central)
    # The head of post has no letter: the list says so and leads to writing it.
    response = client.get(reverse("network:objectivesletter-list"))
    create = f"{reverse('network:objectivesletter-create')}?posting={head.pk}"
    assertContains(response, create.replace("&", "&amp;"))
    response = client.post(reverse("network:objectivesletter-create"), {"posting": head.pk, "context": "Transit"})
    letter = ObjectivesLetter.objects.get(posting=head)
    assert response["Location"] == letter.get_absolute_url()
    page = client.get(letter.get_absolute_url())
    assertContains(page, "brouillon")
    assertContains(page, "Aucun objectif pour l’instant.")
    assertNotContains(page, "Enregistrer la signature")  # nothing to sign yet
    response = client.post(
        reverse("network:objective-create"),
        {
            "letter": letter.pk,
            "priority": factories.priority().pk,
            "title": "Localiser les personnes recherchées",
            "indicator": "personnes localisées",
            "target": "1 200",
        },
    )
    assert response["Location"] == letter.get_absolute_url()
    assert letter.objectives.get().target == 1200
    page = client.get(letter.get_absolute_url())
    assertContains(page, "1\u00a0200")
    assertContains(page, "Enregistrer la signature")
    response = client.post(
        reverse("network:objectivesletter-sign", args=[letter.pk]),
        {"signed_by": "Le directeur", "signed_on": "2026-08-28"},
        follow=True,
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["La lettre est signée."]
    letter.refresh_from_db()
    assert letter.signed_on == D(2026, 8, 28)
    assertContains(response, "signée le 28/08/2026")
    # Nobody is left without a letter.
    assertNotContains(client.get(reverse("network:objectivesletter-list")), create.replace("&", "&amp;"))


def test_a_signature_with_bad_input_says_why_and_signs_nothing(client, central, head):
    letter = factories.ObjectiveFactory(letter=factories.ObjectivesLetterFactory(posting=head)).letter
    client.force_login(central)
    response = client.post(
        reverse("network:objectivesletter-sign", args=[letter.pk]),
        {"signed_by": "", "signed_on": "9999-99-99"},
        follow=True,
    )
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["signataire : Ce champ est obligatoire.", "date de signature : Saisissez une date valide."]
    letter.refresh_from_db()
    assert letter.signed_on is None


def test_the_post_reads_its_letter_other_posts_do_not_and_only_central_staff_write(
    client, central, read_only, attache, post, other_post, head
):
    letter = factories.ObjectiveFactory(letter=factories.ObjectivesLetterFactory(posting=head)).letter
    other_staff = factories.post_staff_user(other_post, username="autre.poste")
    for user, status in ((attache, 200), (read_only, 200), (central, 200), (other_staff, 404)):
        client.force_login(user)
        assert client.get(letter.get_absolute_url()).status_code == status, user
    # The post's staff and read-only users read; they do not write, sign or add objectives.
    for user in (attache, read_only):
        client.force_login(user)
        page = client.get(letter.get_absolute_url())
        assertNotContains(page, reverse("network:objectivesletter-update", args=[letter.pk]))
        assertNotContains(page, "Enregistrer la signature")
        assert client.get(reverse("network:objectivesletter-update", args=[letter.pk])).status_code == 403
        assert client.get(reverse("network:objectivesletter-create")).status_code == 403
        assert client.get(reverse("network:objective-create")).status_code == 403
        response = client.post(
            reverse("network:objectivesletter-sign", args=[letter.pk]), {"signed_by": "x", "signed_on": "2026-01-01"}
        )
        assert response.status_code == 403
    client.force_login(other_staff)
    response = client.post(
        reverse("network:objectivesletter-sign", args=[letter.pk]), {"signed_by": "x", "signed_on": "2026-01-01"}
    )
    assert response.status_code == 404
    letter.refresh_from_db()
    assert letter.signed_on is None
    # The list: the post's own letters for its staff, every letter for read-only users.
    client.force_login(attache)
    assert list(client.get(reverse("network:objectivesletter-list")).context["object_list"]) == [letter]
    client.force_login(other_staff)
    assert list(client.get(reverse("network:objectivesletter-list")).context["object_list"]) == []


def test_the_posts_and_the_persons_pages_show_the_letter(client, attache, post, head):
    objective = factories.ObjectiveFactory(letter=factories.ObjectivesLetterFactory(posting=head), target=347)
    client.force_login(attache)
    page = client.get(post.get_absolute_url())
    assertContains(page, "Lettre d’objectifs du chef de poste")
    assertContains(page, objective.title)
    page = client.get(head.person.get_absolute_url())
    assertContains(page, objective.letter.get_absolute_url())
    assertContains(page, "1 objectif")


def test_a_letter_can_only_be_written_for_a_head_of_post_without_one(client, central, post, head):
    deputy = factories.PostingFactory(post=post, role=Posting.Role.DEPUTY)
    factories.ObjectivesLetterFactory(posting=head)
    client.force_login(central)
    form = client.get(reverse("network:objectivesletter-create")).context["form"]
    assert not form.fields["posting"].queryset.filter(pk__in=[head.pk, deputy.pk]).exists()
    response = client.post(reverse("network:objectivesletter-create"), {"posting": head.pk})
    assert "posting" in response.context["form"].errors
    # The searchable select offers the same heads of post.
    found = client.get(reverse("autocomplete", args=["posting"]), {"scope": "needs_letter"}).json()["results"]
    assert str(head.pk) not in {result["id"] for result in found}


def test_the_list_filters_by_state(client, central, post, head):
    today = timezone.localdate()
    overdue = factories.ObjectivesLetterFactory(posting=head)
    coming = factories.PostingFactory(
        post=factories.PostFactory(name="SSI Lima", host_country=factories.country("PE")),
        start=today + datetime.timedelta(days=30),
    )
    draft = factories.ObjectivesLetterFactory(posting=coming)
    signed = factories.ObjectiveFactory().letter
    services.sign_letter(signed, "Le directeur", today)
    client.force_login(central)
    for state, expected in (("overdue", {overdue}), ("draft", {overdue, draft}), ("signed", {signed})):
        response = client.get(reverse("network:objectivesletter-list"), {"state": state})
        assert set(response.context["object_list"]) == expected, state
