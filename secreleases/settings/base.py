"""Settings shared by every environment; each value comes from the environment (django-environ)."""

import re
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env.read_env(BASE_DIR / ".env") if (BASE_DIR / ".env").exists() else None

TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def strict_bool(name: str, default: bool) -> bool:
    """A boolean from the environment; a value that is neither true nor false stops the start."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")
    return raw in TRUE_WORDS


def strict_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of a few words from the environment; anything else stops the start."""
    raw = env.str(name, default=default).strip().lower()
    if raw not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} is not one of: {', '.join(choices)}.")
    return raw


def throttle_rate(name: str, default: str) -> str | None:
    """A DRF rate ("60/minute", "5/second", "1000/hour", "10000/day") or "off"; anything else stops the start."""
    raw = env.str(name, default=default).strip().lower()
    if raw == "off":
        return None
    if not re.fullmatch(r"[1-9]\d*/(s|sec|second|m|min|minute|h|hour|d|day)", raw):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a rate: use e.g. 60/minute, 1000/hour or off.")
    return raw


DEBUG = strict_bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The project package is an app for the sign-in audit log (secreleases/models.py). Before axes, so its
    # receivers of the sign-in signals run first; before the domain apps, so the permissions the role
    # groups get (releases/roles.py) exist when the last domain app's post_migrate creates the groups.
    "secreleases.apps.SecReleasesConfig",
    "axes",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "django_htmx",
    "releases",
    "modifications",
    "acceptance",
]

MIDDLEWARE = [
    # First: every later line of the request's log, and its response, carry its id.
    "secreleases.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "secreleases.throttling.UnauthenticatedThrottleMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "secreleases.urls"
WSGI_APPLICATION = "secreleases.wsgi.application"
AUTH_USER_MODEL = "releases.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'secreleases.sqlite3'}"),
}
# A new PostgreSQL connection per request costs more than the request itself: keep them.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the embedded default: the web server, worker and beat share one file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Planning a list's joins costs PostgreSQL more than running them: with server-side binding, psycopg
    # prepares a query the second time a connection runs it, and the kept connection reuses the plan.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 1})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Why a change was made (a move, a lapse, a reschedule) can take more than 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6.0 behaviour, opted into now

AUTHENTICATION_BACKENDS = [
    # django-axes watches every authenticate() (the sign-in page, the admin's) and refuses a locked-out one.
    "secreleases.lockout.LockOutBackend",
    # Permissions come from the roles (secreleases/roles.py), for the admin, the pages and the API alike.
    "secreleases.backends.RoleBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SEC Releases <releases@secas.example>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "secreleases.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "secreleases.api.pagination.Pagination",
    "EXCEPTION_HANDLER": "secreleases.api.errors.exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # iso-8601 writes YYYY-MM-DD for every year ("%Y" drops the zeros of a year below 1000).
    "DATE_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    # The schema and Swagger UI need a login like everything else (a session or a token), and Swagger UI
    # comes from drf-spectacular-sidecar's installed files: no CDN, so it works offline and under the CSP.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TITLE": "SEC Releases API",
    "DESCRIPTION": "SEC Release governance: releases, scope, milestones, criteria, risks, readiness and RIDs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Every POST documents the Idempotency-Key header and its answers (secreleases/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "secreleases.api.schema.document_idempotency_key",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name per choice set, whatever field uses it.
    "ENUM_NAME_OVERRIDES": {
        "ImpactEnum": "modifications.choices.Impact",
        "ReadinessStateEnum": "acceptance.choices.ReadinessState",
        "ReleaseStatusEnum": "releases.choices.ReleaseStatus",
        "AssessmentEnum": "acceptance.choices.Assessment",
        "RiskStatusEnum": "acceptance.choices.RiskStatus",
    },
}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")

