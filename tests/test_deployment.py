"""Production settings, the compose file and the settings agree; misconfiguration fails loudly."""

import ast
import os
import re
import secrets
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.compose import COMPOSE, app_environment

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_SOURCE = "\n".join(p.read_text() for p in (ROOT / "secreleases" / "settings").glob("*.py"))


def run_manage(*args, **env_overrides):
    # (the test settings put generous throttle rates in this process's environment)
    unset = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "API_THROTTLE_USER")
    unset += ("API_THROTTLE_UNAUTHENTICATED", "API_THROTTLE_TOKEN")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_env(**extra):
    return {
        "DJANGO_SETTINGS_MODULE": "secreleases.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "releases.secas.example",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        **extra,
    }


def test_production_settings_pass_the_deployment_checks_without_a_warning():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_malformed_boolean_stops_the_start_with_its_name():
    result = run_manage("check", **production_env(SECURE_SSL_REDIRECT="sometimes"))
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT='sometimes' is not a boolean" in result.stderr


def test_the_compose_file_is_valid_against_the_compose_specification():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


LONG_RUNNING = {"proxy", "db", "redis", "web", "worker", "beat"}
APP_SERVICES = {"migrate", "web", "worker", "beat"}


def test_the_compose_stack_has_a_proxy_the_database_broker_migrations_web_worker_and_beat():
    assert set(COMPOSE["services"]) == LONG_RUNNING | {"migrate"}
    assert COMPOSE["services"]["web"]["command"][:2] == ["gunicorn", "secreleases.wsgi:application"]
    assert COMPOSE["services"]["worker"]["command"][:4] == ["celery", "-A", "secreleases", "worker"]
    assert COMPOSE["services"]["beat"]["command"][:4] == ["celery", "-A", "secreleases", "beat"]
    assert COMPOSE["services"]["proxy"]["image"].startswith("caddy:2")


def test_only_the_secret_key_and_the_host_name_are_required():
    text = (ROOT / "docker-compose.yml").read_text()
    assert set(re.findall(r"\$\{(\w+):\?", text)) == {"SECRET_KEY", "SITE_HOST"}
    assert set(re.findall(r"\$\{(\w+)\}", text)) <= {"SECRET_KEY", "SITE_HOST"}  # no bare, undefaulted variable


def test_migrations_run_once_in_a_one_off_service_that_the_app_services_wait_for():
    services = COMPOSE["services"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert "migrate" not in " ".join(services[name]["command"])
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["proxy"]["depends_on"]["web"] == {"condition": "service_healthy"}


def test_every_long_running_service_has_a_health_check_and_restarts():
    for name in LONG_RUNNING:
        service = COMPOSE["services"][name]
        assert service["healthcheck"]["test"], name
        assert service["restart"] == "unless-stopped", name
    checks = {name: COMPOSE["services"][name]["healthcheck"]["test"] for name in ("web", "worker", "beat")}
    assert checks == {name: ["CMD", "python", "-m", "secreleases.healthcheck", name] for name in checks}


def test_the_database_media_redis_and_certificates_live_in_named_volumes():
    volumes = set(COMPOSE["volumes"])
    assert volumes == {"pgdata", "redisdata", "media", "caddy_data", "caddy_config"}
    mounted = {
        volume.split(":")[0] for service in COMPOSE["services"].values() for volume in service.get("volumes", [])
    }
    assert volumes <= mounted


def test_only_the_proxy_is_published_and_it_passes_requests_to_the_web_service():
    published = {name for name, service in COMPOSE["services"].items() if service.get("ports")}
    assert published == {"proxy"}
    proxy = COMPOSE["services"]["proxy"]
    assert proxy["environment"]["UPSTREAM"] == "web:8000"
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy {$UPSTREAM:web:8000}" in caddyfile
    assert "header_up X-Request-ID {http.request.uuid}" in caddyfile


def test_the_app_trusts_exactly_the_one_proxy_in_front_of_it():
    assert COMPOSE["x-app"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def test_every_variable_the_compose_file_sets_is_read_by_the_settings():
    app_env = COMPOSE["x-app"]["environment"]
    read_by_settings = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', SETTINGS_SOURCE))
    read_by_settings |= set(re.findall(r'(?:strict_bool|strict_choice|throttle_rate)\(\s*"([A-Z_]+)"', SETTINGS_SOURCE))
    unknown = set(app_env) - read_by_settings - {"DJANGO_SETTINGS_MODULE"}
    assert not unknown, f"compose sets variables the settings never read: {unknown}"
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "ALLOWED_HOSTS"} <= set(app_env)
    assert app_env["DJANGO_SETTINGS_MODULE"] == "secreleases.settings.production"
    assert all(COMPOSE["services"][name]["environment"] == app_env for name in APP_SERVICES)


def test_the_compose_urls_point_at_the_compose_database_and_broker():
    app_env = COMPOSE["x-app"]["environment"]
    db = COMPOSE["services"]["db"]["environment"]
    expected_db = f"postgres://{db['POSTGRES_USER']}:{db['POSTGRES_PASSWORD']}@db:5432/{db['POSTGRES_DB']}"
    assert app_env["DATABASE_URL"] == expected_db
    assert app_env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")


def test_the_production_settings_pass_the_deployment_checks_with_the_app_environment():
    env = app_environment(SECRET_KEY=secrets.token_urlsafe(50), SITE_HOST="releases.secas.example")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr + result.stdout
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['NAME'], s.ALLOWED_HOSTS[0], s.CSRF_TRUSTED_ORIGINS[0], s.TRUSTED_PROXY_COUNT)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, **env)
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db",
        "secreleases",
        "releases.secas.example",
        "https://releases.secas.example",
        "1",
    ], result.stderr


