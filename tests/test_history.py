"""The audit trail: who changed what and when; concurrent edits; deleted records."""

from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from network.models import Competence, Post
from tests.factories import CompetenceFactory, PersonFactory, PostingFactory, central_user
from tests.forms import form_data


def edit_post(client, post, **changes):
    url = reverse("network:post-update", args=[post.pk])
    return client.post(url, form_data(client.get(url), **changes))


def test_the_history_tab_shows_who_changed_which_field(client, post):
    claire = central_user(username="claire", first_name="Claire", last_name="Centrale")
    client.force_login(claire)
    edit_post(client, post, phone="+66 2 657 5100", city="Bangkok (Sathorn)")
    response = client.get(reverse("network:post-history", args=[post.pk]))
    entries = response.context["entries"]
    latest = entries[0]
    assert latest.who == "Claire Centrale"
    assert {(c.old, c.new) for c in latest.changes} == {("—", "+66 2 657 5100"), ("Bangkok", "Bangkok (Sathorn)")}
    assertContains(response, "Claire Centrale")
    assertContains(response, "+66 2 657 5100")
    # The first entry is the creation (by the factory: no user).
    assert entries[-1].record.history_type == "+"


def test_history_shows_related_records_by_name(client, central, post, other_post):
    posting = PostingFactory(post=post)
    client.force_login(central)
    url = reverse("network:posting-update", args=[posting.pk])
    client.post(url, form_data(client.get(url), post=other_post.pk))
    entries = client.get(reverse("network:posting-history", args=[posting.pk])).context["entries"]
    post_change = next(c for c in entries[0].changes if c.new == "SSI Madrid")
    assert post_change.old == "SSI Bangkok"


def test_a_concurrent_edit_is_refused_and_shows_what_changed(client, post, django_user_model):
    first, second = central_user(username="premier", first_name="Paul"), central_user(username="second")
    url = reverse("network:post-update", args=[post.pk])
    client.force_login(second)
    stale_form = form_data(client.get(url), phone="+66 9999")
    client.force_login(first)
    edit_post(client, post, phone="+66 1111")
    client.force_login(second)
    response = client.post(url, stale_form)
    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert conflict["who"] == "Paul"
    assert [(c.old, c.new) for c in conflict["changes"]] == [("—", "+66 1111")]
    # Said once, in the page's alert, not again among the form's errors.
    assertContains(response, "Cette fiche a changé pendant que vous la modifiiez", count=1)
    assert not response.context["form"].errors
    assertNotContains(response, "fr-alert--error")
    post.refresh_from_db()
    assert post.phone == "+66 1111"  # nothing silently overwritten
    # Saving again, having seen the change, goes through.
    assertRedirects(client.post(url, form_data(response)), post.get_absolute_url())
    post.refresh_from_db()
    assert post.phone == "+66 9999"


def test_a_deleted_record_stays_findable_by_central_staff(client, central, post):
    competence = CompetenceFactory(post=post)
    client.force_login(central)
    response = client.post(reverse("network:competence-delete", args=[competence.pk]))
    assertRedirects(response, post.get_absolute_url())
    assert not Competence.objects.exists()
    deleted = client.get(reverse("deleted-records"))
    rows = deleted.context["deleted"]
    assert [(str(instance), who) for record, instance, opts, who in rows] == [(str(competence), "central")]
    history = client.get(reverse("deleted-record-history", args=["network", "competence", competence.pk])).context[
        "entries"
    ]
    assert [entry.record.history_type for entry in history] == ["-", "+"]


def test_deleting_a_record_others_depend_on_is_refused_with_a_message(client, central, post):
    person = PersonFactory()
    PostingFactory(person=person, post=post)
    client.force_login(central)
    response = client.post(reverse("network:person-delete", args=[person.pk]), follow=True)
    assert response.status_code == 200
    assert person.__class__.objects.filter(pk=person.pk).exists()
    assert any("cannot be deleted" in str(m) or "supprim" in str(m) for m in response.context["messages"])


def test_post_staff_cannot_see_deleted_records(client, attache):
    client.force_login(attache)
    assert client.get(reverse("deleted-records")).status_code == 403


def test_history_of_an_unknown_deleted_record_is_a_404(client, central):
    client.force_login(central)
    assert client.get(reverse("deleted-record-history", args=["network", "post", 999])).status_code == 404
    assert client.get(reverse("deleted-record-history", args=["auth", "user", 1])).status_code == 404
    assert client.get(reverse("deleted-record-history", args=["nope", "nope", 1])).status_code == 404
    assert client.get(reverse("deleted-record-history", args=["network", "post", "abc"])).status_code == 404
    assert Post.objects.count() == 0
