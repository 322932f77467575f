"""Server time of every page, for each role, against a bare view measured in the same run.

    DJANGO_SETTINGS_MODULE=dcis.settings.bench python -m bench.server_time [--iterations 20] [--markdown]

The pages come from the URL conf: every named route of the project's own apps (the root
urls, network, cooperation, partnerships) that a role reads — lists, record pages, the
dashboard, the rotation, other pages without arguments — whose arguments are none, a
record's `pk` or a `year`. Forms, history pages, files and the admin are left out. A
record page shows, for each role, the record it may see with the most related rows; the
rotation shows this year's. A page that offers `?export=csv` is also measured exported,
in CSV and in XLSX.

Requests run in-process through django.test.Client, signed in with force_login, through
the whole middleware stack, with DEBUG off. Each page is requested alternately with the
bare view (bare, page, bare, page…) so that the machine's noise hits both alike, after a
warm-up; the query count is the page's own (connection.execute_wrapper), streamed
content included.

`--save run.json` keeps a run's figures; `--against run.json` compares with a saved run (the
demo's, say) page by page — the same role, kind and URL name, whatever the record — and flags a
p50 more than 1.5 times the saved one.
"""

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field

from .common import ROLES, percentile, pick_users, setup

# p95 above these (milliseconds) is flagged; exports have no target.
TARGETS_MS = {"list": 100, "detail": 100, "rotation": 100, "page": 100, "dashboard": 250}
# A p50 more than this many times the same page's in a saved run (`--against`) is flagged.
GROWTH_TARGET = 1.5
PROJECT_NAMESPACES = ("", "network", "cooperation", "partnerships")
EXPORT_FORMATS = ("csv", "xlsx")


@dataclass
class Route:
    name: str
    kind: str  # list, detail, dashboard, rotation, page
    params: frozenset
    model: type | None


@dataclass
class Result:
    role: str
    kind: str
    name: str
    url: str
    status: int | None = None
    queries: list = field(default_factory=list)
    page_ms: list = field(default_factory=list)
    bare_ms: list = field(default_factory=list)
    note: str = ""
    saved_p50: float | None = None  # the same page's p50 in the run compared against

    @property
    def key(self):
        return f"{self.role} {self.kind} {self.name}"

    @property
    def growth(self):
        return self.p50 / self.saved_p50 if self.measured and self.saved_p50 else None

    @property
    def grew_too_much(self):
        return self.kind in TARGETS_MS and self.growth is not None and self.growth > GROWTH_TARGET

    @property
    def measured(self):
        return bool(self.page_ms)

    @property
    def p50(self):
        return percentile(self.page_ms, 50)

    @property
    def p95(self):
        return percentile(self.page_ms, 95)

    @property
    def bare_p50(self):
        return percentile(self.bare_ms, 50)

    @property
    def ratio(self):
        return self.p50 / self.bare_p50

    @property
    def target_ms(self):
        return TARGETS_MS.get(self.kind)

    @property
    def over_target(self):
        return self.measured and self.target_ms is not None and self.p95 > self.target_ms

    @property
    def query_count(self):
        if not self.queries:
            return ""
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}–{high}"


def walk(patterns=None, namespace="", params=frozenset()):
    """(name, pattern, parameter names) for every named URL pattern."""
    from django.urls import URLResolver, get_resolver

    for entry in get_resolver().url_patterns if patterns is None else patterns:
        names = params | _parameters(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner, names)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry, names


def _parameters(pattern):
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return frozenset(converters)
    return frozenset(pattern.regex.groupindex)


def kind_of(name, view_class, params):
    """What a page is for the benchmark, or None for what it leaves out."""
    from django.views.generic.detail import BaseDetailView
    from django.views.generic.edit import DeletionMixin, FormMixin, ProcessFormView
    from django.views.generic.list import MultipleObjectMixin

    from dcis.views import RecordHistoryView

    short = name.rsplit(":", 1)[-1]
    if issubclass(view_class, FormMixin | ProcessFormView | DeletionMixin | RecordHistoryView):
        return None
    if "get" not in view_class.http_method_names:
        return None
    if params == {"pk"}:
        return "detail" if issubclass(view_class, BaseDetailView) else None
    if params == {"year"}:
        return "rotation" if "rotation" in short else None
    if params:
        return None
    if issubclass(view_class, MultipleObjectMixin) or short.endswith("-list"):
        return "list"
    if short == "home" or "dashboard" in short:
        return "dashboard"
    return "page"