def test_web_worker_and_beat_share_one_environment_and_cache():
    environments = [COMPOSE["services"][name]["environment"] for name in ("web", "worker", "beat")]
    assert all(env == COMPOSE["x-app"]["environment"] for env in environments)
    cache_url = COMPOSE["x-app"]["environment"]["CACHE_URL"]
    assert cache_url.startswith("redis://redis:6379/")
    assert cache_url != COMPOSE["x-app"]["environment"]["CELERY_BROKER_URL"]


def test_a_malformed_throttle_rate_or_log_format_stops_the_start_with_its_name():
    result = run_manage("check", **production_env(API_THROTTLE_USER="lots"))
    assert result.returncode != 0
    assert "API_THROTTLE_USER='lots' is not a rate" in result.stderr
    result = run_manage("check", **production_env(LOG_FORMAT="xml"))
    assert result.returncode != 0
    assert "LOG_FORMAT='xml' is not one of: text, json" in result.stderr


def test_production_throttles_users_tokens_and_addresses_that_keep_failing_to_authenticate():
    code = "from django.conf import settings as s; print(s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])"
    result = run_manage("shell", "--no-imports", "-c", code, **production_env())
    expected = "{'user': '1200/minute', 'token': '600/minute', 'unauthenticated': '10/minute'}"
    assert result.stdout.strip() == expected, result.stderr


# -- dependencies: declared, locked with hashes, the image gets only the runtime set ----------------------

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCAL_PACKAGES = {"releases", "modifications", "acceptance", "secreleases", "tests", "manage"}


def locked(name: str) -> dict[str, str]:
    """{normalised name: version} of a lock file; every entry must carry hashes."""
    text = (ROOT / name).read_text()
    entries = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)(?: ;[^\\]*)? \\\n\s+--hash=sha256:[0-9a-f]{64}", text, re.M)
    pinned = re.findall(r"^[A-Za-z0-9_.-]+==", text, re.M)
    assert len(entries) == len(pinned), f"{name}: every pinned package must carry its hashes"
    return {canonical(package): version for package, version in entries}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements: list[str]) -> dict[str, str]:
    return {canonical(req.split("==")[0].split("[")[0]): req.split("==")[1] for req in requirements}


RUNTIME = declared(PYPROJECT["project"]["dependencies"])
DEV = declared(PYPROJECT["project"]["optional-dependencies"]["dev"])


def test_both_locks_pin_what_pyproject_declares_with_hashes_and_agree():
    runtime_lock, dev_lock = locked("requirements.lock"), locked("requirements-dev.lock")
    assert all(runtime_lock[name] == version for name, version in RUNTIME.items())
    assert all(dev_lock[name] == version for name, version in (RUNTIME | DEV).items())
    assert set(runtime_lock) <= set(dev_lock)
    assert {name: dev_lock[name] for name in runtime_lock} == runtime_lock


def test_the_runtime_lock_holds_no_test_or_lint_tool():
    runtime_lock = locked("requirements.lock")
    for tool in ("pytest", "pytest-django", "playwright", "schemathesis", "hypothesis", "ruff", "factory-boy", "uv"):
        assert tool not in runtime_lock, tool


def test_the_image_installs_the_runtime_lock_alone_checking_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert installs == ["RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock"]
    assert "requirements-dev.lock" not in dockerfile
    assert "requirements-dev.lock" in (ROOT / ".dockerignore").read_text().split()


def test_make_installs_the_dev_lock_checking_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.lock" in (
        makefile
    )


def imported_distributions(folders) -> dict[str, set[str]]:
    """{distribution: files} for every third-party import under these folders."""
    import importlib.metadata

    distributions = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py") if (ROOT / folder).is_dir() else [ROOT / folder]:
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top in sys.stdlib_module_names or top in LOCAL_PACKAGES:
                        continue
                    for distribution in distributions.get(top, [top]):
                        found.setdefault(canonical(distribution), set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_app_imports_only_declared_runtime_dependencies():
    imports = imported_distributions(["manage.py", "secreleases", "releases", "modifications", "acceptance"])
    undeclared = {name: sorted(files) for name, files in imports.items() if name not in RUNTIME}
    assert not undeclared, f"imported by the app but not in [project.dependencies]: {undeclared}"


def test_the_tests_import_only_declared_dependencies():
    imports = imported_distributions(["tests"])
    undeclared = {name: sorted(files) for name, files in imports.items() if name not in RUNTIME | DEV}
    assert not undeclared, f"imported by the tests but not declared in pyproject.toml: {undeclared}"
