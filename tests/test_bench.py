"""The server-time benchmark (bench/server_time.py) still runs: one request per page, a few pages."""

import io
import re

import pytest

from bench import server_time
from bench.common import pick_users
from tests import factories

PAGES = [r"^home$", r"^network:rotation$", r"^cooperation:action-(list|detail)$"]


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"  # the bare view, as dcis.settings.bench routes it


def test_the_pages_come_from_the_url_conf(bench_urls):
    routes = {route.name: route.kind for route in server_time.discover_routes()}
    assert routes["home"] == "dashboard"
    assert routes["network:rotation"] == "rotation"
    assert routes["cooperation:action-list"] == "list"
    assert routes["cooperation:action-detail"] == "detail"
    assert routes["network:country-detail"] == "detail"
    # Forms, history pages, files, the admin and the accounts' pages are not measured.
    for left_out in (
        "cooperation:action-update",
        "cooperation:action-history",
        "cooperation:agreement-document",
        "network:country-move",
        "login",
        "bench-bare",
    ):
        assert left_out not in routes
    assert not [name for name in routes if name.startswith("admin:")]


def test_each_role_gets_status_queries_and_timings(bench_urls, post, central, read_only, attache):
    factories.ActionFactory(post=post)
    busiest = factories.ActionFactory(post=post)
    factories.ActionFactory(post=factories.PostFactory())  # not the busiest, though every role may open it
    busiest.countries.add(factories.country("MY"), factories.country("BN"))  # more related rows
    users = pick_users()
    assert users == {"central": central, "post-staff": attache, "read-only": read_only}

    out = io.StringIO()
    results = server_time.run(iterations=1, export_iterations=1, warmup=0, only=PAGES, users=users, out=out)

    measured = {(result.role, result.kind, result.url) for result in results}
    for role in ("central", "post-staff", "read-only"):
        assert (role, "dashboard", "/") in measured
        assert (role, "list", "/cooperation/actions/") in measured
        assert (role, "csv", "/cooperation/actions/?export=csv") in measured
        assert (role, "xlsx", "/cooperation/actions/?export=xlsx") in measured
        assert (role, "detail", f"/cooperation/actions/{busiest.pk}/") in measured
        assert any(kind == "rotation" for who, kind, _url in measured if who == role)
    printed = out.getvalue()
    for result in results:
        assert result.status == 200, result.url
        assert result.queries[0] > 2  # the session and the user, then the page's own
        assert len(result.page_ms) == len(result.bare_ms) == 1
        line = re.search(rf"^{result.role}\s+{result.kind}\s+{re.escape(result.url)}\s+200\s+(\d+)\s", printed, re.M)
        assert line, f"no line for {result.role} {result.url}"
        assert int(line.group(1)) == result.queries[0]
    assert f"{len(results)} lines, " in printed
    # The bench's exports are not left in the audit log.
    assert not central.exports.exists()


def test_a_saved_run_is_compared_page_by_page(bench_urls, tmp_path, post, central, read_only, attache):
    factories.ActionFactory(post=post)
    users = pick_users()
    first = server_time.run(iterations=1, export_iterations=0, warmup=0, only=["home"], users=users, out=io.StringIO())
    path = tmp_path / "demo.json"
    server_time.save(first, path)
    saved = server_time.load(path)
    assert set(saved) == {f"{role} dashboard home" for role in ("central", "post-staff", "read-only")}
    # A run against figures a thousandth of this machine's: every page grew more than 1.5 times
    # (whatever the second run owes to what the first left remembered, or to a busy machine).
    tenth = {key: p50 / 1000 for key, p50 in saved.items()}
    out = io.StringIO()
    second = server_time.run(
        iterations=1, export_iterations=0, warmup=0, only=["home"], users=users, out=out, saved=tenth
    )
    assert all(result.grew_too_much and result.growth > 1.5 for result in second)
    assert "3 more than 1.5 times the saved run" in out.getvalue()
    assert out.getvalue().count("  GREW\n") == 3
