"""Attention for a decoded token: the query's heads packed onto the key/value heads.

transformers' "sdpa" attention hands torch's SDPA the grouped key/value heads with
`enable_gqa=True` whenever there is no mask (a batch of one, every call here). On CPU
(torch 2.13) that path is slow for one query token: 0.51 ms per layer call with 271 cached
tokens and 1.64 ms with 800, against 0.05 and 0.10 ms for the same attention with the
query's 12 heads reshaped onto the 2 key/value heads (6 query rows each, transformers' own
`pack_gqa`, which it takes only when a mask is given) — equal to the bit (ad hoc
micro-benchmark, 2 threads, bf16, 2026-12-06). With 28 layers and a seed prompt of ~800
tokens that was ~45 ms of every generated token. Prompts (many query tokens) keep
transformers' sdpa: there `enable_gqa` is the faster (900 tokens: 26 vs 29 ms with
`repeat_kv`).
Does not: change which tokens attend to which (masks are transformers' sdpa masks).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

NAME = "news_assistant_sdpa"


def pack_decode_attention(model: Any) -> None:
    """Switch `model` to sdpa attention that packs a single query token's heads."""
    _register()
    model.set_attn_implementation(NAME)


@lru_cache(maxsize=1)
def _register() -> None:
    from transformers import AttentionInterface
    from transformers.masking_utils import AttentionMaskInterface, sdpa_mask

    AttentionInterface.register(NAME, packed_decode_attention)
    AttentionMaskInterface.register(NAME, sdpa_mask)  # the masks "sdpa" gets


def packed_decode_attention(
    module: Any,
    query: Any,
    key: Any,
    value: Any,
    attention_mask: Any,
    dropout: float = 0.0,
    scaling: float | None = None,
    **kwargs: Any,
) -> tuple[Any, None]:
    """transformers' sdpa attention, but one query token runs on the grouped heads."""
    import torch
    from transformers.integrations.sdpa_attention import pack_gqa, sdpa_attention_forward

    groups = getattr(module, "num_key_value_groups", 1)
    special = kwargs.get("position_bias") is not None or kwargs.get("softcap") is not None
    if query.shape[2] != 1 or groups == 1 or special:
        return sdpa_attention_forward(
            module, query, key, value, attention_mask, dropout=dropout, scaling=scaling, **kwargs
        )
    out = torch.nn.functional.scaled_dot_product_attention(
        pack_gqa(query, groups),  # [batch, kv heads, groups, dim]
        key,
        value,
        attn_mask=pack_gqa(attention_mask, groups),
        dropout_p=dropout,
        scale=scaling,
    )
    # back to [batch, 1, heads, dim], as transformers' sdpa returns it
    return out.reshape(out.shape[0], -1, 1, value.shape[-1]).transpose(1, 2).contiguous(), None
