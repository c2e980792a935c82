"""Settings for the test suite: SQLite in memory unless ``DATABASE_URL`` names a database."""

from __future__ import annotations

import tempfile
from pathlib import Path

from gongkai_platform.settings.base import *  # noqa: F403
from gongkai_platform.settings.base import DATABASES

SECRET_KEY = "gongkai-test-only-not-secret"

# Live-server request threads must not keep their connections: the test database is dropped at
# the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
GONGKAI_CALENDAR_RECHECK_SECONDS = 0.0  # each test has its own calendar table
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gongkai-test-uploads-"))

# A second alias mirroring the test database (TEST MIRROR), as a read replica would; the routing
# to it is switched on only by the transactional tests of tests/platform/test_replica.py (a
# mirror is a second connection: it cannot see the rows of a test's open transaction).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
GONGKAI_READ_REPLICA = False
