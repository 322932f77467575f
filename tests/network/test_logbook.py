"""The logbook: a post's dated entries, private to the post and central staff."""

from django.urls import reverse
from pytest_django.asserts import assertContains

from network.models import LogbookEntry, Posting
from tests import factories


def test_the_post_keeps_its_logbook_and_only_central_staff_read_it_besides(
    client, central, read_only, attache, post, other_post
):
    entry = factories.LogbookEntryFactory(post=post, title="Visite du port de Laem Chabang")
    other_staff = factories.post_staff_user(other_post, username="autre.poste")
    for user, status in ((attache, 200), (central, 200), (read_only, 404), (other_staff, 404)):
        client.force_login(user)
        assert client.get(entry.get_absolute_url()).status_code == status, user
    # Lists: the post's own entries; read-only users and other posts see none.
    for user, expected in ((attache, [entry]), (central, [entry]), (read_only, []), (other_staff, [])):
        client.force_login(user)
        assert list(client.get(reverse("network:logbookentry-list")).context["object_list"]) == expected, user


def test_post_staff_write_an_entry_tagged_by_an_objective_of_their_post(client, attache, post, other_post):
    head = factories.PostingFactory(post=post, role=Posting.Role.ASI)
    objective = factories.ObjectiveFactory(letter=factories.ObjectivesLetterFactory(posting=head))
    elsewhere = factories.ObjectiveFactory(
        letter=factories.ObjectivesLetterFactory(posting=factories.PostingFactory(post=other_post))
    )
    client.force_login(attache)
    form = client.get(reverse("network:logbookentry-create")).context["form"]
    assert form.initial["post"] == post.pk
    assert list(form.fields["objective"].queryset) == [objective]  # not another post's
    data = {
        "post": post.pk,
        "date": "2026-10-14",
        "kind": "resultat",
        "title": "Saisie de 200 kg de méthamphétamine",
        "text": "Information transmise à l’OFAST.",
        "priority": factories.priority().pk,
    }
    response = client.post(reverse("network:logbookentry-create"), {**data, "objective": elsewhere.pk})
    assert "objective" in response.context["form"].errors
    assert not LogbookEntry.objects.exists()
    response = client.post(reverse("network:logbookentry-create"), {**data, "objective": objective.pk}, follow=True)
    entry = LogbookEntry.objects.get()
    assert (entry.post, entry.objective) == (post, objective)
    assertContains(response, "La note du carnet de bord « Saisie de 200 kg de méthamphétamine » a été créée.")
    # Another post's staff cannot write in it.
    client.force_login(factories.post_staff_user(other_post, username="autre.poste"))
    response = client.post(reverse("network:logbookentry-create"), {**data, "objective": ""})
    assert "post" in response.context["form"].errors
    assert LogbookEntry.objects.count() == 1


def test_an_objective_of_another_post_is_refused_by_the_model(db, post, other_post):
    import pytest
    from django.core.exceptions import ValidationError

    objective = factories.ObjectiveFactory(
        letter=factories.ObjectivesLetterFactory(posting=factories.PostingFactory(post=other_post))
    )
    entry = factories.LogbookEntryFactory.build(post=post, objective=objective)
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert "objective" in refused.value.message_dict
