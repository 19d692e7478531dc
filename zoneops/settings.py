"""ZoneOps settings: one module, driven by the environment.

SQLite under var/ by default; PostgreSQL (or any engine) through DATABASE_URL.
"""

import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from zoneops.env import env, env_bool, env_list
from zoneops.queue import cache_settings, huey_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("ZONEOPS_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# Under the test runner static files come straight from the finders: no collectstatic needed.
TESTING = "pytest" in sys.modules
PLAIN_STATIC = env_bool("ZONEOPS_PLAIN_STATIC", TESTING)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "csp",
    "ninja",
    "django_tasks",
    "huey.contrib.djhuey",
    "zoneops.core",
    "zoneops.enterprises",
    "zoneops.monitoring",
    "zoneops.appeals",
    "zoneops.projects",
    "zoneops.investment",
    "zoneops.support",
    "zoneops.approvals",
    "zoneops.innovation",
    "zoneops.finance",
    "zoneops.safety",
    "zoneops.briefing",
    "zoneops.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zoneops.core.middleware.ChineseFirstLocaleMiddleware",
    "zoneops.core.middleware.RejectNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zoneops.core.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "zoneops.urls"
WSGI_APPLICATION = "zoneops.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zoneops" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zoneops.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zoneops.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; a busy timeout instead of "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

if TESTING:
    # Hashing strength is not under test; a fast hasher keeps the persona fixtures quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Security: secret key, sign-in throttles, client addresses, tokens, sessions, imports ---
# The key signs sessions and tokens' companions. Production sets SECRET_KEY; `make run` writes
# one into var/secret_key on first start and every later start reads it. Without either, only
# DEBUG and the tests get the public development key: zoneops/wsgi.py refuses to serve with it.
SECRET_KEY_FILE = Path(env("SECRET_KEY_FILE", str(VAR_DIR / "secret_key")))
SECRET_KEY = env("SECRET_KEY", "") or (
    SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.is_file() else ""
)
SECRET_KEY_IS_DEVELOPMENT = not SECRET_KEY
if SECRET_KEY_IS_DEVELOPMENT:
    SECRET_KEY = "django-insecure-zoneops-development-key-change-me"  # noqa: S105 - public on purpose
# Sign-in throttling (zoneops/core/auth.py): failures within LOGIN_LOCK_SECONDS lock one account
# from one address, one address for every account, and (much later) one account everywhere.
LOGIN_MAX_FAILURES = int(env("LOGIN_MAX_FAILURES", "5"))
LOGIN_MAX_FAILURES_PER_ADDRESS = int(env("LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
LOGIN_MAX_FAILURES_PER_ACCOUNT = int(env("LOGIN_MAX_FAILURES_PER_ACCOUNT", "50"))
LOGIN_LOCK_SECONDS = int(env("LOGIN_LOCK_SECONDS", "900"))
# Proxies whose X-Forwarded-For is believed (addresses or networks); from anyone else the header
# is ignored. The default trusts the nginx of docs/deploy.md on the same machine.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
# API tokens expire this many days after they are issued; a password change revokes them.
API_TOKEN_DAYS = int(env("API_TOKEN_DAYS", "30"))
# Sessions end after this long without activity; activity moves the end (at most once a minute).
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_MINUTES", "120")) * 60
SESSION_TOUCH_SECONDS = 60
# Imports: what an .xlsx/.ods may inflate to, and the cells a sheet may span, checked before the
# reader allocates anything (zoneops/core/imports/guard.py).
IMPORT_MAX_EXPANDED_BYTES = int(env("IMPORT_MAX_EXPANDED_MB", "150")) * 1024 * 1024
IMPORT_MAX_COMPRESSION_RATIO = int(env("IMPORT_MAX_COMPRESSION_RATIO", "100"))
IMPORT_MAX_CELLS = int(env("IMPORT_MAX_CELLS", "2000000"))
# The rows of data one import may hold (a zone's registry of 100,000 enterprises fits): a larger
# file is refused while it is read, before anything is planned (core/imports/reader.py).
IMPORT_MAX_ROWS = int(env("IMPORT_MAX_ROWS", "100000"))
# --- end of the security block ---------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "zoneops" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Front-end packages are installed by npm into node_modules/ and only the files the pages use
# are collected (see zoneops/core/static_files.py and the Makefile): nothing loads from a CDN.
STATICFILES_DIRS = [BASE_DIR / "zoneops" / "static", ("vendor", BASE_DIR / "var" / "vendor")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not PLAIN_STATIC
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Tests (and development) may serve static files from the finders without collectstatic.
WHITENOISE_USE_FINDERS = PLAIN_STATIC
# Every file the site keeps (attachments, uploaded imports, generated exports) lives under one
# directory, shared by every app server and worker of an install (a network mount when they
# are several machines). Nothing under it is served directly: each file goes out through the
# view of the object it belongs to, after that object's scope (no MEDIA_URL).
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
IMPORT_ROOT = MEDIA_ROOT / "imports"
EXPORT_ROOT = MEDIA_ROOT / "exports"

# Work that outlives a request (large imports, schedules) runs on a worker: `manage.py run_huey`,
# started beside gunicorn by `make run`. Tests run every task at once, in the test's process.
# TASKS_QUEUE names the queue when several installs share one Redis or PostgreSQL.
HUEY = huey_settings(
    env("TASKS_URL", ""),
    VAR_DIR,
    immediate=env_bool("TASKS_IMMEDIATE", TESTING),
    name=env("TASKS_QUEUE", "zoneops"),
)
TASKS = {"default": {"BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend"}}
# An upload larger than this is always checked and written by the worker; a smaller one is
# handled inside the request.
IMPORT_INLINE_BYTES = int(env("IMPORT_INLINE_BYTES", str(256 * 1024)))
# A running import whose worker has not been heard from for this long is marked failed.
IMPORT_LEASE_SECONDS = int(env("IMPORT_LEASE_SECONDS", "120"))
# Uploaded files are kept this many days after their job has ended, then removed.
IMPORT_KEEP_DAYS = int(env("IMPORT_KEEP_DAYS", "7"))

# Exports: up to this many rows are written inside the request; a larger one is a job on the
# worker, found later on 我的导出 (zoneops/core/exports.py). Its file is kept this many days.
EXPORT_INLINE_ROWS = int(env("EXPORT_INLINE_ROWS", "5000"))
EXPORT_KEEP_DAYS = int(env("EXPORT_KEEP_DAYS", "7"))

# The cache holds the sign-in throttles (core/auth.py) and, with CACHE_URL, the sessions.
# Without CACHE_URL it is a directory under var/, which every gunicorn worker of one machine
# shares; CACHE_URL=redis://host:6379/1 shares it between app servers (docs/deploy.md).
CACHES = {"default": cache_settings(env("CACHE_URL", ""), VAR_DIR, prefix=env("CACHE_PREFIX", ""))}
if CACHES["default"]["BACKEND"].startswith("django_redis"):
    # Sessions are read from Redis and written through to the database (a Redis restart signs
    # nobody out). Without Redis they live in the database, which every server shares too.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the meta tag, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and env_bool("ZONEOPS_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    # Load balancers probe the health checks over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# No inline scripts anywhere; charts read their data from json_script blocks. Stylesheets and
# <style> elements come only from the site; style="" attributes are allowed because ECharts
# writes its tooltips as HTML with them (docs/decisions.md: an attribute cannot select or
# load anything from outside, img-src and font-src stay 'self').
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_MAX_PER_PAGE_SIZE = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

ZONE_NAME = _("西宁经济技术开发区")
# The fonts Word documents name (core/documents.py: body, title, heading1, heading2, latin);
# empty: 仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312 and Times New Roman, as GB/T 9704 has them.
DOCUMENT_FONTS: dict[str, str] = {}

# 金融服务: working days a bank has to contact an enterprise whose need was pushed to it, and
# to decide on it (about one month; the 2024 coordination mechanism asks for one month).
FINANCE_CONTACT_WORKDAYS = int(env("FINANCE_CONTACT_WORKDAYS", "3"))
FINANCE_DECISION_WORKDAYS = int(env("FINANCE_DECISION_WORKDAYS", "22"))
# A session's 落地率 counts what was disbursed within this many months of the session.
FINANCE_LANDING_MONTHS = int(env("FINANCE_LANDING_MONTHS", "6"))
