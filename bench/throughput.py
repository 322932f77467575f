"""Requests per second of the main pages under gunicorn, measured by wrk.

    DJANGO_SETTINGS_MODULE=dcis.settings.bench python -m bench.throughput [--duration 10]

Starts gunicorn (2 sync workers, the bench settings) on a free port of 127.0.0.1, signs in
central staff and a superuser by writing their sessions to the database, then runs wrk for
a bounded time on each page: the bare view, the main lists (actions of one year, requests,
posts, people, companies, opportunities), the dashboard, and the Django admin's list of the
same year's actions. Prints requests per second, wrk's latency, and the ratio to the bare
view and to the admin changelist. gunicorn is stopped and the sessions deleted at the end,
whatever happens.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from .common import pick_superuser, pick_users, setup

WORKERS = 2
# The main lists, by URL name; the actions' list gets the year filter.
LISTS = [
    "cooperation:action-list",
    "cooperation:operationalrequest-list",
    "network:post-list",
    "network:person-list",
    "partnerships:company-list",
    "partnerships:opportunity-list",
]
# What `ActionQuerySet.in_year`, the list's year filter, filters on: the admin gets the same lookup.
ACTION_YEAR_LOOKUP = "starts_on__year"


def busiest_year():
    """The year with the most actions."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from cooperation.models import Action

    years = (
        Action.objects.annotate(year=ExtractYear("starts_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year")
    )
    first = years.first()
    return first["year"] if first else None


def targets(year):
    """(label, path, who) for every page wrk measures, the bare view first, the admin last."""
    from django.urls import reverse

    from bench.urls import BARE_URL

    pages = [("bare view", BARE_URL, "central")]
    for name in LISTS:
        path = reverse(name)
        if name == "cooperation:action-list" and year:
            path += f"?year={year}"
        pages.append((name, path, "central"))
    pages.append(("home", reverse("home"), "central"))
    admin_path = reverse("admin:cooperation_action_changelist")
    if year:
        admin_path += f"?{ACTION_YEAR_LOOKUP}={year}"
    pages.append(("admin changelist", admin_path, "superuser"))
    return pages


def session_cookie(user):
    """A signed-in session of the user, written to the database, as a Cookie header's value."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status_of(url, cookie, timeout=60):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def start_gunicorn(port, log):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "dcis.settings.bench")}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "dcis.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        "--timeout",
        "120",
    ]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until_up(server, base, cookie, seconds=60):
    from bench.urls import BARE_URL

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            if status_of(base + BARE_URL, cookie, timeout=5) == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {seconds} s")


def stop(server):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def wrk(url, cookie, duration, connections):
    """wrk's figures for one URL: requests/s, latency p50 and p99 (ms), errors."""
    command = [
        "wrk",
        "--threads",
        "2",
        "--connections",
        str(connections),
        "--duration",
        f"{duration}s",
        "--timeout",
        "30s",
        "--latency",
        "--header",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    figures = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percent in ("50", "99"):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        figures[f"p{percent}_ms"] = _ms(*match.groups()) if match else None
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    figures["errors"] = (int(errors.group(1)) if errors else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    )
    return figures


def _ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def run(duration=10, connections=4, year=None, out=None):
    from django.conf import settings
    from django.contrib.sessions.models import Session

    out = out or sys.stdout
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench installs it).")
    year = year or busiest_year()
    users = {"central": pick_users()["central"], "superuser": pick_superuser()}
    cookies = {who: session_cookie(user) for who, user in users.items()}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    pages = targets(year)
    results = []
    with tempfile.TemporaryFile(mode="w+") as log:
        server = start_gunicorn(port, log)
        try:
            wait_until_up(server, base, cookies["central"])
            print(
                f"Throughput on {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} "
                f"{settings.DATABASES['default']['NAME']}: gunicorn, {WORKERS} sync workers on {base}; "
                f"wrk, {connections} connections, {duration} s per page; pages as {users['central'].username}, "
                f"the admin as {users['superuser'].username}; actions of {year}.",
                file=out,
            )
            for label, path, who in pages:
                status = status_of(base + path, cookies[who])
                figures = wrk(base + path, cookies[who], duration, connections) if status == 200 else None
                results.append((label, path, status, figures))
        except Exception:
            log.seek(0)
            sys.stderr.write(log.read()[-4000:])
            raise
        finally:
            stop(server)
            keys = [cookie.split("=", 1)[1] for cookie in cookies.values()]
            Session.objects.filter(session_key__in=keys).delete()
    print_table(results, out)
    return results


def print_table(results, out):
    rates = {label: figures["requests_per_s"] for label, _path, _status, figures in results if figures}
    bare, admin = rates.get("bare view"), rates.get("admin changelist")
    columns = "{:<38}  {:<50}  {:>6}  {:>8}  {:>7}  {:>7}  {:>6}  {:>7}  {:>7}"
    print(
        columns.format("page", "URL", "status", "req/s", "p50 ms", "p99 ms", "errors", "/ bare", "/ admin"),
        file=out,
    )
    for label, path, status, figures in results:
        if not figures:
            print(columns.format(label, path, status, "", "", "", "", "", ""), file=out)
            continue
        rate = figures["requests_per_s"]
        print(
            columns.format(
                label,
                path,
                status,
                f"{rate:.1f}",
                f"{figures['p50_ms']:.1f}" if figures["p50_ms"] is not None else "",
                f"{figures['p99_ms']:.1f}" if figures["p99_ms"] is not None else "",
                figures["errors"],
                f"{rate / bare:.2f}" if bare else "",
                f"{rate / admin:.2f}" if admin else "",
            ),
            file=out,
        )
    print("/ bare, / admin: the page's requests per second over the bare view's, the admin changelist's.", file=out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page (default 10)")
    parser.add_argument("--connections", type=int, default=4, help="wrk's open connections (default 4)")
    parser.add_argument("--year", type=int, help="the actions' year (default: the year with the most actions)")
    args = parser.parse_args(argv)
    setup()
    run(duration=args.duration, connections=args.connections, year=args.year)


if __name__ == "__main__":
    main()
