"""Production settings: PostgreSQL through ``DATABASE_URL``, secrets from the environment, HTTPS.

See docs/deployment.md.  Refuses to start with the development secret key or without a database URL.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from gongkai_platform.settings.base import *  # noqa: F403
from gongkai_platform.settings.base import env_flag

DEBUG = env_flag("DJANGO_DEBUG", False)
if "DJANGO_SECRET_KEY" not in os.environ:
    raise ImproperlyConfigured("生产环境必须设置环境变量 DJANGO_SECRET_KEY")
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("生产环境必须设置环境变量 DATABASE_URL（PostgreSQL）")

SESSION_COOKIE_SECURE = env_flag("GONGKAI_HTTPS", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_flag("GONGKAI_SSL_REDIRECT", False)  # usually done by the proxy
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
