"""Settings shared by every environment."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_keys, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Public address of the service, used in e-mails that link back to a page.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Demo users and data may only be created where this is true (never in production).
DEMO_ALLOWED = False

INSTALLED_APPS = [
    "core.admin_site.AdminConfig",  # Django's admin with the service's own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Our apps, in the order of the grant's lifecycle.
    "core",
    "accounts",
    "regions",
    "grants",
    "records",
    "attachments",
    "notifications",
    "requisitions",
    "reports",
    "repayments",
    "reminders",
    "reporting",
    "ombud",
    "conversations",
    "signatures",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the rest, so that every answer below passes it (also the 400 and redirects).
    "core.middleware.PrivateCacheControlMiddleware",
    # Before the session is looked up: a cookie with a control character is dropped.
    "core.middleware.RefuseMalformedAddressMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django_otp's, checking the session's device against those read with the user.
    "accounts.middleware.OTPMiddleware",
    # An e-ID login's assurance level: counts as the second factor when high enough, and goes
    # into the audit event of every act of the session (accounts/oidc.py).
    "accounts.oidc.EidSessionMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
]

# A request whose path and query string are longer than this is refused (400): no page of
# the service has such an address (gunicorn refuses a request line over 4094 bytes too).
MAX_ADDRESS_LENGTH = 4096

# Pages that show nothing private: a visitor who is not logged in gets them with the headers
# their views set. Every other answer says Cache-Control: private, no-store
# (core.middleware.PrivateCacheControlMiddleware).
PUBLIC_PATHS = ("/tillganglighet/", "/oppna-data/", "/halsa/", "/static/")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (make run) has one lock for the whole file. A transaction takes it when it
    # begins, not at its first write, and a request waits up to the timeout for another's
    # lock instead of failing with "database is locked": two submits of one requisition then
    # queue up as behind PostgreSQL's row lock, and the second finds the first's.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT_SECONDS", 20),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django binds its queries' values on the client, so none of them is ever prepared. The
    # few statements written out by hand that a page runs on every request and that cost
    # PostgreSQL more to plan than to run (the user every request loads, the inbox's, the
    # region home's: core.sql.prepared_cursor) are bound on the server, and psycopg
    # prepares each on its first run on a connection (prepare_threshold 0). PostgreSQL
    # would still plan a prepared statement afresh for each of its first five runs before
    # settling on one plan for all values; with plan_cache_mode=force_generic_plan it plans
    # it once per connection (the inbox's took 25 ms to plan and run, 7 ms to run:
    # docs/performance.md). The setting concerns prepared statements (and the triggers'
    # lookups by key), so Django's own queries are planned as before.
    # Off (DATABASE_PREPARED_STATEMENTS=0) behind a pooler that cannot keep them.
    _options = DATABASES["default"].get("OPTIONS", {})
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        _options = {
            **_options,
            "prepare_threshold": 0,
            "options": f"{_options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip(),
        }
    else:
        _options = {**_options, "prepare_threshold": None}
    DATABASES["default"]["OPTIONS"] = _options
# Production connects as a role that may read and write rows but owns no table; the tables'
# owner runs the migrations: `python manage.py migrate --database owner` (docs/security.md).
DATABASE_OWNER_URL = env_str("DATABASE_OWNER_URL")
if DATABASE_OWNER_URL:
    DATABASES["owner"] = dj_database_url.parse(DATABASE_OWNER_URL)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's model backend, loading the user with their staff roles and second factors.
# e-ID over OpenID Connect (accounts/oidc.py) when OIDC_ISSUER is set; inert otherwise.
AUTHENTICATION_BACKENDS = ["accounts.backends.UserBackend", "accounts.oidc.EidBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language, time and formats: Swedish first, English selectable.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [
    BASE_DIR / app / "locale"
    for app in (
        "core",
        "accounts",
        "regions",
        "grants",
        "records",
        "notifications",
        "requisitions",
        "reports",
        "repayments",
        "reminders",
        "reporting",
        "demo",
    )
] + [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Our own format modules accept ISO dates only, never a US month/day order.
FORMAT_MODULE_PATH = ["config.formats"]
# Thousand separators are applied explicitly to amounts and populations, never to ids or years.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
# Where collectstatic writes; the image sets it outside the VAR_DIR volume (Dockerfile).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files handed in (attachments): the file system under MEDIA_ROOT, or an S3-compatible
# object store (MinIO in compose) when ATTACHMENT_S3_BUCKET is set (docs/storage.md).
ATTACHMENT_S3_BUCKET = env_str("ATTACHMENT_S3_BUCKET", "")
DEFAULT_STORAGE: dict = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ATTACHMENT_S3_BUCKET,
            "endpoint_url": env_str("ATTACHMENT_S3_ENDPOINT_URL", "") or None,
            "access_key": env_str("ATTACHMENT_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("ATTACHMENT_S3_SECRET_KEY", "") or None,
            "region_name": env_str("ATTACHMENT_S3_REGION", "us-east-1"),
            "addressing_style": "path",
            "signature_version": "s3v4",
            # Never overwrite: the service names every file itself and checks the name kept.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
    if ATTACHMENT_S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# Attachments (attachments.services): files handed in, at most this size each.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# The virus scanner (attachments/clamd.py): tcp://host:3310 or unix:///run/clamav/clamd.ctl.
# Empty: no scanner, files are served as "not scanned".
CLAMD_ADDRESS = env_str("CLAMD_ADDRESS", "")
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: written to files under var/mail unless a backend is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds each exchange with the mail server may take: a server that hangs must not hold an
# e-mail's claim until EMAIL_STALE_CLAIM_SECONDS, when another worker would send it too.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Socialstyrelsen statsbidrag <statsbidrag@socialstyrelsen.se>"
)
# Who regions contact about a grant; shown in e-mails and on pages.
GRANT_CONTACT_EMAIL = env_str("GRANT_CONTACT_EMAIL", "statsbidrag@socialstyrelsen.se")

# The agency's own payment details, for payment files and repayment instructions.
# The defaults are examples with valid check digits; set the real ones in production.
AGENCY_NAME = env_str("AGENCY_NAME", "Socialstyrelsen")
AGENCY_BANKGIRO = env_str("AGENCY_BANKGIRO", "5050-1055")
AGENCY_BANK_BIC = env_str("AGENCY_BANK_BIC", "NDEASESS")

# A recovery claim is due on the grant's repayment deadline, or this many days after the
# decision if that is later.
RECOVERY_CLAIM_DAYS = env_int("RECOVERY_CLAIM_DAYS", 30)

# After the broker failed to take an e-mail, a process waits this long before trying again
# (the outbox keeps the e-mail meanwhile).
BROKER_DOWN_PAUSE_SECONDS = env_int("BROKER_DOWN_PAUSE_SECONDS", 30)
# An e-mail claimed by a worker that died is queued again after this long.
EMAIL_STALE_CLAIM_SECONDS = env_int("EMAIL_STALE_CLAIM_SECONDS", 600)

# Celery: with no broker configured, tasks run inline in the web process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", env_str("REDIS_URL"))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Fail fast when the broker is unreachable; what could not be queued waits in the outbox.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task a dead worker had taken is handed out again after this long (seconds).
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True

# Reminders: the daily sweep also sends what up to this many missed days owed.
REMINDER_CATCH_UP_DAYS = env_int("REMINDER_CATCH_UP_DAYS", 7)

# Each user's last view of the main pages, while the parts of the data it shows are
# unchanged (core/page_cache.py). Shared by every worker process through Redis
# (PAGE_CACHE_URL, by default the REDIS_URL the stack already has); without one (make run)
# each process keeps its own in memory.
PAGE_CACHE_URL = env_str("PAGE_CACHE_URL", env_str("REDIS_URL"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": PAGE_CACHE_URL,
        "KEY_PREFIX": "statsbidrag",
        "TIMEOUT": 600,
        # A page is built rather than waited for: Redis answers fast or not at all.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if PAGE_CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
PAGE_CACHE = env_bool("PAGE_CACHE", True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Logged out after this long without activity. A request renews the session when its last
# renewal is older than SESSION_RENEW_SECONDS (accounts.middleware.IdleSessionMiddleware),
# not on every request, which would write the session row on every page view.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Login security (accounts/security.py).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 50)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
REAUTH_MAX_AGE_MINUTES = env_int("REAUTH_MAX_AGE_MINUTES", 15)
OTP_TOTP_ISSUER = "Socialstyrelsen statsbidrag"
# An authenticator code is accepted one 30-second step early or late (clock drift), and a
# step at or before the last one accepted never again (accounts/two_factor.py). Learning a
# device's drift would move that window for good: off.
OTP_TOTP_TOLERANCE = 1
OTP_TOTP_SYNC = False
# The admin site never shows an authenticator's key, its QR code or the recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# An administrator's link for enrolling an authenticator works once, for this many hours.
ENROLMENT_LINK_HOURS = env_int("ENROLMENT_LINK_HOURS", 72)

# Login with e-ID through an OpenID Connect provider (a broker of BankID, Freja eID, …):
# docs/running.md, "e-ID login". Off while OIDC_ISSUER is empty (make run): password and code.
# The endpoints come from <issuer>/.well-known/openid-configuration, read at the first login.
OIDC_ISSUER = env_str("OIDC_ISSUER").rstrip("/")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid profile")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGORITHM", "RS256")
# The ID token claim holding the verified personnummer (Sweden Connect's name by default).
OIDC_PERSONNUMMER_CLAIM = env_str(
    "OIDC_PERSONNUMMER_CLAIM", "https://id.oidc.se/claim/personalIdentityNumber"
)
# The assurance levels (acr) that count as every factor: a login at one of them needs no
# authenticator code (staff included). A lower one still asks for the code.
OIDC_REQUIRED_ACR = env_list("OIDC_REQUIRED_ACR", ["http://id.elegnamnden.se/loa/1.0/loa3"])
# Asked of the provider with every login (acr_values), when set.
OIDC_ACR_VALUES = env_str("OIDC_ACR_VALUES")
# A signature's ID token must say the person authenticated at most this many seconds before.
OIDC_SIGN_MAX_AGE_SECONDS = env_int("OIDC_SIGN_MAX_AGE_SECONDS", 300)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # nobody gets an account or a role from the provider
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
# Region users may log in with a password (and code) too; production may turn this off so
# that they log in with e-ID only. Staff keep the password and code as the fallback.
PASSWORD_LOGIN_FOR_REGION_USERS = env_bool("PASSWORD_LOGIN_FOR_REGION_USERS", True)

# The audit trail (records/chain.py, records/anchors.py). Its hashes are HMACs with a key kept
# outside the database: "id:secret[,older-id:older-secret…]", the first signs new events, the
# others still verify the events they signed. Local development and the tests use a fixed
# key (config/settings/local.py, test.py); production requires one (docs/security.md).
AUDIT_KEYS = env_keys("AUDIT_KEYS")
# The append-only file the chain's head is anchored to, outside the database.
AUDIT_ANCHOR_LOG = Path(env_str("AUDIT_ANCHOR_LOG", str(VAR_DIR / "audit-anchors.log")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"client_error_one_line": {"()": "core.logging.ClientErrorWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Everything once, through the root's handler: Django's own console and mail_admins
        # handlers (its default logging) would print each request error a second time.
        "django": {"handlers": [], "level": env_str("LOG_LEVEL", "INFO"), "propagate": True},
        # A refused request (403) is one warning line; server errors keep their traceback.
        "django.request": {"filters": ["client_error_one_line"]},
    },
}
