"""Choosing the generator backend, without loading any model."""

import dataclasses
import sys

import pytest

from assistant import runtime
from assistant.errors import ConfigError, ModelError
from assistant.llm import backends, llama_cpp, transformers_backend
from assistant.llm.backends import make_generator
from assistant.llm.llama_cpp import LlamaCppGenerator
from assistant.llm.transformers_backend import TransformersGenerator
from assistant.settings import Settings


@pytest.fixture(autouse=True)
def bf16_cpu(monkeypatch, tmp_path):
    """A CPU with native bf16, unless a test writes other flags into the file returned."""
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("flags\t: fpu avx2 avx512f avx512_bf16\n")
    monkeypatch.setattr(runtime, "CPUINFO", cpuinfo)
    return cpuinfo


def test_auto_prefers_llama_cpp_only_when_installed(monkeypatch, settings):
    monkeypatch.setattr(backends, "llama_cpp_available", lambda: True)
    assert isinstance(make_generator(settings), LlamaCppGenerator)
    monkeypatch.setattr(backends, "llama_cpp_available", lambda: False)
    assert isinstance(make_generator(settings), TransformersGenerator)


def test_explicit_backend_and_dtype_are_obeyed(monkeypatch, settings):
    monkeypatch.setattr(backends, "llama_cpp_available", lambda: True)
    chosen = make_generator(Settings(backend="transformers", torch_dtype="float32"))
    assert isinstance(chosen, TransformersGenerator)
    assert chosen.dtype == "float32"
    assert isinstance(make_generator(Settings(backend="llama-cpp")), LlamaCppGenerator)


def test_int4_decoding_only_with_bf16(settings, monkeypatch):
    monkeypatch.setattr(transformers_backend, "has_amx", lambda: False)
    bf16 = TransformersGenerator(settings.model_cache_dir, dtype="bfloat16")
    assert bf16.int4_decode and bf16.int4_prompts and bf16.kept_bytes == 3 * 2**28
    assert bf16.label.endswith("+ int4 decode and prompts (≤ 0.75 GiB kept unpacked)")
    assert not bf16.kept_int8
    int8 = TransformersGenerator(
        settings.model_cache_dir, dtype="bfloat16", prompt_weights_int8=True
    )
    assert int8.label.endswith("(≤ 0.75 GiB kept unpacked, int8)") and int8.kept_int8
    assert make_generator(
        Settings(backend="transformers", torch_dtype="bfloat16", prompt_weights_int8=True)
    ).kept_int8
    least = TransformersGenerator(
        settings.model_cache_dir, dtype="bfloat16", prompt_weights_gib=0, prompt_weights_int8=True
    )
    assert least.kept_bytes == 0 and least.label.endswith("+ int4 decode and prompts")
    assert not least.kept_int8  # nothing kept: nothing in int8
    decode_only = TransformersGenerator(
        settings.model_cache_dir, dtype="bfloat16", int4_prompts=False
    )
    assert decode_only.label.endswith("+ int4 decode") and decode_only.kept_bytes == 0
    chosen = make_generator(
        Settings(backend="transformers", torch_dtype="bfloat16", prompt_weights_gib=0.25)
    )
    assert isinstance(chosen, TransformersGenerator) and chosen.kept_bytes == 2**28
    default = make_generator(Settings(backend="transformers", torch_dtype="bfloat16"))
    assert default.kept_bytes == bf16.kept_bytes  # one default, or two models get loaded
    assert default.kept_int8 == bf16.kept_int8
    monkeypatch.setattr(transformers_backend, "has_amx", lambda: True)
    amx = TransformersGenerator(
        settings.model_cache_dir, dtype="bfloat16", prompt_weights_int8=True
    )
    assert not amx.kept_int8 and amx.label.endswith("(≤ 0.75 GiB kept unpacked)")
    fp32 = TransformersGenerator(settings.model_cache_dir, dtype="float32", int4_decode=True)
    assert not fp32.int4_decode and fp32.label == "transformers, float32"
    off = make_generator(
        Settings(backend="transformers", torch_dtype="bfloat16", int4_decode=False)
    )
    assert isinstance(off, TransformersGenerator) and not off.int4_decode
    assert not off.int4_prompts  # prompts need the int4 weights the decode path loads


