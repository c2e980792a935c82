"""Backup and restore of the platform: the database and the uploaded files, at one point in time,
in one archive (``manage.py backup`` / ``manage.py restore``; docs/deployment.md §5)."""
