"""news-assistant: offline, cited question answering over a news archive.

`from assistant import Assistant` is cheap: the names below are imported on first use, and
none of torch, transformers, chromadb or gradio is loaded until a model or the index is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Answer", "Assistant", "AssistantError", "Citation", "Passage", "Settings"]

_EXPORTS = {
    "Assistant": ".pipeline",
    "Answer": ".types",
    "Citation": ".types",
    "Passage": ".types",
    "Settings": ".settings",
    "AssistantError": ".errors",
}

if TYPE_CHECKING:
    from .errors import AssistantError
    from .pipeline import Assistant
    from .settings import Settings
    from .types import Answer, Citation, Passage


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module, __name__), name)