def discover_routes():
    """The pages to measure, from the URL conf, in its order."""
    from dcis.access import policy_of

    routes = []
    for name, pattern, params in walk():
        namespace = name.rsplit(":", 1)[0] if ":" in name else ""
        view_class = getattr(pattern.callback, "view_class", None)
        if namespace not in PROJECT_NAMESPACES or view_class is None:
            continue
        if policy_of(name, pattern.callback) not in ("read", "central"):
            continue
        kind = kind_of(name, view_class, params)
        if kind is None:
            continue
        model = pattern.callback.view_initkwargs.get("model") or getattr(view_class, "model", None)
        routes.append(Route(name, kind, params, model))
    return routes


def busiest(model, user):
    """The record of `model` the user may see that has the most related rows, or None."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    manager = model._default_manager
    records = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
    counts = []
    for relation in model._meta.get_fields():
        if relation.one_to_many and hasattr(relation, "field"):
            rows, key = relation.related_model._base_manager, relation.field.name
        elif relation.many_to_many and not relation.auto_created:
            rows, key = relation.remote_field.through._base_manager, relation.m2m_field_name()
        elif relation.many_to_many and hasattr(relation, "through"):
            rows, key = relation.through._base_manager, relation.field.m2m_reverse_field_name()
        else:
            continue
        counted = rows.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(n=Count("*")).values("n")
        counts.append(Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)))
    if not counts:
        return records.order_by("pk").first()
    return records.annotate(related_rows=sum(counts[1:], counts[0])).order_by("-related_rows", "pk").first()


def url_of(route, user, year):
    from django.urls import reverse

    if "pk" in route.params:
        record = busiest(route.model, user) if route.model else None
        return reverse(route.name, kwargs={"pk": record.pk}) if record else None
    if "year" in route.params:
        return reverse(route.name, kwargs={"year": year})
    return reverse(route.name)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def fetch(client, url):
    """(milliseconds, response, queries) of one request, its streamed content read to the end."""
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        else:
            response.content  # noqa: B018 (rendered already; read it as a server would)
        elapsed = (time.perf_counter() - start) * 1000
    # The client has closed the response as a server would (a second close() would end the
    # database connection, which the client keeps between requests).
    return elapsed, response, counter.count


def measure(client, result, bare_url, iterations, warmup):
    """Fill `result` with its status and, for a 200, the interleaved timings. Returns the last page response.

    A page that does not answer 200 gets no timings: its status is its line.
    """
    response = None
    for round_ in range(warmup + max(iterations, 1)):
        bare_ms, bare_response, _queries = fetch(client, bare_url)
        if bare_response.status_code != 200:
            raise SystemExit(f"The bare view answered {bare_response.status_code}: run with dcis.settings.bench.")
        page_ms, response, queries = fetch(client, result.url)
        result.status = response.status_code
        if result.status != 200:
            result.bare_ms, result.page_ms, result.queries = [], [], []
            break
        if round_ >= warmup:
            result.bare_ms.append(bare_ms)
            result.page_ms.append(page_ms)
            result.queries.append(queries)
    return response


def with_export(url, export_format):
    return f"{url}{'&' if '?' in url else '?'}export={export_format}"


COLUMNS = [
    ("role", 10, "<"),
    ("kind", 9, "<"),
    ("URL", 44, "<"),
    ("status", 6, ">"),
    ("queries", 7, ">"),
    ("p50 ms", 8, ">"),
    ("p95 ms", 8, ">"),
    ("bare p50", 8, ">"),
    ("× bare", 7, ">"),
    ("× saved", 7, ">"),
    ("target", 7, ">"),
    ("", 4, "<"),
]


def cells(result):
    measured = result.measured
    return [
        result.role,
        result.kind,
        result.url,
        str(result.status or "—"),
        result.query_count,
        f"{result.p50:.1f}" if measured else "",
        f"{result.p95:.1f}" if measured else "",
        f"{result.bare_p50:.1f}" if measured else "",
        f"{result.ratio:.1f}" if measured else "",
        f"{result.growth:.2f}" if result.growth is not None else "",
        f"{result.target_ms}" if result.target_ms else "",
        " ".join(
            flag for flag in ("OVER" if result.over_target else "", "GREW" if result.grew_too_much else "") if flag
        )
        or result.note,
    ]


def format_line(values, markdown):
    if markdown:
        return "| " + " | ".join(str(value).replace("|", "\\|") for value in values) + " |"
    return "  ".join(f"{value:{align}{width}}" for value, (_title, width, align) in zip(values, COLUMNS, strict=True))


def header(markdown):
    titles = [title for title, _width, _align in COLUMNS]
    if markdown:
        rule = "|" + "|".join("---:" if align == ">" else "---" for _title, _width, align in COLUMNS) + "|"
        return [format_line(titles, True), rule]
    line = format_line(titles, False)
    return [line, "-" * len(line)]


def run(
    iterations=20,
    export_iterations=2,
    warmup=2,
    only=(),
    roles=ROLES,
    users=None,
    markdown=False,
    out=None,
    saved=None,
):
    """Measure every discovered page for each role, printing a line per page as it completes;
    `saved` maps a page's key to its p50 in an earlier run."""
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from bench.urls import BARE_URL
    from dcis.models import ExportRecord

    out = out or sys.stdout
    users = users or pick_users()
    year = timezone.localdate().year
    routes = [route for route in discover_routes() if not only or any(re.search(p, route.name) for p in only)]
    print(
        f"Server time on {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} "
        f"{settings.DATABASES['default']['NAME']}: {iterations} requests per page "
        f"after {warmup} of warm-up ({export_iterations} per export, without), "
        f"each after one of the bare view {BARE_URL}; "
        f"users: " + ", ".join(f"{role} {users[role].username}" for role in roles),
        file=out,
    )
    print(
        "p95 over target (ms) is flagged OVER: "
        + ", ".join(f"{kind} {ms}" for kind, ms in TARGETS_MS.items())
        + "; × bare is p50 page / p50 bare"
        + (f"; × saved is p50 page / p50 in the saved run, GREW above {GROWTH_TARGET}." if saved else "."),
        file=out,
    )
    saved = saved or {}
    for line in header(markdown):
        print(line, file=out)
    last_export = ExportRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    results = []
    try:
        for role in roles:
            client = Client(raise_request_exception=False)
            client.force_login(users[role])
            for route in routes:
                url = url_of(route, users[role], year)
                result = Result(role, route.kind, route.name, url or route.name)
                if url is None:
                    result.note = "no record visible"
                    results.append(result)
                    print(format_line(cells(result), markdown), file=out, flush=True)
                    continue
                response = measure(client, result, BARE_URL, iterations, warmup)
                result.saved_p50 = saved.get(result.key)
                results.append(result)
                print(format_line(cells(result), markdown), file=out, flush=True)
                offers_export = result.status == 200 and not response.streaming and b"export=csv" in response.content
                if offers_export and export_iterations:
                    for export_format in EXPORT_FORMATS:
                        exported = Result(role, export_format, route.name, with_export(url, export_format))
                        # No warm-up: the list just requested has run the same code and queryset.
                        measure(client, exported, BARE_URL, export_iterations, 0)
                        results.append(exported)
                        print(format_line(cells(exported), markdown), file=out, flush=True)
            client.logout()
    finally:
        # Every export is logged for audit: the bench's own are not anyone's.
        ExportRecord.objects.filter(pk__gt=last_export, user__in=[users[role] for role in roles]).delete()
    over = [result for result in results if result.over_target]
    grew = [result for result in results if result.grew_too_much]
    failed = [result for result in results if result.status not in (200, 403, None)]
    print(
        f"{len(results)} lines, {len(over)} over target, "
        + (f"{len(grew)} more than {GROWTH_TARGET} times the saved run, " if saved else "")
        + f"{len(failed)} with a status other than 200 or 403.",
        file=out,
    )
    return results


