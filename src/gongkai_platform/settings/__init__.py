"""Settings of the platform: ``base`` (every setting, overridable from the environment, failing
closed), ``development`` (DEBUG and a development key; ``manage.py`` and ``scripts/run.sh``),
``test`` (fast password hashing, in-memory e-mail) and ``production`` (the default of the WSGI and
ASGI entry points: refuses weak keys, HTTPS only, HSTS)."""
