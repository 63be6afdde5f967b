"""The reference embedder runtime: sentence-transformers in fp32 on torch.

~4x slower than `onnx_int8` on 2 cores (25-27 chunks/s), kept as the reference the int8
export is checked against and for users who want exact fp32 vectors.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..runtime import set_threads
from .package import EMBED_BATCH, EMBED_MAX_TOKENS, embedder_path


class TorchEmbedder:
    """Implements `Embedder` with the bundled model's sentence-transformers folder."""

    def __init__(self, name: str, threads: int = 0) -> None:
        from sentence_transformers import SentenceTransformer

        set_threads(threads)
        self.name = name
        self._model = SentenceTransformer(str(embedder_path()), device="cpu")
        self._model.max_seq_length = EMBED_MAX_TOKENS

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = self._model.encode(
            list(texts), batch_size=EMBED_BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return [v.tolist() for v in vectors]
