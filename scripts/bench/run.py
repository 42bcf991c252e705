"""`make bench`: the API's throughput against a bare Django view, then the ten-year scale check.

Throughput: gunicorn (2 sync workers) with the production settings and no CACHE_URL, on PostgreSQL,
loaded by wrk with 16 connections; each scenario is run in interleaved rounds and the medians are
compared with a bare Django view that returns the same bytes through the same middleware:

- the November 2020 scope list as the Panel's token sees it, unchanged between reads;
- the same list while a writer changes one of its items ten times a second;
- the same list built at every read, as the first read after a write is (a second server with
  `CACHE_URL=dummy://`, which keeps nothing);
- a 304 on a matching If-None-Match;
- a textbook DRF ListAPIView (ModelSerializer, DRF's token authentication, pagination) over the
  same queryset, for the ratio of the app's list to it.

Then scripts/bench/scale.py measures every page and list endpoint on the demo, grows the demo into
ten years of releases, and measures again. Benchmarks are not tests: CI runs correctness, not speed.
"""

import argparse
import json
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
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
PYTHON = sys.executable
DATABASE = os.environ.get("BENCH_DATABASE", "secreleases_bench")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
RELEASE = "november-2020"


def environment(**extra) -> dict:
    env = os.environ.copy()
    env.pop("CACHE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="settings",
        PYTHONPATH=f"{HERE}{os.pathsep}{ROOT}",
        SECRET_KEY="benchmark-only-not-secret",
        DATABASE_URL=DATABASE_URL,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        CELERY_BROKER_URL=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14"),
        LOG_LEVEL="WARNING",
        # The benchmark is the only client: its thousands of requests a minute are not abuse.
        API_THROTTLE_USER="off",
        API_THROTTLE_TOKEN="off",
        API_THROTTLE_UNAUTHENTICATED="off",
    )
    env.update(extra)
    return env


def manage(*args, env=None, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env or environment(),
        cwd=ROOT,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def fresh_database() -> None:
    for sql in (f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_demo", capture=True)
    manage("collectstatic", "--noinput", "-v0")


def token_for(username: str) -> str:
    return manage("drf_create_token", username, capture=True).split()[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, token: str, **headers) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


class Server:
    def __init__(self, workers: int, env: dict):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        gunicorn = [PYTHON, "-m", "gunicorn", "secreleases.wsgi:application", "--workers", str(workers)]
        gunicorn += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        self.process = subprocess.Popen(gunicorn, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)

    def wait(self) -> None:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=5)
                return
            except urllib.error.HTTPError:
                return  # it answers (a 503 says a service is down, say the cache kept nothing: still up)
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def wrk(url: str, seconds: int, connections: int, headers: dict) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} error answers\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


class Writer(threading.Thread):
    """Changes a scope item of the list ten times a second, through the API, while the list is read."""

    def __init__(self, base: str, token: str, item_id: int):
        super().__init__(daemon=True)
        self.url = f"{base}/api/v1/releases/{RELEASE}/scope/{item_id}/"
        self.token, self.stop_event, self.writes = token, threading.Event(), 0

    def run(self):
        while not self.stop_event.is_set():
            body = json.dumps({"status_note": f"Benchmark write {self.writes}"}).encode()
            request = urllib.request.Request(
                self.url,
                data=body,
                method="PATCH",
                headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
            )
            urllib.request.urlopen(request, timeout=10).read()
            self.writes += 1
            self.stop_event.wait(0.1)


