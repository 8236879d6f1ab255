"""Sanad's one settings module. Everything that differs between machines comes from the environment.

SANAD_ENV=development (default) runs on the embedded SQLite database and an embedded broker;
SANAD_ENV=production requires a real secret key, DEBUG off, and refuses demo data.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("SANAD_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("SANAD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SANAD_ENV = os.environ.get("SANAD_ENV", "development").strip().lower()
if SANAD_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("SANAD_ENV must be 'development' or 'production'.")
PRODUCTION = SANAD_ENV == "production"

# Publicly known: it only ever signs development sessions. Production refuses to start with it.
DEMO_SECRET_KEY = "sanad-development-only-not-secret-0d4f6c1e9b"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", DEMO_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("Refusing to start: DEBUG is on in production (set DEBUG=0).")
    if SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Refusing to start: SECRET_KEY is missing, the demo key, or shorter than 50 characters."
        )

# Keys that encrypt the connectors' secrets at rest (Fernet keys, comma-separated, the first one
# encrypts, all decrypt: rotate by putting a new key first, running `sanad connector_secrets_rotate`,
# then dropping the old key). Development derives one from SECRET_KEY; production must set them.
SANAD_SECRETS_KEYS = env_list("SANAD_SECRETS_KEYS", "")
if PRODUCTION and not SANAD_SECRETS_KEYS:
    raise ImproperlyConfigured(
        "Refusing to start: SANAD_SECRETS_KEYS is not set (Fernet keys that encrypt the connectors' "
        "secrets; make one with: python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())')."
    )
if SANAD_SECRETS_KEYS:
    from cryptography.fernet import Fernet

    try:
        for _key in SANAD_SECRETS_KEYS:
            Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            "Refusing to start: a key in SANAD_SECRETS_KEYS is not a Fernet key (32 bytes, url-safe base64)."
        ) from None

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "sanad.accounts.apps.SanadAdminConfig",  # the admin site, behind two-factor sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "sanad.accounts.apps.KnoxConfig",  # the sign-in libraries, with Arabic names in the admin
    "sanad.accounts.apps.AxesConfig",
    "django_otp",
    "sanad.accounts.apps.OtpTotpConfig",
    "sanad.accounts.apps.OtpStaticConfig",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "sanad.core",
    "sanad.outbox",
    "sanad.geo",
    "sanad.accounts",
    "sanad.catalogue",
    "sanad.centres",
    "sanad.notifications",
    "sanad.cases",
    "sanad.payments",
    "sanad.integrations",
    "sanad.queueing",
    "sanad.feedback",
    "sanad.analytics",
    "sanad.audit",
    "sanad.api",
    "sanad.web",
    "sanad.demo",
    "sanad.demo.gateway",
    "sanad.demo.institutions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sanad.api.middleware.ProblemMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sanad.core.middleware.SanadLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): signed in with a code
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sanad.audit.context.AuditContextMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-ins while an account is locked out
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "sanad.urls"
WSGI_APPLICATION = "sanad.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sanad.web.context_processors.shell",
            ],
        },
    }
]

# --- Database: embedded SQLite by default, PostgreSQL in production -------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sanad.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0 if DEBUG else 60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the web server and the worker read while the other writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, broker: Redis when REDIS_URL is set, embedded otherwise ---------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sanad",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or f"sqla+sqlite:///{VAR_DIR / 'broker.sqlite3'}"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "sanad.outbox.tasks.outbox_sweep", "schedule": 60.0},
    "cases-expire-send-backs": {"task": "sanad.cases.tasks.expire_send_backs", "schedule": 15 * 60.0},
    "payments-reconcile-online": {
        "task": "sanad.payments.tasks.reconcile_online_payments",
        "schedule": 5 * 60.0,
    },
    "centres-licences-sweep": {"task": "sanad.centres.tasks.licences_sweep", "schedule": 6 * 3600.0},
    "integrations-probe": {"task": "sanad.integrations.tasks.probe", "schedule": 60.0},
    "integrations-pull-overdue": {"task": "sanad.integrations.tasks.pull_overdue", "schedule": 15 * 60.0},
    "audit-seal": {"task": "sanad.audit.tasks.audit_seal", "schedule": 60.0},
    "audit-erasures-due": {"task": "sanad.audit.tasks.erasures_due", "schedule": 6 * 3600.0},
    "housekeeping-prune": {"task": "sanad.core.tasks.housekeeping_prune", "schedule": 24 * 3600.0},
    "queueing-appointment-reminders": {
        "task": "sanad.queueing.tasks.appointment_reminders",
        "schedule": 3600.0,
    },
    "queueing-dispatch-rings": {"task": "sanad.queueing.tasks.dispatch_rings", "schedule": 60.0},
    "feedback-escalate-complaints": {
        "task": "sanad.feedback.tasks.escalate_overdue_complaints",
        "schedule": 15 * 60.0,
    },
    "feedback-quality-index": {"task": "sanad.feedback.tasks.compute_quality_index", "schedule": 24 * 3600.0},
}

# --- Retention (days) of what housekeeping_prune removes (sanad/core/housekeeping.py) ----------
OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "30"))
OUTBOX_DEAD_RETENTION_DAYS = int(os.environ.get("OUTBOX_DEAD_RETENTION_DAYS", "180"))
BROKER_RETENTION_DAYS = int(os.environ.get("BROKER_RETENTION_DAYS", "2"))
IDEMPOTENCY_RETENTION_DAYS = int(os.environ.get("IDEMPOTENCY_RETENTION_DAYS", "7"))
PAYMENT_CALLBACK_RETENTION_DAYS = int(os.environ.get("PAYMENT_CALLBACK_RETENTION_DAYS", "180"))

# --- Outbox delivery policy ------------------------------------------------------------------
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_BACKOFF_BASE_SECONDS = 30
OUTBOX_BACKOFF_CAP_SECONDS = 3600
OUTBOX_CLAIM_SECONDS = int(os.environ.get("OUTBOX_CLAIM_SECONDS", "300"))

# --- Language and time ---------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "sanad_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Muscat"
# Numbers are rendered with Latin digits and our own money format (core.money), not localised.
USE_THOUSAND_SEPARATOR = False
# Arabic numbers with the full stop as the decimal mark, like money (sanad.core.formatting).
FORMAT_MODULE_PATH = ["sanad.core.formats"]

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Citizens' documents: on the local disk by default; in an S3-compatible bucket (AWS S3, MinIO, Ceph…)
# when SANAD_S3_BUCKET is set, so web processes keep no files of their own. Credentials come from the
# usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables (or the machine's role).
SANAD_S3_BUCKET = os.environ.get("SANAD_S3_BUCKET", "")


def s3_private_storage(bucket: str) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("SANAD_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("SANAD_S3_REGION") or None,
            "location": os.environ.get("SANAD_S3_PREFIX", "private"),
            "addressing_style": os.environ.get("SANAD_S3_ADDRESSING_STYLE") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": s3_private_storage(SANAD_S3_BUCKET)
    if SANAD_S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Expiring, hashed tokens (django-rest-knox), still sent as `Authorization: Token <token>`.
        "sanad.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in unless an endpoint opts in to the public with its own permission_classes.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "sanad.api.throttling.AnonThrottle",
        "sanad.api.throttling.UserThrottle",
        "sanad.api.throttling.ScopedThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "sanad.api.pagination.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "sanad.api.parsers.SafeJSONParser",
        "sanad.api.parsers.SafeFormParser",
        "sanad.api.parsers.SafeMultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sanad.api.errors.problem_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "auth": "20/min",
        "tracking": "30/min",
        "tickets": "10/min",
        "anon": "600/min",
        "user": "3000/min",
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "sanad.api.negotiation.FormatWinsNegotiation",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sanad API",
    "DESCRIPTION": (
        "The REST API of Sanad, the platform for Oman's national network of Sanad service centres. "
        "Authenticate with `POST /api/v1/auth/token/` and send `Authorization: Token <token>`. "
        "Errors are `application/problem+json` (RFC 9457); money is integer baisa (1 OMR = 1000 baisa)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI is served from our own static files (nothing from the internet at run time).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sanad.api.schema.problem_responses",
        "sanad.api.schema.case_links",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AccountRoleEnum": "sanad.accounts.constants.Role",
        "StaffRoleEnum": "sanad.centres.constants.StaffRole",
        "CaseDocumentRoleEnum": "sanad.cases.constants.DocumentRole",
        "PersonalDataRequestStateEnum": "sanad.audit.constants.RequestState",
    },
}

# --- Security ------------------------------------------------------------------------------
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none; the client is
# REMOTE_ADDR and the header is ignored). Rate limits, lockouts and audit use sanad.core.clients.
SANAD_TRUSTED_PROXIES = int(os.environ.get("SANAD_TRUSTED_PROXIES", "0"))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Sign-in lockout (django-axes): this many wrong passwords for one username (from any address),
# or from one address (for any usernames), lock that username or address for the cool-off.
# Addresses are sanad.core.clients' identity, like every other limit.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "sanad.core.clients.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "sanad.web.views.account.locked_out"
AXES_VERBOSE = False

# Two-factor sign-in (django-otp TOTP; sanad.accounts.twofactor) for the regulator, officers and
# administrators. The issuer is the name authenticator apps show.
OTP_TOTP_ISSUER = os.environ.get("SANAD_OTP_ISSUER", "Sanad")

# API tokens expire (django-rest-knox); a client signs in again for a new one.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=int(os.environ.get("SANAD_TOKEN_TTL_HOURS", "10"))),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

# Content-Security-Policy (django-csp): our own scripts and styles only, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # style="" attributes in templates (layout widths); no <style> element, no script.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Messages out (e-mail and SMS) ----------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sanad <no-reply@sanad.example.om>")

# Called with (name=, content=) before a document is accepted; raise ValidationFailed to refuse it.
SANAD_DOCUMENT_SCANNER = os.environ.get("SANAD_DOCUMENT_SCANNER", "sanad.cases.documents.scan_none")

SMS_BACKEND = os.environ.get("SMS_BACKEND", "file")  # console | file | http | dotted path
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_SENDER_ID = os.environ.get("SMS_SENDER_ID", "SANAD")

# --- Payments: the online gateway (the simulated one in sanad.demo.gateway by default) ---------
SANAD_PAYMENT_GATEWAY = os.environ.get("SANAD_PAYMENT_GATEWAY", "sanad.demo.gateway.client.DemoGatewayClient")
# Signs gateway callbacks (HMAC-SHA256). The default is public: callbacks are refused with it in production.
SANAD_GATEWAY_DEMO_SECRET = "sanad-gateway-development-secret"  # noqa: S105
SANAD_GATEWAY_SECRET = os.environ.get("SANAD_GATEWAY_SECRET", SANAD_GATEWAY_DEMO_SECRET)
SANAD_GATEWAY_MODE = os.environ.get("SANAD_GATEWAY_MODE", "succeed")  # succeed|decline|timeout|late|twice
SANAD_GATEWAY_LATE_SECONDS = int(os.environ.get("SANAD_GATEWAY_LATE_SECONDS", "45"))
SANAD_GATEWAY_SESSION_MINUTES = int(os.environ.get("SANAD_GATEWAY_SESSION_MINUTES", "10"))
# A pending online payment older than this is checked with the gateway by a scheduled task.
SANAD_ONLINE_PAYMENT_TIMEOUT_MINUTES = int(os.environ.get("SANAD_ONLINE_PAYMENT_TIMEOUT_MINUTES", "15"))
# Signs the simulated institutions' messages (sanad.demo.institutions); public, development only.
SANAD_DEMO_INSTITUTION_SECRET = "whsec_c2FuYWQtZGVtby1pbnN0aXR1dGlvbi1zZWNyZXQtMzJi"  # noqa: S105
SANAD_DEMO_INSTITUTION_SLOW_SECONDS = int(os.environ.get("SANAD_DEMO_INSTITUTION_SLOW_SECONDS", "15"))
# The public address printed in receipts' QR codes when there is no request to take it from.
SANAD_PUBLIC_URL = os.environ.get("SANAD_PUBLIC_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
