"""Requests per second of the API under gunicorn on PostgreSQL, against a bare Django view of the same bytes.

    python manage.py bench_api [--rows 50] [--seconds 5] [--connections 4] [--workers 2] [--rounds 3]

Measures three URLs on one gunicorn (PostgreSQL, token auth, production settings without TLS redirect):
a bare Django view returning the scope list's bytes; the scope list of a release (token auth,
pagination); and the same list answering 304 to a matching If-None-Match. Uses wrk when it is
installed (apt-get install wrk), else a small threaded load generator. It creates (and reuses) its
own database, secreleases_bench, and sends traffic only to 127.0.0.1.
"""

import datetime
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

ROOT = Path(__file__).resolve().parents[3]
BENCH_DB = "postgres://postgres@127.0.0.1:5432/secreleases_bench"


class Command(BaseCommand):
    help = "Benchmark the API's scope list and its 304 against a bare Django view under gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", BENCH_DB))
        parser.add_argument("--rows", type=int, default=50, help="Scope items on the measured page.")
        parser.add_argument("--seconds", type=int, default=5)
        parser.add_argument("--connections", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
        parser.add_argument(
            "--rounds", type=int, default=3, help="Rounds of all three, interleaved: a noisy neighbour hits them alike."
        )
        parser.add_argument("--seed", action="store_true", help=argparse_hidden())

    def handle(self, *args, **options):
        if options["seed"]:
            self.stdout.write(seed(options["rows"]))
            return
        env = server_env(options["database_url"])
        create_database(options["database_url"])
        run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        token = run([sys.executable, "manage.py", "bench_api", "--seed", "--rows", str(options["rows"])], env).strip()
        port = free_port()
        body_file = Path(tempfile.mkdtemp()) / "bare.json"
        body_file.write_bytes(b"{}")
        env.update(BENCH_BARE_BODY=str(body_file), BENCH_SERVER="1")
        scope = "/api/v1/releases/bench-release/scope/"
        auth = {"Authorization": f"Token {token}"}
        # First pass: learn the list's bytes and ETag, then restart with the bare view serving them.
        with Gunicorn(port, options["workers"], env):
            status, headers, body = get(port, scope, auth)
            if status != 200:
                raise CommandError(f"The scope list answered {status}: {body[:200]!r}")
        body_file.write_bytes(body)
        etag = headers["etag"]
        targets = [
            ("bare Django view, same bytes", "/bench/bare/", {}),
            ("scope list (token, page of rows)", scope, auth),
            ("scope list, 304 on If-None-Match", scope, {**auth, "If-None-Match": etag}),
        ]
        rounds = []
        with Gunicorn(port, options["workers"], env):
            assert get(port, "/bench/bare/", {})[2] == body
            assert get(port, scope, {**auth, "If-None-Match": etag})[0] == 304
            for _ in range(options["rounds"]):
                rounds.append(
                    {
                        name: load(port, url, extra, options["seconds"], options["connections"])
                        for name, url, extra in targets
                    }
                )
        self.report(rounds, len(body), options)

    def report(self, rounds, size, options):
        tool = "wrk" if shutil.which("wrk") else "threaded Python client"
        self.stdout.write(
            f"{options['rows']} scope items, {size} bytes; gunicorn {options['workers']} workers; "
            f"{tool}, {options['connections']} connections, {options['seconds']} s each, {len(rounds)} rounds"
        )
        bare_name = next(iter(rounds[0]))
        for name in rounds[0]:
            rates = [measured[name] for measured in rounds]
            ratios = sorted(measured[name] / measured[bare_name] for measured in rounds)
            self.stdout.write(
                f"  {name:<36} {statistics.median(rates):8.0f} req/s   {statistics.median(ratios):5.2f}x bare"
                f"   (rounds {ratios[0]:.2f}-{ratios[-1]:.2f}x)"
            )


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def seed(rows: int) -> str:
    """The bench release with `rows` scope items and a SECAS user's token (idempotent)."""
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from modifications.models import Modification
    from releases.models import Release, ScopeItem, User

    release, _ = Release.objects.get_or_create(
        slug="bench-release", defaults={"name": "Bench SEC Release", "implementation_date": datetime.date(2040, 6, 1)}
    )
    later, _ = Release.objects.get_or_create(
        slug="bench-later",
        defaults={"name": "Bench Later SEC Release", "implementation_date": datetime.date(2041, 6, 1)},
    )
    for n in range(release.scope_items.count(), rows):
        modification, _ = Modification.objects.get_or_create(
            reference=f"SECMP{9000 + n:04d}", defaults={"title": f"Bench modification {n}", "phase": "development"}
        )
        ScopeItem.add(
            release=release,
            modification=modification,
            cut_off_date=datetime.date(2040, 1, 1),
            fall_back_release=later,
            status_note="The Change Board vote will be held on 27 May 2040 under Self-Governance.",
            added_on=datetime.date(2030, 1, 1),
        )
    user, created = User.objects.get_or_create(username="bench-secas")
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name="secas"))
    return Token.objects.get_or_create(user=user)[0].key


def server_env(database_url: str, cache_url: str | None = None) -> dict:
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="secreleases.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-not-secret"),
        SECURE_SSL_REDIRECT="false",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        # The benchmark makes thousands of requests a second as one user: no throttle (settings' API_THROTTLE_*).
        API_THROTTLE_USER="off",
        # As in production (docker-compose): a Redis cache shared by the workers holds the ETag versions.
        CACHE_URL=cache_url or env.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"),
    )
    return env


def create_database(database_url: str) -> None:
    import psycopg2

    match = re.match(r"postgres(?:ql)?://(?P<user>[^@:]+)@(?P<host>[^:/]+):(?P<port>\d+)/(?P<name>\w+)$", database_url)
    if not match:
        raise CommandError("Give --database-url as postgres://user@host:port/name")
    connection = psycopg2.connect(dbname="postgres", user=match["user"], host=match["host"], port=match["port"])
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [match["name"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{match["name"]}"')
    connection.close()


def run(command, env) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise CommandError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn on 127.0.0.1 for the length of a `with` block."""

    def __init__(self, port, workers, env, app="releases.api.bench:application"):
        self.port, self.workers, self.env, self.app = port, workers, env, app

    def __enter__(self):
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, self.app, "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/healthz", {})[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise CommandError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def get(port, url, headers):
    return send(port, "GET", url, headers)


def send(port, method, url, headers, body=None):
    """One request on a new connection: (status, headers by lower-case name, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, url, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def load(port, url, headers, seconds, connections) -> float:
    get(port, url, headers)  # warm every worker's caches a little
    if shutil.which("wrk"):
        return wrk(port, url, headers, seconds, connections)
    return threaded_load(port, url, headers, seconds, connections)


def wrk(port, url, headers, seconds, connections) -> float:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise CommandError(f"{url} answered errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def threaded_load(port, url, headers, seconds, connections) -> float:
    counts = [0] * connections
    deadline = time.monotonic() + seconds

    def client(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < deadline:
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                raise RuntimeError(f"{url} answered {response.status}")
            counts[index] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)
