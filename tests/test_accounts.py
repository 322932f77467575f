import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects, assertTemplateUsed

from dcis import middleware
from dcis.access import CENTRAL_GROUP, READ_ONLY_GROUP
from network.models import Person
from tests.factories import PersonFactory, UserFactory
from tests.forms import form_data

LOGIN = "/accounts/login/"


def sign_in(client, username, password, address="10.0.0.1", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def fail_to_sign_in(client, username, times=None, **kwargs):
    for _ in range(settings.AXES_FAILURE_LIMIT if times is None else times):
        sign_in(client, username, "wrong", **kwargs)


def signs_in(response):
    return response.status_code == 302 and response.url == "/"


# Lock-out after repeated failures (django-axes)


def test_repeated_failures_lock_the_account_with_a_clear_message(client, central):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "central", "wrong").status_code == 200
    response = sign_in(client, "central", "wrong")
    assert response.status_code == 429
    assertTemplateUsed(response, "registration/locked_out.html")
    assertContains(response, "15", status_code=429)  # the minutes to wait
    assertContains(response, "Trop d’échecs de connexion pour ce compte.", status_code=429)
    # Even the right password is refused while the lock lasts.
    assert sign_in(client, "central", "password").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_released_after_the_cool_off(client, central):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "central", "wrong")
    assert sign_in(client, "central", "password").status_code == 429
    # Time passes: the attempts now date from before the cool-off period.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    assertRedirects(sign_in(client, "central", "password"), "/", fetch_redirect_response=False)


def test_failures_on_one_account_do_not_lock_others_behind_the_same_address(client, central):
    # Behind the ministry's proxy every user shares an address.
    UserFactory(username="bloque")
    fail_to_sign_in(client, "bloque")
    fail_to_sign_in(client, "personne")  # nor do failures on a name that has no account
    assert sign_in(client, "bloque", "password").status_code == 429
    assert signs_in(sign_in(client, "central", "password"))


def test_a_locked_account_is_locked_from_every_address(client, db):
    UserFactory(username="bloque")
    fail_to_sign_in(client, "bloque", address="10.0.0.1")
    assert sign_in(client, "bloque", "password", address="192.0.2.44").status_code == 429


def test_failures_spread_over_addresses_lock_the_account(client, db):
    UserFactory(username="bloque")
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "bloque", "wrong", address=f"192.0.2.{number + 1}")
    assert sign_in(client, "bloque", "password", address="10.0.0.1").status_code == 429


def test_forwarded_for_is_ignored_when_no_proxy_is_declared(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="bloque")
    sign_in(client, "bloque", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.1"]


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client_address"),
    [
        # The proxy appends the address it saw; what the client sent before it is not believed.
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),
        (1, "203.0.113.9", "203.0.113.9"),
        (2, "198.51.100.7, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        # Fewer hops than proxies: the left-most address is the nearest one not from a proxy.
        (2, "203.0.113.9", "203.0.113.9"),
        # No header, or garbage in it: the address of the peer.
        (1, None, "10.0.0.254"),
        (1, "unknown", "10.0.0.254"),
    ],
)
def test_forwarded_for_gives_the_client_address_behind_a_declared_proxy(
    client, db, settings, proxies, forwarded_for, client_address
):
    settings.TRUSTED_PROXY_COUNT = proxies
    UserFactory(username="bloque")
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    sign_in(client, "bloque", "wrong", address="10.0.0.254", **headers)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [client_address]