# CACHE_URL: redis://host:port/db (shared by every process) or locmem:// (the default: one per process).
# No answer depends on the cache: a lost, flushed or unreachable one costs time, never a request.
CACHE_URL = env.str("CACHE_URL", default="locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                # An unreachable Redis is a cache miss, not an error; and a hung one must not hang requests.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
elif CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL == "dummy://":  # no cache at all: every answer is built (the benchmark's worst case)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_URL={CACHE_URL!r}: use redis://host:port/db, locmem:// or dummy://")

CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# django-celery-beat's DatabaseScheduler, touching BEAT_HEARTBEAT_FILE at every tick for the health check.
CELERY_BEAT_SCHEDULER = "secreleases.beat:HeartbeatScheduler"
# The daily jobs (cut-off reminders, lapses; 07:00 Europe/London) are rows in django-celery-beat's
# tables, created once by the migration releases/0005, so SECAS can change them in the admin. There is
# deliberately no CELERY_BEAT_SCHEDULE: beat would write it over those rows at every start.

# -- Sign-in protection (django-axes) -------------------------------------------------------------------
# After AXES_FAILURE_LIMIT failed sign-ins for one username from one address, that pair is locked out for
# AXES_COOLOFF_MINUTES (429, a page saying so, Retry-After); a SECAS administrator lifts
# it sooner in the admin (Access attempts, "Lift the lock-out"). Kept in the database, so a cache outage
# neither lifts nor breaks it. Retries while locked out do not extend it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "secreleases.lockout.lockout_response"  # templates/registration/locked_out.html
AXES_CLIENT_IP_CALLABLE = "secreleases.audit.client_ip"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # sign-ins are in the audit log (secreleases.AuditEvent)
# Behind TRUSTED_PROXY_COUNT proxies (the compose stack's Caddy: 1) the client's address is that many
# entries from the right of X-Forwarded-For; with 0 it is the connection's. Used by the lock-outs, the
# audit log and the API's throttles alike. Never set it higher than the proxies that really overwrite
# the header, or a client can choose its own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# -- API throttling: per user, per token and per address ---------------------------------------------------
# DRF's throttles, counted in the default cache; if the cache cannot be reached a request goes through
# rather than failing (secreleases/throttling.py). Over a rate the API answers 429 with Retry-After.
# Rates: "number/second|minute|hour|day", or "off".
API_THROTTLE_RATES = {
    "user": throttle_rate("API_THROTTLE_USER", "1200/minute"),  # per user, whether by token or session
    "token": throttle_rate("API_THROTTLE_TOKEN", "600/minute"),  # per API token, within its user's rate
    # Per address, API requests refused with 401 (a wrong token, or none): past the rate every API request
    # from that address answers 429 until the window has passed (UnauthenticatedThrottleMiddleware, as DRF
    # only throttles after authentication and permissions).
    "unauthenticated": throttle_rate("API_THROTTLE_UNAUTHENTICATED", "10/minute"),
}
REST_FRAMEWORK |= {
    "DEFAULT_THROTTLE_CLASSES": ["secreleases.throttling.UserRateThrottle", "secreleases.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": API_THROTTLE_RATES,
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# -- end of API throttling --------------------------------------------------------------------------------

# -- Content-Security-Policy (django-csp) and cookies ------------------------------------------------------
# No inline script or style anywhere: the pages' code is in static/js, their styles in static/css, htmx is
# told not to inject its indicator style (templates/base.html), Swagger UI is served in parts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The CSRF token reaches pages and htmx through the template ({% csrf_token %}, hx-headers), never a script
# reading the cookie, so the cookie can be HttpOnly.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)  # a working day, then sign in again

# -- Logs and errors -----------------------------------------------------------------------------------------
# LOG_FORMAT=json: one JSON object a line (production's default), each with the request's id (X-Request-ID
# from the proxy, or one made here, echoed in the response); text: the same as readable lines.
LOG_FORMAT = strict_choice("LOG_FORMAT", "text", ("text", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "secreleases.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "secreleases.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own line for a 4xx/5xx repeats the request line; errors (with their traceback) stay.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # django-axes tells every sign-in at INFO; the audit log has them (its failures stay, at WARNING).
        "axes": {"level": "WARNING"},
    },
}
# Celery logs through the same handlers (and so the same format) instead of its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Errors also go to Sentry when SENTRY_DSN is set (nothing is sent without it).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
if SENTRY_DSN:
    from secreleases.logs import init_sentry

    init_sentry(SENTRY_DSN, environment=SENTRY_ENVIRONMENT, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)

# beat touches this file at every tick; the container's health check reads its age (secreleases/beat.py).
BEAT_HEARTBEAT_FILE = env.path("BEAT_HEARTBEAT_FILE", default=str(VAR_DIR / "beat-heartbeat"))

# -- Webhooks (secreleases/webhooks) -----------------------------------------------------------------------
# Deliveries go to public http(s) addresses only; local and test settings allow private ones (a receiver on
# this machine). A failed delivery is tried again after 30 s, 1, 2, 4 ... minutes (at most 4 hours apart) until
# a day has passed since it was first sent: 14 attempts in all.
WEBHOOK_ALLOW_PRIVATE_TARGETS = strict_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
WEBHOOK_RETRY_FIRST_SECONDS = env.float("WEBHOOK_RETRY_FIRST_SECONDS", default=30.0)
WEBHOOK_RETRY_MAX_SECONDS = env.float("WEBHOOK_RETRY_MAX_SECONDS", default=4 * 3600.0)
WEBHOOK_RETRY_WINDOW_SECONDS = env.float("WEBHOOK_RETRY_WINDOW_SECONDS", default=24 * 3600.0)
WEBHOOK_CONNECT_TIMEOUT_SECONDS = env.float("WEBHOOK_CONNECT_TIMEOUT_SECONDS", default=3.0)
WEBHOOK_READ_TIMEOUT_SECONDS = env.float("WEBHOOK_READ_TIMEOUT_SECONDS", default=10.0)
# Spreadsheet imports: the largest upload read, and how long a preview waits for its confirmation.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_PREVIEW_MINUTES = env.int("IMPORT_PREVIEW_MINUTES", default=60)
