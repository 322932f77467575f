"""Test settings: the base settings, made fast and hermetic."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret")

from .base import *  # noqa: F403 (test settings extend every base setting)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
LOGGING["loggers"] = {"axes": {"level": "WARNING"}}  # noqa: F405 (from base)
# WhiteNoise finds the files where they are, as on a developer's machine: no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