def test_behind_a_declared_proxy_one_client_does_not_lock_another(client, settings, central):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"address": "10.0.0.254"}
    fail_to_sign_in(client, "personne", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert signs_in(sign_in(client, "central", "password", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy))


def test_central_staff_unlock_an_account(client, central):
    locked = UserFactory(username="bloque")
    fail_to_sign_in(client, "bloque", times=3, address="10.0.0.1")
    fail_to_sign_in(client, "bloque", times=2, address="192.0.2.44", HTTP_USER_AGENT="Autre navigateur")
    assert sign_in(client, "bloque", "password", address="10.0.0.1").status_code == 429
    client.force_login(central)
    page = client.get(reverse("user-update", args=[locked.pk]))
    assert page.context["failures"] == settings.AXES_FAILURE_LIMIT + 1  # the refused right password counts too
    assertContains(page, reverse("user-unlock", args=[locked.pk]))
    response = client.post(reverse("user-unlock", args=[locked.pk]), follow=True)
    assertContains(response, "La connexion est débloquée pour « bloque ».")
    assert response.context["failures"] == 0
    assert not AccessAttempt.objects.filter(username="bloque").exists()
    client.logout()
    assert signs_in(sign_in(client, "bloque", "password", address="10.0.0.1"))
    client.logout()
    assert signs_in(sign_in(client, "bloque", "password", address="192.0.2.44"))


def test_the_account_page_counts_only_the_failures_that_still_count(client, central):
    account = UserFactory(username="distrait")
    fail_to_sign_in(client, "distrait", times=2, address="10.0.0.1")
    fail_to_sign_in(client, "distrait", times=1, address="192.0.2.44")
    client.force_login(central)
    # Time passes with no sign-in (which would purge them): the first address's failures
    # are now older than the cool-off and no longer count towards the lock.
    AccessAttempt.objects.filter(ip_address="10.0.0.1").update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2
    )
    page = client.get(reverse("user-update", args=[account.pk]))
    assert page.context["failures"] == 1
    assertContains(page, "1 échec de connexion est enregistré pour ce compte.")


# Password change and reset


def test_password_reset_by_e_mail(client, central):
    response = client.post(reverse("password_reset"), {"email": central.email})
    assertRedirects(response, reverse("password_reset_done"))
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "un-nouveau-mot-de-passe-42", "new_password2": "un-nouveau-mot-de-passe-42"},
    )
    central.refresh_from_db()
    assert central.check_password("un-nouveau-mot-de-passe-42")


def test_a_new_password_chosen_from_the_e_mail_lifts_the_lock(client, central):
    # The locked-out page offers this way out: whoever holds the mailbox owns the account.
    fail_to_sign_in(client, "central")
    assert sign_in(client, "central", "password").status_code == 429
    client.post(reverse("password_reset"), {"email": central.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = {"new_password1": "un-nouveau-mot-de-passe-42", "new_password2": "un-nouveau-mot-de-passe-42"}
    client.post(form_page.redirect_chain[-1][0], new_password)
    assert not AccessAttempt.objects.filter(username="central").exists()
    assert signs_in(sign_in(client, "central", "un-nouveau-mot-de-passe-42"))


def test_a_used_reset_link_says_so(client, central):
    response = client.get("/accounts/password/reset/MQ/set-password/", follow=True)
    assert response.context["validlink"] is False


def test_password_change(client, no_role):
    client.force_login(no_role)  # any signed-in user, with or without a role
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "password",
            "new_password1": "autre-mot-de-passe-77",
            "new_password2": "autre-mot-de-passe-77",
        },
    )
    assertRedirects(response, reverse("password_change_done"))
    no_role.refresh_from_db()
    assert no_role.check_password("autre-mot-de-passe-77")


# Roles, given by central staff


