"""Benchmark settings: the base settings as production runs them, plus the bench's bare view.

`bench/` measures the register against a bare Django view that goes through the same
middleware; that view is routed only here (`bench.urls`). Debugging stays off, whatever
the environment says, so that timings are production's. A development secret key and
plain HTTP are allowed (the bench talks to 127.0.0.1 only) unless the environment sets them.
"""

import os

os.environ.setdefault("DJANGO_DEVELOPMENT", "true")

from .base import *  # noqa: F403 (the bench runs the base settings)

DEBUG = False
ROOT_URLCONF = "bench.urls"
# The host name of django.test.Client, which the server-time benchmark uses in-process.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405 (from base)
# The tables stay readable: a refused page (403) is a line of the table, not a traceback;
# errors (500) are still logged.
LOGGING["loggers"] = {"axes": {"level": "WARNING"}, "django.request": {"level": "ERROR"}}  # noqa: F405 (from base)