def test_the_int8_head_only_with_bf16(settings):
    bf16 = TransformersGenerator(settings.model_cache_dir, dtype="bfloat16", int4_decode=False)
    assert bf16.int8_head and bf16.label == "transformers, bfloat16 + int8 head"
    fp32 = TransformersGenerator(settings.model_cache_dir, dtype="float32", int8_head=True)
    assert not fp32.int8_head
    off = make_generator(Settings(backend="transformers", torch_dtype="bfloat16", int8_head=False))
    assert isinstance(off, TransformersGenerator) and not off.int8_head
    assert (
        off.label == "transformers, bfloat16 + int4 decode and prompts (≤ 0.75 GiB kept unpacked)"
    )


def test_auto_dtype_follows_the_cpu(bf16_cpu, settings):
    assert transformers_backend.resolve_dtype("auto") == "bfloat16"
    assert transformers_backend.resolve_dtype("auto", int4_decode=False) == "bfloat16"
    native = TransformersGenerator(settings.model_cache_dir)
    assert not native.wide and native.kept_bytes > 0
    bf16_cpu.write_text("flags\t: fpu avx2\n")
    # The 4-bit weights need bf16 activations; without native bf16 GEMM prompts are
    # multiplied in fp32, unpacked per call.
    assert transformers_backend.resolve_dtype("auto") == "bfloat16"
    avx2 = TransformersGenerator(settings.model_cache_dir)
    assert avx2.wide and avx2.int4_decode and avx2.int4_prompts and avx2.kept_bytes == 0
    assert avx2.label == (
        "transformers, bfloat16 (fp32 prompts) + int8 head + int4 decode and prompts"
    )
    assert transformers_backend.resolve_dtype("auto", int4_decode=False) == "float32"
    plain = TransformersGenerator(settings.model_cache_dir, int4_decode=False)
    assert plain.label == "transformers, float32" and not plain.wide
    assert transformers_backend.resolve_dtype("float32") == "float32"
    # Without AVX2 (another architecture, or no /proc/cpuinfo) torch's int4 kernel is scalar.
    bf16_cpu.write_text("flags\t: fpu sse2\n")
    assert transformers_backend.resolve_dtype("auto") == "float32"
    bf16_cpu.unlink()
    assert transformers_backend.resolve_dtype("auto") == "float32"
    assert transformers_backend.resolve_dtype("bfloat16") == "bfloat16"


def test_unknown_backend_or_dtype_is_a_config_error():
    with pytest.raises(ConfigError, match="backend must be one of"):
        Settings.load(env={"ASSISTANT_BACKEND": "vllm"})
    with pytest.raises(ConfigError, match="torch_dtype"):
        Settings.load(env={"ASSISTANT_TORCH_DTYPE": "int3"})


