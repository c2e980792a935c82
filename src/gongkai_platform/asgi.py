"""ASGI entry point (uvicorn, daphne), with the same production default as ``wsgi``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings.production")
application = get_asgi_application()
