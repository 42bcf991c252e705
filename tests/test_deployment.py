"""Production settings, the compose file and the settings agree; misconfiguration fails loudly."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS_SOURCE = "\n".join(p.read_text() for p in (ROOT / "secreleases" / "settings").glob("*.py"))


def run_manage(*args, **env_overrides):
    unset = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
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


def test_the_compose_stack_has_the_database_broker_web_worker_and_beat():
    assert set(COMPOSE["services"]) == {"db", "redis", "web", "worker", "beat"}
    assert "gunicorn secreleases.wsgi:application" in COMPOSE["services"]["web"]["command"]
    assert COMPOSE["services"]["worker"]["command"][:4] == ["celery", "-A", "secreleases", "worker"]
    assert COMPOSE["services"]["beat"]["command"][:4] == ["celery", "-A", "secreleases", "beat"]


def test_every_variable_the_compose_file_sets_is_read_by_the_settings():
    app_env = COMPOSE["x-app"]["environment"]
    read_by_settings = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', SETTINGS_SOURCE))
    read_by_settings |= set(re.findall(r'strict_bool\(\s*"([A-Z_]+)"', SETTINGS_SOURCE))
    unknown = set(app_env) - read_by_settings - {"DJANGO_SETTINGS_MODULE"}
    assert not unknown, f"compose sets variables the settings never read: {unknown}"
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "ALLOWED_HOSTS"} <= set(app_env)
    assert app_env["DJANGO_SETTINGS_MODULE"] == "secreleases.settings.production"


def test_the_compose_urls_point_at_the_compose_database_and_broker():
    app_env = COMPOSE["x-app"]["environment"]
    db = COMPOSE["services"]["db"]["environment"]
    expected_db = f"postgres://{db['POSTGRES_USER']}:{db['POSTGRES_PASSWORD']}@db:5432/{db['POSTGRES_DB']}"
    assert app_env["DATABASE_URL"] == expected_db
    assert app_env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")


def test_the_production_settings_read_the_compose_database_url():
    env = production_env(DATABASE_URL=COMPOSE["x-app"]["environment"]["DATABASE_URL"])
    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['HOST'], d['NAME'])"
    result = run_manage("shell", "--no-imports", "-c", code, **env)
    assert result.stdout.split() == ["django.db.backends.postgresql", "db", "secreleases"], result.stderr


def test_web_worker_and_beat_share_one_environment_and_cache():
    environments = [COMPOSE["services"][name]["environment"] for name in ("web", "worker", "beat")]
    assert all(env == COMPOSE["x-app"]["environment"] for env in environments)
    cache_url = COMPOSE["x-app"]["environment"]["CACHE_URL"]
    assert cache_url.startswith("redis://redis:6379/")
    assert cache_url != COMPOSE["x-app"]["environment"]["CELERY_BROKER_URL"]
