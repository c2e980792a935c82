"""Production settings: PostgreSQL through ``DATABASE_URL``, secrets from the environment, HTTPS.

See docs/deployment.md.  Fails closed: refuses to start without a database URL or with a weak
secret key (shorter than 50 characters, fewer than 5 distinct characters, or a known development
key), sends HSTS and the content security policy, and marks every cookie Secure.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from gongkai_platform.settings.base import *  # noqa: F403
from gongkai_platform.settings.base import env_flag

DEBUG = env_flag("DJANGO_DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("生产环境不得开启 DJANGO_DEBUG")

# What ``manage.py check --deploy`` calls strong (security.W009), and none of the keys printed
# in this repository.
SECRET_KEY_MIN_LENGTH = 50
KNOWN_KEYS = frozenset({"gongkai-development-only-not-secret", "gongkai-test-only-not-secret"})


def checked_secret_key(key: str) -> str:
    """The key, or a refusal to start saying what is wrong with it."""
    if not key:
        raise ImproperlyConfigured("生产环境必须设置环境变量 DJANGO_SECRET_KEY")
    if key in KNOWN_KEYS or key.startswith("django-insecure"):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY 是公开的开发用密钥，生产环境不得使用")
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < 5:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY 过短或过于简单：至少 {SECRET_KEY_MIN_LENGTH} 个字符，例如 "
            '用 python -c "import secrets; print(secrets.token_urlsafe(50))" 生成'
        )
    return key


SECRET_KEY = checked_secret_key(os.environ.get("DJANGO_SECRET_KEY", ""))
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("生产环境必须设置环境变量 DATABASE_URL（PostgreSQL）")

HTTPS = env_flag("GONGKAI_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
# The proxy terminates TLS and says so in X-Forwarded-Proto (docs/deployment.md); a plain-HTTP
# request that reaches the platform anyway is redirected.
SECURE_SSL_REDIRECT = env_flag("GONGKAI_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", 365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("GONGKAI_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("GONGKAI_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# collectstatic writes compressed copies with content hashes in their names (cached for good).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
