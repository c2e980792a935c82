"""Development settings (``scripts/run.sh``, ``manage.py`` on a developer's machine): DEBUG on, a
development-only secret key, SQLite under ``./var``.  Never used unless selected: the WSGI and
ASGI entry points default to ``production``."""

from __future__ import annotations

import os

from gongkai_platform.settings.base import *  # noqa: F403
from gongkai_platform.settings.base import env_flag

DEBUG = env_flag("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "gongkai-development-only-not-secret")
