"""Django settings for siklus.

Everything a deployment changes comes from the environment:
``DATABASE_URL`` (default: SQLite file ``siklus.db`` in the working directory),
``SIKLUS_SECRET_KEY``, ``SIKLUS_DEBUG``, ``SIKLUS_ALLOWED_HOSTS``, ``SIKLUS_BEHIND_TLS_PROXY``,
``SIKLUS_CSRF_TRUSTED_ORIGINS``, ``SIKLUS_HSTS_*`` (README "Deploying" lists them all).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SIKLUS_DATA_DIR", Path.cwd()))

# Without SIKLUS_SECRET_KEY the public development key is used; `siklus serve` refuses to serve with
# it outside demo or debug mode (siklus.core.server), and `check --deploy` flags it.
DEVELOPMENT_SECRET_KEY = "siklus-development-key-not-for-production"
SECRET_KEY = os.environ.get("SIKLUS_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = os.environ.get("SIKLUS_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("SIKLUS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",  # its vendored Swagger UI assets (static/ninja/), so the API docs load nothing from a CDN
    "siklus.core",
    "siklus.audit",
    "siklus.areas",
    "siklus.facilities",
    "siklus.people",
    "siklus.accounts",
    "siklus.care",
    "siklus.followup",
    "siklus.synth",
    "siklus.reports",
    "siklus.interop",
    "siklus.monitoring",
    "siklus.sync",
]

MIDDLEWARE = [
    "siklus.core.middleware.RequestIdMiddleware",
    "siklus.core.middleware.ProxiedClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "siklus.core.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "siklus.core.middleware.BrowserHardeningMiddleware",  # after WhiteNoise: static files stay cacheable
    "django.contrib.sessions.middleware.SessionMiddleware",
    "siklus.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "siklus.audit.middleware.RequestContextMiddleware",
    "siklus.accounts.middleware.MustChangePasswordMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "siklus.urls"
WSGI_APPLICATION = "siklus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'siklus.db'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        # WAL lets the web server read while a long load writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        # Concurrent writers wait for the lock (up to 20 s) instead of failing "database is locked":
        # IMMEDIATE takes the write lock when a transaction begins, so a reader never has to upgrade
        # to a writer mid-transaction (which SQLite refuses at once, whatever the busy timeout).
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    })
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# PostgreSQL: `siklus serve` turns on psycopg's connection pool sized to its threads
# (siklus.core.server.configure_database); commands and tests open plain connections.

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "siklus.audit.throttle.AddressThrottleBackend",  # per address, across usernames
    "axes.backends.AxesStandaloneBackend",  # per username
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions expire after 8 idle hours (a working day) and when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Behind a TLS-terminating proxy (nginx, caddy) that sends X-Forwarded-Proto: the app knows the request
# came over https, so CSRF's origin check passes, cookies are sent over https only and browsers are told
# to stay on https (HSTS). Only set it when the proxy overwrites that header from clients.
# The client's address is then the last X-Forwarded-For entry (siklus.core.middleware).
BEHIND_TLS_PROXY = os.environ.get("SIKLUS_BEHIND_TLS_PROXY", "0") == "1"
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain http
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SIKLUS_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SIKLUS_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("SIKLUS_HSTS_PRELOAD", "0") == "1"
# Only when the proxy changes the Host header or the site is reached under another origin.
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("SIKLUS_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# Submitting the domain to the browsers' HSTS preload list is the domain owner's decision
# (SIKLUS_HSTS_PRELOAD=1), so `check --deploy` does not warn about it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# axes.W006 asks for ip_address among axes' lockout parameters; addresses are throttled by
# siklus.audit.throttle instead, with a higher limit than usernames (see the sign-in settings).
SILENCED_SYSTEM_CHECKS += ["axes.W006"]

# Browser hardening (siklus.core.middleware.BrowserHardeningMiddleware): scripts and styles from this
# origin only — no inline script or style anywhere — no plugins, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login throttling: 5 failures for one username from one address lock it for 15 minutes.
# Sign-in throttling (issue #9): a username is locked for AXES_COOLOFF_TIME after
# SIKLUS_LOGIN_FAILURE_LIMIT (5) failures from any address, so guessing one account from many
# addresses is stopped too; an address is refused after SIKLUS_LOGIN_IP_FAILURE_LIMIT (20) failures
# over any usernames in the same window (password spraying) — higher, since a Puskesmas often
# shares one address (siklus.audit.throttle).
AXES_FAILURE_LIMIT = int(os.environ.get("SIKLUS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username"]]
SIKLUS_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("SIKLUS_LOGIN_IP_FAILURE_LIMIT", "20"))
# API tokens stop working this many days after they are made.
SIKLUS_TOKEN_DAYS = int(os.environ.get("SIKLUS_TOKEN_DAYS", "90"))
# Database connections an indicator refresh runs its count queries on at once (PostgreSQL only;
# about the server's cores: each query runs on one).
SIKLUS_INDICATOR_CONNECTIONS = int(os.environ.get("SIKLUS_INDICATOR_CONNECTIONS", "2"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
if os.environ.get("SIKLUS_STATIC_ROOT"):  # for collectstatic behind a web server
    STATIC_ROOT = os.environ["SIKLUS_STATIC_ROOT"]
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

# Deployment values of rules tagged [M] in ILP.md: {"setting.name": value}. See `siklus rules-settings`.
SIKLUS_RULES: dict = {}
# Per area, most specific Kemendagri prefix wins: {"35.09": {"immunization.je_endemic": True}}.
# Env vars SIKLUS_RULES and SIKLUS_RULES_BY_AREA (JSON) add to these (siklus.core.rulesettings).
SIKLUS_RULES_BY_AREA: dict = {}

# Errors go to stderr with the request's id (the X-Request-ID the user saw): a 500's traceback is
# logged by django.request; `siklus serve` adds the server's own log to the same stream.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "siklus.core.requestid.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}},
    "loggers": {
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
        "siklus": {"handlers": ["console"], "level": "WARNING"},
    },
}