def test_llama_cpp_backend_without_the_package_names_the_install(monkeypatch, settings):
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` fail
    monkeypatch.setattr(llama_cpp, "assemble_gguf", lambda cache_dir, progress=None: cache_dir)
    with pytest.raises(ModelError, match="pip install 'llama-cpp-python'"):
        LlamaCppGenerator(settings.model_cache_dir).load()


class FakeCache:
    def __init__(self, length):
        self.length = length

    def get_seq_length(self):
        return self.length

    def crop(self, tokens_to_remove):
        assert tokens_to_remove < 0
        self.length += tokens_to_remove


def test_the_previous_kv_cache_is_reused_up_to_the_common_prefix(settings):
    gen = TransformersGenerator(settings.model_cache_dir)
    assert gen._reusable_cache([1, 2, 3]) == (None, 0)
    stored = FakeCache(5)
    gen._keep([1, 2, 3, 4, 5], stored)
    past, reused = gen._reusable_cache([1, 2, 3, 9, 9, 9])
    assert reused == 3 and past.length == 3
    assert stored.length == 5  # a copy was cut, not the stored cache
    # The same prompt again: all but its last token, which generation needs to see.
    past, reused = gen._reusable_cache([1, 2, 3, 4, 5])
    assert reused == 4 and past.length == 4
    assert gen._reusable_cache([7, 1, 2]) == (None, 0)


def test_the_kept_cache_sharing_the_longest_prefix_is_reused(settings):
    gen = make_generator(
        Settings(backend="transformers", model_cache_dir=settings.model_cache_dir, kept_caches=2)
    )
    assert isinstance(gen, TransformersGenerator) and gen.kept_caches == 2
    gen._keep([1, 2, 3, 4], FakeCache(4))  # a scored prompt ...
    gen._keep([1, 2, 3, 4, 5, 6], FakeCache(6))  # ... replaced by its generated sequence
    assert [ids for ids, _ in gen._previous] == [[1, 2, 3, 4, 5, 6]]
    gen._keep([1, 7, 8, 9, 9], FakeCache(5))
    # Not the newest: the older prompt shares four tokens with this one, the newest one.
    past, reused = gen._reusable_cache([1, 2, 3, 4, 9, 9])
    assert reused == 4 and past.length == 4
    past, reused = gen._reusable_cache([1, 7, 8, 9, 0])
    assert reused == 4 and past.length == 4
    gen._keep([2, 2], FakeCache(2))  # the oldest of three is dropped
    assert [ids for ids, _ in gen._previous] == [[1, 7, 8, 9, 9], [2, 2]]
    assert gen._reusable_cache([1, 2, 3, 4, 9])[1] == 1


def test_with_reuse_off_no_previous_cache_is_used(settings):
    gen = make_generator(
        Settings(
            backend="transformers",
            model_cache_dir=settings.model_cache_dir,
            reuse_prompt_cache=False,
        )
    )
    assert isinstance(gen, TransformersGenerator) and not gen.reuse_cache
    gen._previous = [([1, 2, 3, 4, 5], FakeCache(5))]
    assert gen._reusable_cache([1, 2, 3, 9]) == (None, 0)


class FakeLlama:
    """Records what the llama.cpp generator asks of its model."""

    def __init__(self):
        self.calls = []
        self.n_tokens = 0

    def reset(self):
        self.calls.append("reset")

    def create_chat_completion(self, **kwargs):
        self.calls.append("complete")
        self.n_tokens = 12

        def chunks():
            yield {"choices": [{"delta": {"content": "Yes"}}]}

        return chunks()


@pytest.mark.parametrize("reuse", [True, False])
def test_llama_cpp_forgets_the_last_prompt_only_with_reuse_off(monkeypatch, settings, reuse):
    llm = FakeLlama()
    gen = LlamaCppGenerator(settings.model_cache_dir, reuse_cache=reuse)
    monkeypatch.setattr(gen, "load", lambda: llm)
    for _ in range(2):
        assert "".join(gen.stream([{"role": "user", "content": "Hi?"}], 5)) == "Yes"
    assert llm.calls == (["complete"] * 2 if reuse else ["reset", "complete"] * 2)
    assert gen.last_usage == (11, 1)


def test_prompt_lookup_is_off_by_default_and_reaches_the_generator(settings):
    off = make_generator(dataclasses.replace(settings, backend="transformers"))
    assert isinstance(off, TransformersGenerator) and off.prompt_lookup_tokens == 0
    on = make_generator(
        dataclasses.replace(settings, backend="transformers", prompt_lookup_tokens=7)
    )
    assert isinstance(on, TransformersGenerator) and on.prompt_lookup_tokens == 7


def test_amx_is_read_from_the_cpu_flags(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text("flags\t\t: fpu avx512_bf16 amx_bf16 amx_tile amx_int8\n")
    assert llama_cpp.has_amx(info)
    info.write_text("flags\t\t: fpu avx2 avx512f\n")
    assert not llama_cpp.has_amx(info)
    assert not llama_cpp.has_amx(tmp_path / "missing")


def test_plain_cpu_buffers_turn_weight_repacking_off_only_inside():
    native = pytest.importorskip("llama_cpp.llama_cpp")  # `make fast`; installed in CI
    assert native.llama_model_default_params().use_extra_bufts
    with llama_cpp.plain_cpu_buffers():
        assert not native.llama_model_default_params().use_extra_bufts
    assert native.llama_model_default_params().use_extra_bufts
