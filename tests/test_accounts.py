import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects, assertTemplateUsed

from dcis.access import CENTRAL_GROUP, READ_ONLY_GROUP
from tests.factories import UserFactory

LOGIN = "/accounts/login/"


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")


# Lock-out after repeated failures (django-axes)


def test_repeated_failures_lock_the_account_with_a_clear_message(client, central):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "central", "wrong").status_code == 200
    response = sign_in(client, "central", "wrong")
    assert response.status_code == 429
    assertTemplateUsed(response, "registration/locked_out.html")
    assertContains(response, "15", status_code=429)  # the minutes to wait
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


def test_central_staff_unlock_an_account(client, central):
    locked = UserFactory(username="bloque")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "bloque", "wrong")
    client.force_login(central)
    page = client.get(reverse("user-update", args=[locked.pk]))
    assert page.context["failures"] == settings.AXES_FAILURE_LIMIT
    client.post(reverse("user-unlock", args=[locked.pk]))
    assert not AccessAttempt.objects.filter(username="bloque").exists()
    client.logout()
    assertRedirects(sign_in(client, "bloque", "password"), "/", fetch_redirect_response=False)


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


# Hardening


def test_pages_send_a_content_security_policy_that_their_scripts_satisfy(client, central):
    client.force_login(central)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "default-src 'self'" in policy
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 60 * 60 * 8
