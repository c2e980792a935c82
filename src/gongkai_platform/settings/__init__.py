"""Settings of the platform: ``base`` (every setting, overridable from the environment),
``test`` (fast password hashing, in-memory e-mail) and ``production`` (secure defaults)."""
