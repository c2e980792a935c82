#!/usr/bin/env python
"""Django's command-line utility for the gongkai platform (``uv run python manage.py …``).

Defaults to the development settings (a developer's tool); a deployment sets
DJANGO_SETTINGS_MODULE=gongkai_platform.settings.production (docs/deployment.md), and the WSGI and
ASGI entry points default to production."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings.development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
