"""An agreement's signed document: a private file, read through the access policy, checked as a PDF."""

import contextlib
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from cooperation.models import Agreement, validate_pdf
from tests.factories import AgreementFactory, pdf_bytes, pdf_upload, post_staff_user

STORED_NAME = re.compile(r"agreements/\d{4}/[0-9a-f]{32}\.pdf")


@pytest.fixture(autouse=True)
def storage(settings):
    """An empty in-memory storage for each test, so that what a test finds stored is its own."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    return default_storage


def agreement_data(post=None, **overrides):
    data = {
        "kind": "lettre_intention",
        "title": "Lettre d'intention sécurité intérieure",
        "countries": ["SG"],
        "status": "signe",
        "signed_on": "2013-06-01",
        **overrides,
    }
    if post is not None:
        data["post"] = post.pk
    return data


def update_data(agreement, **overrides):
    return agreement_data(agreement.post, _version=str(agreement.history.first().history_id), **overrides)


@pytest.fixture
def agreement(post):
    return AgreementFactory(
        post=post, title="Accord de coopération policière", document=pdf_upload(content=pdf_bytes(pages=2))
    )


# Where uploads go


def test_the_upload_folder_comes_from_the_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from dcis.settings import base; print(base.MEDIA_ROOT)"],
        env={**os.environ, "DJANGO_MEDIA_ROOT": str(tmp_path / "fichiers")},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip() == str(tmp_path / "fichiers")


def test_no_url_serves_the_upload_folder(agreement):
    with pytest.raises(Resolver404):
        resolve("/" + agreement.document.name)
    with pytest.raises(Resolver404):
        resolve("/media/" + agreement.document.name)


def test_central_staff_upload_a_signed_pdf_stored_under_a_name_of_its_own(client, central, storage):
    client.force_login(central)
    content = pdf_bytes()
    upload = SimpleUploadedFile("../../dcis/settings/base.pdf", content, content_type="application/pdf")
    response = client.post(reverse("cooperation:agreement-create"), agreement_data(document=upload))
    agreement = Agreement.objects.get()
    assertRedirects(response, agreement.get_absolute_url())
    assert STORED_NAME.fullmatch(agreement.document.name)
    assert storage.open(agreement.document.name).read() == content


def test_the_same_file_name_twice_makes_two_files(client, central, storage):
    client.force_login(central)
    for title in ("Accord A", "Accord B"):
        client.post(reverse("cooperation:agreement-create"), agreement_data(title=title, document=pdf_upload()))
    first, second = Agreement.objects.order_by("title")
    assert first.document.name != second.document.name
    assert storage.exists(first.document.name) and storage.exists(second.document.name)


def test_the_post_staff_attach_the_document_of_their_post_agreement(client, attache, post, storage):
    agreement = AgreementFactory(post=post)
    client.force_login(attache)
    content = pdf_bytes(pages=3)
    response = client.post(
        reverse("cooperation:agreement-update", args=[agreement.pk]),
        update_data(agreement, document=pdf_upload(content=content)),
    )
    assertRedirects(response, agreement.get_absolute_url())
    agreement.refresh_from_db()
    assert STORED_NAME.fullmatch(agreement.document.name)
    assert storage.open(agreement.document.name).read() == content


# Reading it


def download_url(agreement):
    return reverse("cooperation:agreement-document", args=[agreement.pk])


@pytest.mark.parametrize("user", ["central", "read_only", "attache"])
def test_those_who_see_the_agreement_download_its_document(client, agreement, user, request):
    client.force_login(request.getfixturevalue(user))
    response = client.get(download_url(agreement))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="accord-de-cooperation-policiere.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes(pages=2)


def test_the_document_is_not_for_the_anonymous(client, agreement):
    response = client.get(download_url(agreement))
    assertRedirects(response, f"{reverse('login')}?next={download_url(agreement)}", fetch_redirect_response=False)


def test_the_document_is_not_for_users_without_a_role(client, agreement, no_role):
    client.force_login(no_role)
    response = client.get(download_url(agreement))
    assert response.status_code == 403
    assert b"%PDF" not in response.content


def test_an_agreement_the_user_may_not_see_has_no_document_for_them(client, agreement, other_post, monkeypatch):
    # Agreements are open to the whole network; were they need-to-know, the view would follow.
    monkeypatch.setattr(Agreement, "need_to_know", True)
    client.force_login(post_staff_user(other_post, username="asi.madrid"))
    response = client.get(download_url(agreement))
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_an_agreement_without_a_document_answers_404(client, central, post):
    client.force_login(central)
    assert client.get(download_url(AgreementFactory(post=post))).status_code == 404


def test_a_document_missing_from_storage_answers_404(client, central, agreement, storage):
    storage.delete(agreement.document.name)
    client.force_login(central)
    assert client.get(download_url(agreement)).status_code == 404


def test_the_agreement_page_links_to_the_download(client, read_only, agreement):
    client.force_login(read_only)
    response = client.get(agreement.get_absolute_url())
    assertContains(response, f'<a href="{download_url(agreement)}">accord-de-cooperation-policiere.pdf</a>', html=True)
    assertNotContains(response, agreement.document.name)
    assert agreement.document.url == download_url(agreement)


def test_the_edit_page_links_to_the_download_too(client, central, agreement):
    client.force_login(central)
    response = client.get(reverse("cooperation:agreement-update", args=[agreement.pk]))
    assertContains(response, f'href="{download_url(agreement)}"')


def test_the_admin_links_to_the_download_as_well(client, agreement, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "password"))
    response = client.get(reverse("admin:cooperation_agreement_change", args=[agreement.pk]))
    assertContains(response, f'href="{download_url(agreement)}"')


# What is accepted


def encrypted_with_a_password():
    return pdf_bytes(password="secret")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>", "pas un document PDF lisible"),
        (b"%PDF-1.7\n" + b"0" * 2000, "pas un document PDF lisible"),
        (pdf_bytes()[:300], "pas un document PDF lisible"),
        (pdf_bytes()[:-12], "pas un document PDF lisible"),
        (pdf_bytes(password="secret"), "protégé par un mot de passe"),
        (pdf_bytes(pages=0), "aucune page"),
        (b"", "Le fichier soumis est vide"),
    ],
    ids=["html-after-magic", "zeros", "truncated", "end-cut", "encrypted", "no-page", "empty"],
)
def test_a_document_that_is_not_a_readable_pdf_is_refused(client, central, storage, content, message):
    client.force_login(central)
    response = client.post(
        reverse("cooperation:agreement-create"), agreement_data(document=pdf_upload(content=content))
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["document"])
    assert not Agreement.objects.exists()
    assert storage.listdir("")[1] == []


def test_a_pdf_readable_without_its_owner_password_is_accepted(db):
    # Many signed PDFs carry an owner password against editing, and open without one.
    validate_pdf(Agreement(document=pdf_upload(content=pdf_bytes(password=""))).document)


def test_whatever_the_bytes_the_check_answers_with_a_message(db):
    """Damaged copies of a valid PDF are accepted or refused, never a crash."""
    original, rnd = pdf_bytes(pages=2), random.Random(2026)
    for _ in range(300):
        damaged = bytearray(original)
        for _ in range(rnd.randint(1, 12)):
            position = rnd.randrange(len(damaged))
            if rnd.random() < 0.6:
                damaged[position] = rnd.randrange(256)
            else:
                damaged[position:position] = rnd.choice([b" R", b"<<", b">>", b"[", b"obj", b"9999999999", b"-1"])
        with contextlib.suppress(ValidationError):
            validate_pdf(Agreement(document=pdf_upload(content=bytes(damaged))).document)


def test_a_refused_replacement_keeps_the_document(client, central, agreement, storage):
    stored = agreement.document.name
    client.force_login(central)
    response = client.post(
        reverse("cooperation:agreement-update", args=[agreement.pk]),
        update_data(agreement, document=pdf_upload(content=b"%PDF-1.4\n<html></html>")),
    )
    assert "document" in response.context["form"].errors
    agreement.refresh_from_db()
    assert agreement.document.name == stored
    assert storage.listdir(str(Path(stored).parent))[1] == [Path(stored).name]


# Removing it with the record


def test_replacing_the_document_removes_the_old_file_after_commit(
    client, central, agreement, storage, django_capture_on_commit_callbacks
):
    old = agreement.document.name
    client.force_login(central)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            reverse("cooperation:agreement-update", args=[agreement.pk]),
            update_data(agreement, document=pdf_upload()),
        )
    agreement.refresh_from_db()
    assert agreement.document.name != old
    assert storage.exists(old), "removed before the transaction committed"
    for callback in callbacks:
        callback()
    assert not storage.exists(old)
    assert storage.exists(agreement.document.name)


def test_clearing_the_document_removes_the_file(
    client, central, agreement, storage, django_capture_on_commit_callbacks
):
    old = agreement.document.name
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cooperation:agreement-update", args=[agreement.pk]),
            update_data(agreement, **{"document-clear": "on"}),
        )
    agreement.refresh_from_db()
    assert not agreement.document
    assert not storage.exists(old)


def test_editing_other_fields_keeps_the_document(
    client, central, agreement, storage, django_capture_on_commit_callbacks
):
    stored = agreement.document.name
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("cooperation:agreement-update", args=[agreement.pk]), update_data(agreement, title="Nouveau titre")
        )
    assertRedirects(response, agreement.get_absolute_url())
    agreement.refresh_from_db()
    assert (agreement.title, agreement.document.name) == ("Nouveau titre", stored)
    assert storage.exists(stored)
    assert callbacks == []


def test_deleting_the_agreement_removes_its_document(
    client, central, agreement, storage, django_capture_on_commit_callbacks
):
    stored = agreement.document.name
    client.force_login(central)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cooperation:agreement-delete", args=[agreement.pk]))
    assertRedirects(response, reverse("cooperation:agreement-list"), fetch_redirect_response=False)
    assert not Agreement.objects.exists()
    assert not storage.exists(stored)


def test_a_failed_save_removes_nothing(agreement, storage, django_capture_on_commit_callbacks):
    old = agreement.document.name
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        agreement.document = pdf_upload()
        agreement.save()
        raise RuntimeError("the rest of the change failed")
    assert callbacks == []
    assert storage.exists(old)


def test_a_failed_deletion_removes_nothing(agreement, storage, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        agreement.delete()
        raise RuntimeError("the rest of the change failed")
    assert callbacks == []
    assert storage.exists(agreement.document.name)


def test_on_disk_the_file_lands_in_the_upload_folder_for_the_application_only(
    client, central, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    client.force_login(central)
    client.post(reverse("cooperation:agreement-create"), agreement_data(document=pdf_upload()))
    agreement = Agreement.objects.get()
    on_disk = tmp_path / agreement.document.name
    assert on_disk.read_bytes() == pdf_bytes()
    assert on_disk.stat().st_mode & 0o777 == 0o640
    assert b"".join(client.get(download_url(agreement)).streaming_content) == pdf_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperation:agreement-delete", args=[agreement.pk]))
    assert not on_disk.exists()
