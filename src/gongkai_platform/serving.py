"""How a web server process keeps its heap quiet: the objects made while starting up and
answering the first request (Django's apps, URL resolver, compiled templates, the holiday
calendar) live as long as the process, yet every full garbage collection walks them all again.
On the oversight register at 1,000 units such collections were the slow tail of the page (CPU
p95 166 ms with the collector as is, 101 ms with those objects frozen; docs/scaling.md).

:func:`settle_heap` collects what is garbage now and moves everything still alive into the
permanent generation (:func:`gc.freeze`), which the collector no longer scans.  ``wsgi.py`` calls
it once the application is loaded and again after the first request has been answered.
"""

from __future__ import annotations

import gc
from typing import Any

from django.core.signals import request_finished


def settle_heap() -> None:
    """Collect now, then keep everything alive out of later collections."""
    gc.collect()
    gc.freeze()


def settle_after_first_request() -> None:
    """Settle the heap once more when the first request is done (what it loaded lazily)."""

    def once(**_: Any) -> None:
        request_finished.disconnect(once)
        settle_heap()

    request_finished.connect(once, weak=False)