def test_central_staff_create_an_account_and_its_owner_is_invited(client, central, django_capture_on_commit_callbacks):
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("user-create"),
            {
                "username": "dgef.lecteur",
                "first_name": "Anne",
                "last_name": "Lecteur",
                "email": "anne@interieur.gouv.fr",
                "is_active": "on",
                "role": "read_only",
            },
        )
    assertRedirects(response, reverse("user-list"))
    account = get_user_model().objects.get(username="dgef.lecteur")
    assert list(account.groups.values_list("name", flat=True)) == [READ_ONLY_GROUP]
    assert not account.has_usable_password()
    assert [message.to for message in mail.outbox] == [["anne@interieur.gouv.fr"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_central_staff_change_a_role(client, central, read_only):
    client.force_login(central)
    data = {"username": "lecture", "email": "lecture@interieur.gouv.fr", "is_active": "on", "role": "central"}
    assertRedirects(client.post(reverse("user-update", args=[read_only.pk]), data), reverse("user-list"))
    assert list(read_only.groups.values_list("name", flat=True)) == [CENTRAL_GROUP]


def test_an_account_page_keeps_the_signed_in_user_in_the_header(client, superuser, read_only):
    client.force_login(superuser)
    page = client.get(reverse("user-update", args=[read_only.pk]))
    assert page.context["user"] == superuser
    assertContains(page, reverse("admin:index"))  # the superuser's link, not the edited account's rights
    assertContains(page, f'title="Changer votre mot de passe">{superuser.get_username()}</a>', html=False)


def test_user_list_searches(client, central, read_only):
    client.force_login(central)
    response = client.get(reverse("user-list") + "?q=lect")
    assert [u.username for u in response.context["object_list"]] == ["lecture"]


def test_user_list_refuses_a_null_character_with_a_message(client, central, read_only):
    client.force_login(central)
    response = client.get(reverse("user-list") + "?q=lect%00ure")
    assert list(response.context["object_list"]) == []
    assertContains(response, "Le caractère nul n’est pas autorisé.")


@pytest.mark.parametrize("user_fixture", ["read_only", "attache", "no_role"])
def test_only_central_staff_manage_accounts(client, db, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("user-list")).status_code == 403


# Accounts with Django admin rights are out of central staff's reach


@pytest.fixture(params=["superuser", "staff"])
def admin_account(request, db):
    """An account with the Django admin's rights: a superuser, or staff status (permissions given in the admin)."""
    return UserFactory(
        username="root", email="root@interieur.gouv.fr", is_staff=True, is_superuser=request.param == "superuser"
    )


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@interieur.gouv.fr", "password")


def test_central_staff_do_not_see_admin_accounts(client, central, read_only, admin_account):
    client.force_login(central)
    assert [u.username for u in client.get(reverse("user-list")).context["object_list"]] == ["central", "lecture"]
    assert not client.get(reverse("user-list") + "?q=root").context["object_list"]


def test_a_superuser_sees_every_account(client, superuser, central):
    client.force_login(superuser)
    assert [u.username for u in client.get(reverse("user-list")).context["object_list"]] == ["admin", "central"]


def test_central_staff_cannot_open_an_admin_account(client, central, admin_account):
    client.force_login(central)
    assert client.get(reverse("user-update", args=[admin_account.pk])).status_code == 404


def test_central_staff_cannot_take_over_an_admin_account_by_its_e_mail(client, central, admin_account):
    client.force_login(central)
    forged = {"username": "root", "email": "intrus@example.org", "is_active": "on", "role": "central"}
    assert client.post(reverse("user-update", args=[admin_account.pk]), forged).status_code == 404
    admin_account.refresh_from_db()
    assert admin_account.email == "root@interieur.gouv.fr"
    assert not admin_account.groups.exists()
    # The reset link therefore never reaches the intruder.
    client.post(reverse("password_reset"), {"email": "intrus@example.org"})
    assert not mail.outbox


def test_central_staff_cannot_deactivate_an_admin_account(client, central, admin_account):
    client.force_login(central)
    data = {"username": "root", "email": "root@interieur.gouv.fr", "role": ""}  # is_active left out: unticked
    assert client.post(reverse("user-update", args=[admin_account.pk]), data).status_code == 404
    admin_account.refresh_from_db()
    assert admin_account.is_active


def test_central_staff_cannot_unlock_an_admin_account(client, central, admin_account):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "root", "wrong")
    client.force_login(central)
    assert client.post(reverse("user-unlock", args=[admin_account.pk])).status_code == 404
    assert AccessAttempt.objects.filter(username="root").exists()


def test_a_superuser_changes_another_superuser(client, superuser):
    other = get_user_model().objects.create_superuser("admin2", "admin2@interieur.gouv.fr", "password")
    client.force_login(superuser)
    data = {"username": "admin2", "email": "nouveau@interieur.gouv.fr", "is_active": "on", "role": ""}
    assertRedirects(client.post(reverse("user-update", args=[other.pk]), data), reverse("user-list"))
    other.refresh_from_db()
    assert other.email == "nouveau@interieur.gouv.fr"
    assert other.is_superuser and other.is_staff  # the form never touches admin rights


@pytest.mark.parametrize("field", ["is_superuser", "is_staff"])
def test_a_forged_post_gives_no_admin_rights_to_an_existing_account(client, central, read_only, field):
    client.force_login(central)
    data = {"username": "lecture", "email": "lecture@interieur.gouv.fr", "is_active": "on", "role": "", field: "on"}
    assertRedirects(client.post(reverse("user-update", args=[read_only.pk]), data), reverse("user-list"))
    read_only.refresh_from_db()
    assert not read_only.is_superuser and not read_only.is_staff
    assert not read_only.groups.exists()  # the rest of the form was saved


@pytest.mark.parametrize("field", ["is_superuser", "is_staff"])
def test_a_forged_post_gives_no_admin_rights_to_a_new_account(client, central, field):
    client.force_login(central)
    data = {"username": "nouveau", "email": "nouveau@interieur.gouv.fr", "is_active": "on", "role": "", field: "on"}
    assertRedirects(client.post(reverse("user-create"), data), reverse("user-list"))
    account = get_user_model().objects.get(username="nouveau")
    assert not account.is_superuser and not account.is_staff


def test_central_staff_cannot_link_an_admin_account_to_a_person(client, central, read_only, admin_account):
    client.force_login(central)
    page = client.get(reverse("network:person-create"))
    assert list(page.context["form"].fields["user"].queryset) == [central, read_only]
    data = {"last_name": "Martin", "first_name": "Paul", "corps": "police", "user": admin_account.pk}
    response = client.post(reverse("network:person-create"), data)
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert not Person.objects.exists()


def test_a_superuser_links_an_admin_account_to_a_person(client, superuser, admin_account):
    client.force_login(superuser)
    data = {"last_name": "Martin", "first_name": "Paul", "corps": "police", "user": admin_account.pk}
    client.post(reverse("network:person-create"), data)
    assert Person.objects.get().user == admin_account


def test_central_staff_edit_a_person_linked_to_an_admin_account_and_the_link_stays(client, central, admin_account):
    person = PersonFactory(user=admin_account, grade="commissaire")
    client.force_login(central)
    page = client.get(reverse("network:person-update", args=[person.pk]))
    assert "user" not in page.context["form"].fields
    response = client.post(
        reverse("network:person-update", args=[person.pk]),
        form_data(page, grade="commissaire divisionnaire", user=""),  # a forged unlinking is ignored
    )
    assertRedirects(response, person.get_absolute_url(), fetch_redirect_response=False)
    person.refresh_from_db()
    assert (person.grade, person.user) == ("commissaire divisionnaire", admin_account)


# Hardening


def test_pages_send_a_content_security_policy_that_their_scripts_satisfy(client, central):
    client.force_login(central)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "default-src 'self'" in policy
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)


def session_writes(client, url="/"):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]


def test_a_session_is_not_rewritten_on_every_page(client, central):
    client.force_login(central)
    session_writes(client)  # the first page after signing in sets when the session was refreshed
    assert session_writes(client) == []
    assert session_writes(client, "/network/posts/") == []


def test_activity_moves_a_sessions_expiry_forward_every_few_minutes(client, central):
    client.force_login(central)
    client.get("/")
    key = client.session.session_key
    session = client.session
    session[middleware.SESSION_REFRESHED_KEY] -= middleware.SESSION_REFRESH_SECONDS  # a few minutes later
    session.save()
    before = Session.objects.get(session_key=key).expire_date
    assert len(session_writes(client)) == 1
    assert Session.objects.get(session_key=key).expire_date > before


def test_sessions_expire_after_inactivity(client, central):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60 * 8
    client.force_login(central)
    client.get("/")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
