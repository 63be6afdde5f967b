"""The few exceptions the assistant raises on purpose.

Every error a user can cause or fix (bad article, missing model package, empty index)
is an `AssistantError` with a message that says what to do; anything else is a bug.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: a problem the user can understand and act on."""


class ConfigError(AssistantError):
    """A setting is missing, malformed or out of range."""


class ArticleError(AssistantError):
    """An article file cannot be read or parsed; it is reported and skipped."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ModelError(AssistantError):
    """A model's files are missing, corrupt, or its package is not installed."""


class IndexNotBuiltError(AssistantError):
    """The index is missing or empty: run `assistant ingest` first."""


class IndexServerError(AssistantError):
    """The Chroma server of `chroma_url` cannot be reached, or went away mid-operation."""


class QuestionError(AssistantError):
    """The question is empty or too long to answer."""
