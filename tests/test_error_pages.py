"""Every error answers with a French page in the State design system, in production and in the demo."""

import re
import runpy
from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.template.loader import get_template
from django.test import Client
from django.urls import include, path, reverse
from django.utils import translation

from tests import factories

BASE_DIR = Path(__file__).resolve().parent.parent


def failing_view(request):
    raise RuntimeError("secret detail of a bug")


def suspicious_view(request):
    raise SuspiciousOperation("tampered input")


# The project's URLs plus two views that fail, for the tests marked `urls(__name__)`.
urlpatterns = [
    path("test/failure/", failing_view),
    path("test/suspicious/", suspicious_view),
    path("", include("dcis.urls")),
]


def assert_error_page(html, status, heading):
    """The design system's error page in French: heading, code, a way back home; no inline code."""
    assert '<html lang="fr"' in html
    assert "dsfr/dist/dsfr/dsfr.min.css" in html
    assert 'class="fr-header"' in html and 'class="fr-footer"' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<p class="fr-text--sm fr-mb-3w">Erreur {status}</p>' in html
    assert f'<a class="fr-btn" href="{reverse("home")}">Retour à l’accueil</a>' in html
    # The strict Content-Security-Policy allows neither inline styles nor inline scripts.
    assert "<style" not in html and " style=" not in html
    assert all(" src=" in script for script in re.findall(r"<script\b[^>]*>", html))


def assert_strict_policy(response):
    directives = dict(
        directive.strip().split(" ", 1) for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert directives["style-src"] == "'self'"
    assert directives["script-src"].startswith("'self'") and "unsafe" not in directives["script-src"]


@pytest.mark.urls(__name__)
def test_a_view_that_fails_answers_500_in_french(client):
    client.raise_request_exception = False
    response = client.get("/test/failure/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_error_page(html, 500, "Erreur inattendue")
    assert "secret detail of a bug" not in html and "Server Error" not in html
    assert_strict_policy(response)


@pytest.mark.parametrize(
    ("template", "heading"), [("500.html", "Erreur inattendue"), ("400.html", "Requête incorrecte")]
)
def test_server_error_pages_render_with_no_context_at_all(template, heading):
    """Django's server_error renders 500.html with an empty context: no request, no context processor."""
    with translation.override("fr"):
        assert_error_page(get_template(template).render(), template[:3], heading)


def test_the_500_page_follows_the_language():
    with translation.override("en"):
        html = get_template("500.html").render()
    assert '<html lang="en"' in html
    assert "<h1>Unexpected error</h1>" in html and "Error 500" in html


@pytest.mark.urls(__name__)
def test_a_suspicious_request_answers_400_in_french(client):
    response = client.get("/test/suspicious/")
    assert response.status_code == 400
    assert_error_page(response.content.decode(), 400, "Requête incorrecte")
    assert_strict_policy(response)


def test_an_unknown_host_answers_400_in_french(client):
    response = client.get(reverse("login"), HTTP_HOST="attacker.example.org")
    assert response.status_code == 400
    html = response.content.decode()
    assert_error_page(html, 400, "Requête incorrecte")
    assert "Bad Request" not in html


def test_a_change_the_user_may_not_make_answers_403_in_french(client, attache, other_post):
    client.force_login(attache)
    response = client.get(reverse("network:post-update", args=[other_post.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert_error_page(html, 403, "Action non autorisée")
    assert 'id="main-menu"' in html  # a signed-in user keeps the navigation
    assert_strict_policy(response)


def test_a_missing_page_answers_404_in_french_to_an_anonymous_user(client, db):
    response = client.get("/nowhere/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_error_page(html, 404, "Page introuvable")
    assert 'id="main-menu"' not in html
    assert_strict_policy(response)


def test_another_posts_restricted_record_answers_404_in_french(client, attache, other_post):
    request = factories.OperationalRequestFactory(post=other_post)
    client.force_login(attache)
    response = client.get(request.get_absolute_url())
    assert response.status_code == 404
    html = response.content.decode()
    assert_error_page(html, 404, "Page introuvable")
    assert 'id="main-menu"' in html
    assert other_post.name not in html


def test_an_expired_form_answers_403_with_a_page_that_says_so(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "central", "password": "whatever"})
    assert response.status_code == 403
    html = response.content.decode()
    assert_error_page(html, 403, "Formulaire expiré")
    assert "renvoyez le formulaire" in html
    assert "CSRF verification failed" not in html
    assert_strict_policy(response)


# Settings: Django's debug pages are for developers who ask for them.


def base_settings(monkeypatch, environment, env_file=None):
    """The base settings as a process gets them from `environment` and `env_file`, not from a local `.env`."""
    monkeypatch.setattr(environ.Env, "ENVIRON", dict(environment))
    if env_file:
        environ.Env.read_env(env_file)
    monkeypatch.setattr(environ.Env, "read_env", classmethod(lambda cls, *args, **kwargs: None))
    return runpy.run_path(str(BASE_DIR / "dcis" / "settings" / "base.py"))


def test_the_demo_settings_show_the_error_pages_not_the_debug_pages(monkeypatch):
    demo = base_settings(monkeypatch, {}, BASE_DIR / ".env.example")
    assert demo["DEBUG"] is False
    # A local machine over plain HTTP: a development key, no HTTPS redirect, no Secure cookies, no HSTS.
    assert demo["SECRET_KEY"] == "insecure-development-key"
    assert demo["SECURE_SSL_REDIRECT"] is False
    assert demo["SESSION_COOKIE_SECURE"] is False and demo["CSRF_COOKIE_SECURE"] is False
    assert demo["SECURE_HSTS_SECONDS"] == 0


def test_debug_pages_only_when_asked_for(monkeypatch):
    assert base_settings(monkeypatch, {"DJANGO_DEVELOPMENT": "true"})["DEBUG"] is False
    assert base_settings(monkeypatch, {"DJANGO_DEVELOPMENT": "true", "DJANGO_DEBUG": "true"})["DEBUG"] is True


def test_production_is_what_you_get_with_neither_variable(monkeypatch):
    production = base_settings(monkeypatch, {"DJANGO_SECRET_KEY": "a-long-random-production-key"})
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True and production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_HSTS_SECONDS"] == 60 * 60 * 24 * 365
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        base_settings(monkeypatch, {})
    # Debug pages alone do not make a development machine: the secret key stays required.
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        base_settings(monkeypatch, {"DJANGO_DEBUG": "true"})