def throughput(rounds: int, seconds: int, connections: int) -> dict:
    panel, secas = token_for("panel"), token_for("secas")
    body_file = Path(tempfile.gettempdir()) / "secreleases-bench-body.json"
    probe = Server(1, environment(BENCH_BODY_FILE="/dev/null", BENCH_RELEASE=RELEASE))
    probe.wait()
    list_url = f"{probe.base}/api/v1/releases/{RELEASE}/scope/"
    status, body, _ = get(list_url, panel)
    probe.stop()
    assert status == 200, status
    body_file.write_bytes(body)

    server = Server(2, environment(BENCH_BODY_FILE=str(body_file), BENCH_RELEASE=RELEASE))
    # The same app keeping nothing: every read builds its answer, as the first read after a write does.
    unkept = Server(2, environment(BENCH_BODY_FILE=str(body_file), BENCH_RELEASE=RELEASE, CACHE_URL="dummy://"))
    try:
        server.wait()
        unkept.wait()
        base = server.base
        list_url = f"{base}/api/v1/releases/{RELEASE}/scope/"
        status, body, _ = get(list_url, panel)
        item_id = json.loads(body)["results"][0]["id"]
        auth = {"Authorization": f"Token {panel}"}

        def current_etag() -> dict:
            etag = get(list_url, panel)[2]["ETag"]  # read now: the writer scenario changes it
            assert get(list_url, panel, **{"If-None-Match": etag})[0] == 304
            return {**auth, "If-None-Match": etag}

        scenarios = {
            "bare Django view, same bytes": (f"{base}/bench/bare/", lambda: {}),
            "scope list, unchanged": (list_url, lambda: auth),
            "scope list, written 10 times a second": (list_url, lambda: auth),
            "scope list, built at every read": (f"{unkept.base}/api/v1/releases/{RELEASE}/scope/", lambda: auth),
            "304 on If-None-Match": (list_url, current_etag),
            "textbook DRF ListAPIView": (f"{base}/bench/textbook/", lambda: auth),
        }
        results = {name: [] for name in scenarios}
        for _ in range(rounds):
            for name, (url, headers) in scenarios.items():
                writer = Writer(base, secas, item_id) if "written" in name else None
                if writer:
                    writer.start()
                results[name].append(wrk(url, seconds, connections, headers()))
                if writer:
                    writer.stop_event.set()
                    writer.join()
    finally:
        server.stop()
        unkept.stop()
    return {name: statistics.median(values) for name, values in results.items()} | {"_rounds": results}


def report(medians: dict) -> None:
    bare = medians["bare Django view, same bytes"]
    textbook = medians["textbook DRF ListAPIView"]
    goals = {"scope list, unchanged": 0.35, "scope list, built at every read": 0.20, "304 on If-None-Match": 0.40}
    print(f"\n{'scenario':42} {'req/s':>8} {'x bare':>7} {'goal':>6} {'x textbook':>11}")
    for name, value in medians.items():
        if name.startswith("_"):
            continue
        goal = goals.get(name)
        goal_text = f"{goal:.2f}" if goal else ""
        met = "" if goal is None else (" met" if value / bare >= goal else " NOT met")
        print(f"{name:42} {value:8.0f} {value / bare:7.2f} {goal_text:>6} {value / textbook:11.2f}{met}")
    print("rounds:", json.dumps(medians["_rounds"]))


def scale_check(rounds: int) -> None:
    """The demo and its ten-year growth, as two databases measured in turns: medians of `rounds` turns."""
    import scale

    grown = f"{DATABASE}_grown"
    for sql in (f"DROP DATABASE IF EXISTS {grown}", f"CREATE DATABASE {grown} TEMPLATE {DATABASE}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    grown_url = DATABASE_URL.rsplit("/", 1)[0] + f"/{grown}"
    command = [PYTHON, str(HERE / "scale.py")]
    sizes = subprocess.run(
        [*command, "grow"], env=environment(DATABASE_URL=grown_url), cwd=ROOT, check=True, capture_output=True
    ).stdout
    turns = {"demo": [], "grown": []}
    out = Path(tempfile.gettempdir()) / "secreleases-scale.json"
    for _ in range(rounds):
        for size, url in (("demo", DATABASE_URL), ("grown", grown_url)):
            # Nothing kept: every answer is built, at both sizes.
            env = environment(DATABASE_URL=url, CACHE_URL="dummy://")
            subprocess.run([*command, "measure", str(out)], env=env, cwd=ROOT, check=True)
            turns[size].append(json.loads(out.read_text()))

    def medians(measures):
        return {url: (measures[0][url][0], statistics.median(m[url][1] for m in measures)) for url in measures[0]}

    scale.report(medians(turns["demo"]), medians(turns["grown"]), json.loads(sizes.splitlines()[-1]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--skip-scale", action="store_true", help="Only the throughput comparison.")
    parser.add_argument("--skip-throughput", action="store_true", help="Only the ten-year scale check.")
    args = parser.parse_args()
    if shutil.which("wrk") is None and not args.skip_throughput:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    fresh_database()
    if not args.skip_throughput:
        print(f"Throughput: gunicorn 2 workers, wrk -c{args.connections}, {args.rounds} rounds of {args.seconds} s")
        report(throughput(args.rounds, args.seconds, args.connections))
    if not args.skip_scale:
        scale_check(args.rounds)


if __name__ == "__main__":
    main()
