"""The ten-year scale check: every page and list endpoint on the demo, then on ten years of releases.

For each URL: the number of queries (the same at both sizes, or the page does work that grows with
the data) and the median time of 15 requests in-process (at most 1.5 times the demo's). `make bench`
runs it after the throughput comparison on two copies of the demo, one grown by grow.py, measuring
them in turns (the machine's noise falls on both alike) with `CACHE_URL=dummy://`: every answer is
built, none is sent again from a cache.
"""

import json
import statistics
import sys
import time
from pathlib import Path

from grow import TARGET, grow, setup_django

REPEATS = 15
TIME_GOAL = 1.5
PAGES = [
    "/",
    "/releases/november-2020/",
    "/releases/november-2020/history/",
    "/releases/november-2020/dashboard/",
    "/releases/november-2020/rid/",
    "/planning/",
    "/modifications/",
    "/modifications/MP084/",
    "/modifications/MP084/history/",
    "/releases/november-2020/?as_at=2020-05-26",
    "/releases/november-2020/dashboard/?as_at=2020-05-26",
    "/releases/november-2020/papers/",
    "/change-requests/",
    "/search/?q=MP084",
]
API = [
    "/api/v1/releases/",
    "/api/v1/releases/november-2020/",
    "/api/v1/releases/november-2020/scope/",
    "/api/v1/releases/november-2020/change-requests/",
    "/api/v1/releases/november-2020/milestones/",
    "/api/v1/releases/november-2020/criteria/",
    "/api/v1/releases/november-2020/risks/",
    "/api/v1/releases/november-2020/readiness/",
    "/api/v1/releases/november-2020/decisions/",
    "/api/v1/releases/november-2020/dashboard/",
    "/api/v1/releases/november-2020/history/",
    "/api/v1/releases/november-2020/rids/",
    "/api/v1/modifications/",
    "/api/v1/modifications/MP084/",
    "/api/v1/modifications/MP084/history/",
    "/api/v1/change-requests/",
    "/api/v1/releases/november-2020/scope/?as_at=2020-05-26",
    "/api/v1/releases/june-2020/scope/?as_at=2020-01-17",
]


def clients():
    from django.test import Client

    from releases.models import User
    from secreleases.models import ApiToken

    secas = User.objects.get(username="secas")
    page_client = Client(HTTP_HOST="127.0.0.1")
    page_client.force_login(secas)
    _, key = ApiToken.objects.issue(secas, name=ApiToken.objects.unused_name(secas, "Scale check"))
    api_client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {key}")
    return page_client, api_client


def measure(client, url) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm: templates, the URL resolver, a connection
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # now: every request starts with an empty query log
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return query_count, statistics.median(times) * 1000


def measure_all() -> dict:
    page_client, api_client = clients()
    results = {url: measure(page_client, url) for url in PAGES}
    results |= {url: measure(api_client, url) for url in API}
    return results


def report(demo: dict, grown: dict, sizes: dict) -> None:
    print(f"\nTen-year scale check: {sizes} (targets {TARGET})")
    print(f"{'URL':52} {'queries demo/10y':>17} {'ms demo':>8} {'ms 10y':>8} {'ratio':>6}")
    failures = 0
    for url, (queries, ms) in demo.items():
        grown_queries, grown_ms = grown[url]
        ratio = grown_ms / ms
        ok = grown_queries == queries and ratio <= TIME_GOAL
        failures += not ok
        mark = "" if ok else "  <- over the goal"
        print(f"{url:52} {queries:>8}/{grown_queries:<8} {ms:8.1f} {grown_ms:8.1f} {ratio:6.2f}{mark}")
    print(f"{len(demo) - failures} of {len(demo)} URLs keep their query count and stay within {TIME_GOAL}x.")


def main() -> int:
    """`scale.py measure OUT.json` measures the database it is given; `scale.py grow` grows it."""
    setup_django()
    if sys.argv[1:2] == ["grow"]:
        print(json.dumps(grow()))
    elif sys.argv[1:2] == ["measure"]:
        Path(sys.argv[2]).write_text(json.dumps(measure_all()))
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
