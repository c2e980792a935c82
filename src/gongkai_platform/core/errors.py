"""Why an action was refused: one code per reason (so pages and the API speak the same codes) and
a Chinese message that names the rule."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    NOT_PERMITTED = "not_permitted"  # the actor holds no role that may take this action here
    WRONG_STATE = "wrong_state"  # the state machine does not allow the action now
    INVALID = "invalid"  # the input breaks a rule
    TOO_LATE = "too_late"  # a statutory period for taking the action has run out
    TOO_EARLY = "too_early"  # the period the action waits for has not run out yet
    STALE = "stale"  # someone else changed the application since the form was opened


class ActionRefused(Exception):
    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
