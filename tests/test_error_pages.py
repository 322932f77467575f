"""Every error answers with a French page in the State design system, in production and in the demo."""

import runpy
from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


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
