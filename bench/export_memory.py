"""Memory of a CSV export of every action, streamed as a server streams it.

    DJANGO_SETTINGS_MODULE=dcis.settings.bench python -m bench.export_memory [--url /cooperation/actions/?export=csv]

The export runs in a fresh Python process of its own, in-process through django.test.Client
as central staff, and its StreamingHttpResponse is consumed chunk by chunk, parsed as CSV
to count the rows. That process reads its resident memory (/proc/self/status) before the
request, at every tenth of the rows and at the end, and its high-water mark (VmHWM): the
growth over the baseline is the export's alone. Memory is flat when the resident size stays
where the first rows left it, whatever the number of rows.
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import time

from .common import pick_users, setup

DEFAULT_URL = "/cooperation/actions/?export=csv"
SAMPLE_ROWS = 500
# Resident memory growing more than this between the first tenth of the rows and the end is not flat.
FLAT_MARGIN_MB = 10


def memory_mb():
    """(resident size, high-water mark) of this process, in MB."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


class ChunkReader(io.RawIOBase):
    """A file over an iterator of byte chunks, read as they come."""

    def __init__(self, chunks):
        self.chunks = iter(chunks)
        self.pending = b""
        self.size = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        while not self.pending:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.pending = chunk
            self.size += len(chunk)
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        return count


def export(url, username=None):
    """Stream the export in this process; a dict of what it measured."""
    from django.test import Client

    from dcis.models import ExportRecord

    user = pick_users(central=username)["central"]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    client.get("/bench/bare/")  # the session, the user, the connection: not the export's
    last_export = ExportRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    baseline_rss, baseline_hwm = memory_mb()
    start = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200 or not response.streaming:
        raise SystemExit(f"{url} answered {response.status_code}, streaming {response.streaming}: no CSV export.")
    raw = ChunkReader(response.streaming_content)
    rows = -1  # the header
    samples = []
    for _row in csv.reader(io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8-sig", newline="")):
        rows += 1
        if rows and rows % SAMPLE_ROWS == 0:
            samples.append((rows, memory_mb()[0]))
    seconds = time.perf_counter() - start
    end_rss, peak = memory_mb()
    if samples and samples[-1][0] == rows:
        samples.pop()
    samples.append((rows, end_rss))
    ExportRecord.objects.filter(pk__gt=last_export, user=user).delete()  # the bench's own, not an audit trail
    client.logout()
    return {
        "url": url,
        "user": user.username,
        "rows": rows,
        "bytes": raw.size,
        "seconds": seconds,
        "baseline_rss_mb": baseline_rss,
        "baseline_hwm_mb": baseline_hwm,
        "peak_mb": peak,
        "samples": samples,
    }


def report(measured, out=None):
    """Print what the export measured; whether its memory stayed flat."""
    out = out or sys.stdout
    samples = measured["samples"]
    # From the first tenth of the rows on: the first rows fill the caches of Django and the driver.
    first_rows, first_rss = next((rows, rss) for rows, rss in samples if rows >= measured["rows"] / 10)
    growth = samples[-1][1] - first_rss
    flat = growth <= FLAT_MARGIN_MB
    shown = samples[:: max(len(samples) // 10, 1)]
    if shown[-1] != samples[-1]:
        shown.append(samples[-1])
    print(f"CSV export {measured['url']} as {measured['user']}, in a process of its own:", file=out)
    print(
        f"  {measured['rows']} rows, {measured['bytes'] / 1e6:.1f} MB in {measured['seconds']:.1f} s "
        f"({measured['rows'] / max(measured['seconds'], 1e-9):.0f} rows/s)",
        file=out,
    )
    print(
        f"  resident memory: {measured['baseline_rss_mb']:.1f} MB before the request, "
        f"peak {measured['peak_mb']:.1f} MB (VmHWM), so the export's own peak is "
        f"{measured['peak_mb'] - measured['baseline_hwm_mb']:+.1f} MB",
        file=out,
    )
    print(
        "  resident memory as the rows stream (rows: MB): " + ", ".join(f"{rows}: {rss:.1f}" for rows, rss in shown),
        file=out,
    )
    verdict = "flat" if flat else "NOT FLAT"
    print(
        f"  {verdict}: {growth:+.1f} MB from row {first_rows} to the end (margin {FLAT_MARGIN_MB} MB)",
        file=out,
    )
    return flat


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL, help=f"the export to stream (default {DEFAULT_URL})")
    parser.add_argument("--central", help="username of the central staff user (default: the first in the database)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        setup()
        print(json.dumps(export(args.url, args.central)))
        return
    # A fresh process, so that its high-water mark is Django's and the export's, nothing else's.
    command = [sys.executable, "-m", "bench.export_memory", "--child", "--url", args.url]
    if args.central:
        command += ["--central", args.central]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "dcis.settings.bench")}
    child = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600, check=False)
    if child.returncode != 0:
        sys.stderr.write(child.stderr)
        raise SystemExit(child.returncode)
    report(json.loads(child.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
