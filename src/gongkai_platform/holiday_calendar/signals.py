"""``calendar_changed(actor_id, reason)``: sent after the commit of a change to the calendar, so
that the apps whose dates depend on it recount them (``applications.apps`` connects the recount)."""

from django.dispatch import Signal

calendar_changed = Signal()
