"""The README's benchmark command runs end to end: its own database, gunicorn, and a report of all three."""

import os
import re
import subprocess
import sys

from tests.conftest import ROOT, require_service


def test_bench_api_measures_the_bare_view_the_scope_list_and_the_304():
    require_service("postgresql")
    require_service("redis")
    env = {
        **os.environ,
        "SECRET_KEY": "bench-test-only",
        "BENCH_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/secreleases_bench_test",
        "BENCH_CACHE_URL": os.environ.get("TEST_REDIS_CACHE_URL", "redis://127.0.0.1:6379/13"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "manage.py", "bench_api", "--rows", "5", "--seconds", "1", "--rounds", "1"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("5 scope items, ")
    rates = {
        name.strip(): float(ratio)
        for name, ratio in re.findall(r"^\s+(.+?)\s+\d+ req/s\s+([\d.]+)x bare", result.stdout, re.MULTILINE)
    }
    assert set(rates) == {
        "bare Django view, same bytes",
        "scope list (token, page of rows)",
        "scope list, 304 on If-None-Match",
    }
    assert rates["bare Django view, same bytes"] == 1.0
    assert all(ratio > 0 for ratio in rates.values())
