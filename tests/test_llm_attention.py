"""Decode attention on packed heads: the same numbers as transformers' sdpa, another kernel."""

import pytest

from assistant.llm.attention import pack_decode_attention

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")


def tiny_model():
    config = transformers.Qwen2Config(
        vocab_size=32,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,  # two query heads per key/value head, as in the real model
    )
    torch.manual_seed(0)
    return transformers.Qwen2ForCausalLM(config).eval()


def greedy(model, ids, steps=12):
    with torch.inference_mode():
        out = model.generate(
            ids,
            max_new_tokens=steps,
            do_sample=False,
            output_scores=True,
            return_dict_in_generate=True,
            pad_token_id=0,
        )
    return out.sequences, torch.stack(out.scores)


def test_decoding_gives_what_sdpa_gives():
    ids = torch.randint(1, 32, (1, 20), generator=torch.Generator().manual_seed(1))
    model = tiny_model()
    tokens, scores = greedy(model, ids)
    pack_decode_attention(model)
    packed_tokens, packed_scores = greedy(model, ids)
    assert torch.equal(tokens, packed_tokens)
    assert torch.allclose(scores, packed_scores, atol=1e-5)


def test_a_prompt_continuing_a_kept_cache_is_still_causal():
    """Several new tokens after a cached prefix take sdpa's masked path: the mask must be
    the one "sdpa" gets (a custom attention without one would see no mask at all)."""
    prefix = torch.randint(1, 32, (1, 16), generator=torch.Generator().manual_seed(2))
    rest = torch.randint(1, 32, (1, 6), generator=torch.Generator().manual_seed(3))
    model = tiny_model()
    with torch.inference_mode():
        whole = model(torch.cat([prefix, rest], dim=1)).logits[:, -6:]
        pack_decode_attention(model)
        cache = model(prefix, use_cache=True).cache
        continued = model(rest, cache=cache, use_cache=True).logits
    assert torch.allclose(whole, continued, atol=1e-5)


def test_one_new_token_runs_on_the_key_value_heads(monkeypatch):
    calls = []
    sdpa = torch.nn.functional.scaled_dot_product_attention

    def spy(query, key, value, **kwargs):
        calls.append((tuple(query.shape), kwargs.get("enable_gqa", False)))
        return sdpa(query, key, value, **kwargs)

    monkeypatch.setattr(torch.nn.functional, "scaled_dot_product_attention", spy)
    model = tiny_model()
    pack_decode_attention(model)
    with torch.inference_mode():
        cache = model(torch.tensor([[1, 2, 3, 4]]), use_cache=True).cache
        calls.clear()
        model(torch.tensor([[5]]), cache=cache, use_cache=True)
    # per layer: [batch, 2 key/value heads, 2 query heads each, head dim], no enable_gqa
    assert calls == [((1, 2, 2, 16), False)] * 2
