"""The one settings module of wijkteam, driven by environment variables.

Defaults are safe for production (DEBUG off, secure cookies, HSTS); ``make run`` and the
test suite switch to development values through the environment, never by editing this file.
See docs/configuration.md for every variable.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url

from wijkteam.core.env import env

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env("WIJKTEAM_VAR_DIR", str(REPO_DIR / "var"), doc="Folder for runtime files"))

DEBUG = env("DEBUG", False, doc="Development mode; never on in production")

SECRET_KEY = env("SECRET_KEY", "", doc="Cryptographic signing key; required unless DEBUG")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost"], doc="Comma-separated host names served"
)
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS", [], doc="Comma-separated trusted origins")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_q",
    "wijkteam.core",
    "wijkteam.accounts",
    "wijkteam.organisation",
    "wijkteam.residents",
    "wijkteam.support",
    "wijkteam.plans",
    "wijkteam.dashboard",
    "wijkteam.notifications",
    "wijkteam.incidents",
    "wijkteam.complaints",
    "wijkteam.breaches",
    "wijkteam.improvements",
    "wijkteam.privacy",
    "wijkteam.quality",
    "wijkteam.oversight",
    "wijkteam.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wijkteam.core.middleware.LoginRequiredMiddleware",
    # After LoginRequired: a signed-in session sees nothing until its second step is done.
    "wijkteam.core.middleware.TwoFactorRequiredMiddleware",
    "wijkteam.core.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "wijkteam.core.middleware.SecurityHeadersMiddleware",
    # Refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE (413) before anything reads it.
    "wijkteam.core.limits.RequestSizeLimitMiddleware",
    # Last, so it sees the lockout flag the authentication backend sets on the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wijkteam.urls"
WSGI_APPLICATION = "wijkteam.wsgi.application"

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
                "wijkteam.core.context_processors.navigation",
            ],
        },
    },
]

DATABASE_URL = env(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'wijkteam.sqlite3'}",
    doc="Database; SQLite under var/ by default, postgres://user@host:port/name in production",
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses sign-in for a locked account or address before the password
# is checked (docs/architecture.md, "Sign-in").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Argon2id for new hashes; PBKDF2 stays readable so older hashes upgrade at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "wijkteam.accounts.validators.CharacterClassValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security. Production-safe by default; DEBUG (make run, tests) relaxes what needs https.
SECURE_SSL = env("SECURE_SSL", not DEBUG, doc="Serve over https only (redirect, secure cookies)")
SECURE_SSL_REDIRECT = SECURE_SSL
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL else 0, doc="HSTS max-age")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env("TRUST_X_FORWARDED_PROTO", False, doc="Behind a TLS-terminating proxy")
    else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env("SESSION_COOKIE_AGE", 8 * 3600, doc="Absolute session lifetime (s)")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_TIMEOUT = env(
    "SESSION_IDLE_TIMEOUT", 15, doc="Minutes without activity after which a session ends"
)

# Lockout after repeated failed sign-ins (django-axes): an account is locked after
# AXES_FAILURE_LIMIT failures, and so, separately, is an address.
AXES_FAILURE_LIMIT = env(
    "AXES_FAILURE_LIMIT", 5, doc="Failed sign-ins after which an account or address is locked"
)
AXES_COOLOFF_MINUTES = env(
    "AXES_COOLOFF_MINUTES", 30, doc="Minutes a lockout lasts unless functioneel beheer unlocks"
)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "wijkteam.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "wijkteam.core.accesslog.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are AuthEvents already
AXES_VERBOSE = False
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["wijkteam.api.permissions.DeclaredPermissions"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "wijkteam.api.parsers.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "30/min"},
    "EXCEPTION_HANDLER": "wijkteam.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "wijkteam API",
    "DESCRIPTION": "REST API of wijkteam. Every resource is scoped to the signed-in user and "
    "every read of a resident's data is written to the access log.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["wijkteam.api.permissions.DeclaredPermissions"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wijkteam.api.schema.drop_database_integer_limits",
        "wijkteam.api.schema.describe_local_times",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CaseStateEnum": "wijkteam.support.workflow.CaseState",
        "RequestChannelEnum": "wijkteam.support.choices.RequestChannel",
        "ReferralStatusEnum": "wijkteam.support.choices.ReferralStatus",
        "BreakGlassCategoryEnum": "wijkteam.oversight.choices.BreakGlassCategory",
        "BreakGlassLookupKindEnum": "wijkteam.oversight.choices.LookupKind",
        "BreakGlassReviewStatusEnum": "wijkteam.oversight.workflow.ReviewStatus",
        "BreakGlassReviewOutcomeEnum": "wijkteam.oversight.workflow.OUTCOME_CHOICES",
        "ComplaintStateEnum": "wijkteam.complaints.workflow.ComplaintState",
        "ComplaintOutcomeEnum": "wijkteam.complaints.choices.Outcome",
        "IncidentKindEnum": "wijkteam.incidents.choices.IncidentKind",
        "IncidentLocationKindEnum": "wijkteam.incidents.choices.IncidentLocationKind",
        "IncidentCategoryEnum": "wijkteam.incidents.ladder.CATEGORY_CHOICES",
        "IncidentStateEnum": "wijkteam.incidents.workflow.IncidentState",
        "AftercareOutcomeEnum": "wijkteam.incidents.choices.AftercareOutcome",
        "CalamityStateEnum": "wijkteam.incidents.workflow.CalamityState",
        "CalamityDecisionEnum": "wijkteam.incidents.workflow.CALAMITY_DECISION_CHOICES",
        "CalamityReportStepEnum": "wijkteam.incidents.workflow.CALAMITY_REPORT_CHOICES",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO", doc="Log level")},
}

# Domain configuration.
SMALL_NUMBER_THRESHOLD = env(
    "SMALL_NUMBER_THRESHOLD", 5, doc="Aggregates below this count are shown as '<N' to the gemeente"
)
DEMO_PASSWORD = "wijkteam-demo"

# AVG rights (privacy app, docs/parts/privacy.md).
EXPORT_PSEUDONYM_KEY = env(
    "EXPORT_PSEUDONYM_KEY",
    "",
    doc="Secret key for the pseudonyms in the municipality export (HMAC-SHA256)",
)
INZAGE_DOWNLOAD_HOURS = env(
    "INZAGE_DOWNLOAD_HOURS", 72, doc="Hours an inzage (PDF and JSON) stays downloadable"
)

# Support case cycle (docs/workflows.md). Stored deadlines and retention dates keep the values
# that applied when they were computed; changing these affects only later cases.
CASE_REOPEN_DAYS = env(
    "CASE_REOPEN_DAYS", 90, doc="Days after closing during which a case may be reopened"
)
FIRST_CONTACT_WORKING_DAYS = env(
    "FIRST_CONTACT_WORKING_DAYS",
    5,
    doc="Working days after a request within which the agreed first contact is due",
)
RETENTION_YEARS_BASIC = env(
    "RETENTION_YEARS_BASIC", 15, doc="Years a closed basic-support file is kept"
)
RETENTION_YEARS_WMO = env("RETENTION_YEARS_WMO", 15, doc="Years a closed Wmo file is kept")
RETENTION_YEARS_YOUTH = env("RETENTION_YEARS_YOUTH", 20, doc="Years a closed Jeugdwet file is kept")
RETENTION_YEARS_DEBT = env("RETENTION_YEARS_DEBT", 5, doc="Years a closed Wgs file is kept")

# Incidents (docs/workflows.md, "Incidents"). Deadlines are stored on the incident when the
# report is made or the calamity decided; changing these affects only later ones.
INCIDENT_AFTERCARE_WORKING_DAYS = env(
    "INCIDENT_AFTERCARE_WORKING_DAYS", 2, doc="Working days to confirm the aftercare conversation"
)
CALAMITY_REPORT_WORKING_DAYS = env(
    "CALAMITY_REPORT_WORKING_DAYS", 3, doc="Working days to report a calamity to the authority"
)

# Background work (django-q2, docs/adr/0002-background-tasks.md): the ORM broker runs on the
# embedded database and on PostgreSQL; TASK_BROKER_URL=redis://... switches to Redis. Schedules
# live in the database (core/schedules.py creates them after every migrate).
TASK_BROKER_URL = env(
    "TASK_BROKER_URL",
    "",
    doc="Empty: the database is the task queue; redis://host:port/db for Redis",
)
Q_CLUSTER = {
    "name": "wijkteam",
    "workers": env("TASK_WORKERS", 2, doc="Background worker processes (django-q2 qcluster)"),
    "timeout": 600,
    "retry": 900,
    "max_attempts": 3,
    "catch_up": False,
    "save_limit": 1000,
    "label": "Taken",
    "sync": env("TASKS_SYNC", False, doc="Run background tasks in the calling process (tests)"),
}
if TASK_BROKER_URL.startswith("redis"):
    Q_CLUSTER["redis"] = TASK_BROKER_URL
else:
    Q_CLUSTER["orm"] = "default"

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
    doc="Django e-mail backend for reminders",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost", doc="SMTP server for reminders")
EMAIL_PORT = env("EMAIL_PORT", 25, doc="SMTP port")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", False, doc="STARTTLS to the SMTP server")
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "wijkteam <noreply@localhost>", doc="Sender of reminder e-mails"
)
REMINDER_INTERVAL_MINUTES = env(
    "REMINDER_INTERVAL_MINUTES", 15, doc="Minutes between runs of the reminder task"
)
REMINDER_EMAIL_MAX_AGE_DAYS = env(
    "REMINDER_EMAIL_MAX_AGE_DAYS", 7, doc="Unsent reminder e-mails older than this are dropped"
)
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000", doc="Base address used in e-mailed links")

# Break-the-glass and the access review (oversight app, docs/parts/oversight.md).
BREAK_GLASS_HOURS = env(
    "BREAK_GLASS_HOURS", 8, doc="Hours a break-the-glass opens a file outside the own teams"
)
BREAK_GLASS_REVIEW_WORKING_DAYS = env(
    "BREAK_GLASS_REVIEW_WORKING_DAYS", 2, doc="Working days quality staff have to review one"
)
ACCESS_REVIEW_BURST_RESIDENTS = env(
    "ACCESS_REVIEW_BURST_RESIDENTS", 50, doc="More distinct residents than this in the window"
)
ACCESS_REVIEW_BURST_MINUTES = env(
    "ACCESS_REVIEW_BURST_MINUTES", 60, doc="Length of the window for many residents, minutes"
)
ACCESS_REVIEW_BURST_ACTIONS = env(
    "ACCESS_REVIEW_BURST_ACTIONS", ["view", "export"], doc="Access-log actions counted in it"
)
ACCESS_REVIEW_DAY_START = env(
    "ACCESS_REVIEW_DAY_START", 7, doc="Working hours start at this hour (local time)"
)
ACCESS_REVIEW_DAY_END = env("ACCESS_REVIEW_DAY_END", 19, doc="Working hours end at this hour")

# Complaints (docs/workflows.md, "Complaints"). Terms are stored on a complaint when it is
# received or extended; changing these affects only later complaints.
COMPLAINT_ACKNOWLEDGE_WORKING_DAYS = env(
    "COMPLAINT_ACKNOWLEDGE_WORKING_DAYS", 5, doc="Working days to acknowledge a complaint"
)
COMPLAINT_DECISION_WEEKS = env(
    "COMPLAINT_DECISION_WEEKS", 6, doc="Weeks after receipt within which a complaint is decided"
)
COMPLAINT_EXTENSION_WEEKS = env(
    "COMPLAINT_EXTENSION_WEEKS", 4, doc="Weeks the decision term may be extended, once"
)
COMPLAINT_PUBLIC_RATE = env(
    "COMPLAINT_PUBLIC_RATE", "5/h", doc="Public complaint form submissions per address"
)
COMPLAINT_PUBLIC_MAX_BYTES = env(
    "COMPLAINT_PUBLIC_MAX_BYTES", 20000, doc="Largest public complaint form request body"
)
