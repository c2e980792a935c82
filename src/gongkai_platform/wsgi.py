"""WSGI entry point (gunicorn / uWSGI behind a reverse proxy; see docs/deployment.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings.base")
application = get_wsgi_application()
