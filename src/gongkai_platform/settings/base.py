"""Settings every deployment shares, each overridable from the environment (twelve-factor style).
They fail closed: DEBUG is off and there is no secret key unless one is given; ``development``
turns DEBUG on with a development key, ``production`` refuses to start without a strong key.

- ``DATABASE_URL``: any URL dj-database-url reads (``postgres://user:pass@host/db``); without it
  the platform uses SQLite at ``$GONGKAI_DATA_DIR/gongkai.sqlite3``.
- ``GONGKAI_DATA_DIR``: where the SQLite file and uploaded files live (default ``./var``, ignored
  by git).  Uploads are kept there, outside any web root, and served only through a view that
  checks the user's unit (see ``applications.views``).
- ``DJANGO_SECRET_KEY``, ``DJANGO_DEBUG``, ``DJANGO_ALLOWED_HOSTS`` (comma-separated).
- ``GONGKAI_PROXY_HEADER`` and ``GONGKAI_TRUSTED_PROXIES``: which header carries the client's
  address, and from which proxy addresses it is believed (``accounts.clients``).
- ``GONGKAI_IDLE_MINUTES`` (30) and ``GONGKAI_SESSION_HOURS`` (8): idle and absolute session age.
- ``GONGKAI_EMAIL_BACKEND`` and the usual ``EMAIL_*`` settings for reminders.
- ``GONGKAI_FETCH_ALLOWED_NETWORKS``: private networks a report may be read from by URL (none).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and uploads live here


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", False)
# No default: ``development`` and ``test`` set their own, ``production`` checks its strength.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "gongkai_platform.core",
    "gongkai_platform.accounts",
    "gongkai_platform.holiday_calendar",
    "gongkai_platform.applications",
    "gongkai_platform.appeals",
    "gongkai_platform.reports",
    "gongkai_platform.api",
    "gongkai_platform.catalog",
    "gongkai_platform.portal",
    "gongkai_platform.backup",
    "gongkai_platform.oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (style sheets, chart scripts) straight from the web process, so that
    # scripts/serve.sh needs no other server; a proxy may still serve /static/ itself.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai_platform.accounts.middleware.SessionPolicyMiddleware",
    "gongkai_platform.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "gongkai_platform.urls"
WSGI_APPLICATION = "gongkai_platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai_platform.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password rules (OWASP ASVS 2.1, 等保2.0 “口令应有复杂度要求”): long enough, not common, not
# like the user's name, not digits only, and of at least three kinds of character.
PASSWORD_MIN_LENGTH = int(os.environ.get("GONGKAI_PASSWORD_MIN_LENGTH", 10))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai_platform.accounts.passwords.CharacterKindsValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: signed out after GONGKAI_IDLE_MINUTES without a request, and GONGKAI_SESSION_HOURS
# after signing in whatever the activity (accounts.middleware); the cookie is not readable by
# scripts and is not sent on cross-site requests.
GONGKAI_IDLE_SECONDS = int(os.environ.get("GONGKAI_IDLE_MINUTES", 30)) * 60
SESSION_COOKIE_AGE = int(os.environ.get("GONGKAI_SESSION_HOURS", 8)) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in throttling (accounts.throttle), per account and per client address, in the shared
# cache: after LOGIN_FAILURES_PER_ACCOUNT failures an account waits LOGIN_LOCKOUT_MINUTES.
GONGKAI_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("GONGKAI_LOGIN_FAILURES_PER_ACCOUNT", 5))
GONGKAI_LOGIN_FAILURES_PER_CLIENT = int(os.environ.get("GONGKAI_LOGIN_FAILURES_PER_CLIENT", 30))
GONGKAI_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_MINUTES", 15)) * 60

# Behind a reverse proxy every request comes from the proxy: the client's address is read from
# GONGKAI_PROXY_HEADER (e.g. X-Forwarded-For or X-Real-IP) only when the request comes from one
# of GONGKAI_TRUSTED_PROXIES (addresses or networks); otherwise the header is ignored.
GONGKAI_PROXY_HEADER = os.environ.get("GONGKAI_PROXY_HEADER", "")
GONGKAI_TRUSTED_PROXIES = env_list("GONGKAI_TRUSTED_PROXIES", "")
# Reading a unit's report from its web address reaches public addresses only; an intranet site
# (政务外网) needs its network listed here, e.g. "10.12.0.0/16" (gongkai.ingest.remote).
GONGKAI_FETCH_ALLOWED_NETWORKS = env_list("GONGKAI_FETCH_ALLOWED_NETWORKS", "")

# Counters of the throttles are shared by every process: the database cache by default
# (its table is made by every ``manage.py migrate``, see ``accounts.apps``), or any shared cache of the deployment.
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "GONGKAI_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"
        ),
        "LOCATION": os.environ.get("GONGKAI_CACHE_LOCATION", "gongkai_cache"),
    }
}

# Unconfirmed online applications (and their identity scans) are deleted after this many days
# (``manage.py purge_unconfirmed``; 个人信息保护法 §19: kept no longer than needed).
GONGKAI_UNCONFIRMED_RETENTION_DAYS = int(os.environ.get("GONGKAI_UNCONFIRMED_RETENTION_DAYS", 30))

# Pages are in Chinese; every string goes through gettext so that other languages can be added.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# The platform's style sheets; Apache ECharts for the oversight dashboards, installed by npm
# (package.json) and served as a static file from node_modules (never from a CDN).
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [
    PACKAGE_DIR / "static",
    ("vendor/echarts", PACKAGE_DIR.parent.parent / "node_modules" / "echarts" / "dist"),
]
MEDIA_ROOT = DATA_DIR / "uploads"  # never under STATIC_ROOT, never served by MEDIA_URL

# Uploaded identity proofs (条例 §29(1)): what is accepted, and how large.
UPLOAD_MAX_BYTES = int(os.environ.get("GONGKAI_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
FILE_UPLOAD_PERMISSIONS = 0o640

# Background work (reminders, recomputation, rendering) runs in a database-backed worker
# (``manage.py db_worker``), so no extra server is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# How often a process checks whether a holiday notice was entered (applications.clock).
GONGKAI_CALENDAR_RECHECK_SECONDS = 10.0

EMAIL_BACKEND = os.environ.get(
    "GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}

# Read replica (docs/scaling.md): with DATABASE_REPLICA_URL set, the portal's pages and the staff
# dashboards read from it; writes and everything else use "default" (gongkai_platform.dbrouter).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60
    )
GONGKAI_READ_REPLICA = "replica" in DATABASES
DATABASE_ROUTERS = ["gongkai_platform.dbrouter.ReplicaRouter"]
MIDDLEWARE = ["gongkai_platform.dbrouter.ReplicaReadsMiddleware", *MIDDLEWARE]