def save(results, path):
    figures = {
        result.key: {"url": result.url, "p50": result.p50, "p95": result.p95} for result in results if result.measured
    }
    with open(path, "w") as file:
        json.dump(figures, file, indent=1)


def load(path):
    with open(path) as file:
        return {key: figures["p50"] for key, figures in json.load(file).items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument(
        "--export-iterations", type=int, default=2, help="timed requests per export, no warm-up (default 2; 0: none)"
    )
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first (default 2)")
    parser.add_argument(
        "--only", action="append", default=[], metavar="REGEX", help="URL names to measure (repeatable)"
    )
    parser.add_argument("--role", action="append", choices=ROLES, help="roles to measure (default: all three)")
    parser.add_argument("--central", help="username of the central staff user (default: the first in the database)")
    parser.add_argument("--post-staff", help="username of the post staff user (default: the first)")
    parser.add_argument("--read-only", help="username of the read-only user (default: the first)")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table, e.g. for the README")
    parser.add_argument("--save", metavar="FILE", help="write the run's figures to this JSON file")
    parser.add_argument("--against", metavar="FILE", help="compare each page with a run saved by --save")
    args = parser.parse_args(argv)
    setup()
    users = pick_users(args.central, args.post_staff, args.read_only)
    results = run(
        iterations=args.iterations,
        export_iterations=args.export_iterations,
        warmup=args.warmup,
        only=args.only,
        roles=args.role or ROLES,
        users=users,
        markdown=args.markdown,
        saved=load(args.against) if args.against else None,
    )
    if args.save:
        save(results, args.save)


if __name__ == "__main__":
    main()
