"""WSGI entry point (gunicorn / uWSGI behind a reverse proxy; see docs/deployment.md).

Defaults to the production settings, which refuse to start without a strong secret key and a
database URL: a server started without configuration fails instead of running with DEBUG on.
The loaded application's objects are kept out of garbage collection (:mod:`.serving`).
"""

import os

from django.core.wsgi import get_wsgi_application

from gongkai_platform.serving import settle_after_first_request, settle_heap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings.production")
application = get_wsgi_application()
settle_heap()
settle_after_first_request()
