"""The platform's shared layer, below every other app: what each app's named actions have in
common, written once.

- :mod:`.errors`: why an action was refused (:class:`~.errors.ActionRefused`, one code per reason).
- :mod:`.audit`: the one abstract audit event (:class:`~.audit.AuditEvent`, 办理过程留痕, 条例
  §45), :func:`~.audit.record` that writes one, :func:`~.audit.record_many` for bulk writers, and
  the hash chain that makes the trail tamper-evident (:func:`~.audit.verify`, ``manage.py
  audit_verify``; on PostgreSQL a trigger refuses UPDATE and DELETE, :mod:`.protect`).
- :mod:`.actions`: the one action runner (lock → check → version → state → mutate → finish →
  exactly one event) and the workflow pieces every state machine uses (:class:`~.actions.Transition`).
- :mod:`.requests`, :mod:`.forms`: helpers of the views and forms of every app.

Nothing here imports another app of the platform (the import-linter contract in
``pyproject.toml`` holds it): the apps build on ``core``, never the reverse.
"""
