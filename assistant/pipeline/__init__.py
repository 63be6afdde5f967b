"""Stage 7, the pipeline: `facade.Assistant` (the one object interfaces talk to) and
`stream.AnswerStream` (one question's way from condensing to the checked `Answer`)."""

from .facade import Assistant, Limits
from .stream import MIN_RELEVANCE, AnswerStream

__all__ = ["MIN_RELEVANCE", "AnswerStream", "Assistant", "Limits"]
