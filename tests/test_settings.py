import dataclasses
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.settings import Settings


def test_defaults_env_and_toml_layering(tmp_path):
    toml = tmp_path / "a.toml"
    toml.write_text('[assistant]\ntop_k = 3\nindex_dir = "/tmp/x"\n')
    s = Settings.load(toml, env={"ASSISTANT_TOP_K": "2"})
    assert s.top_k == 2  # env beats the file
    assert s.index_dir == Path("/tmp/x")
    assert s.candidates == Settings().candidates


def test_overrides_win_and_none_is_ignored(tmp_path):
    s = Settings.load(env={"ASSISTANT_INDEX_DIR": "/a"}, index_dir=None)
    assert s.index_dir == Path("/a")
    assert Settings.load(env={}, index_dir=Path("/b")).index_dir == Path("/b")


@pytest.mark.parametrize(
    "raw, value", [("false", False), ("0", False), ("Off", False), ("yes", True)]
)
def test_booleans_from_the_environment(raw, value):
    assert Settings.load(env={"ASSISTANT_INT4_DECODE": raw}).int4_decode is value


def test_booleans_from_toml(tmp_path):
    toml = tmp_path / "a.toml"
    toml.write_text("int4_decode = false\n")
    assert Settings.load(toml, env={}).int4_decode is False
    assert Settings().int4_decode is True


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().top_k = 9  # type: ignore[misc]


@pytest.mark.parametrize(
    "env, message",
    [
        ({"ASSISTANT_TOP_K": "many"}, "top_k"),
        ({"ASSISTANT_CHUNK_TOKENS": "1000"}, "chunk_tokens"),
        ({"ASSISTANT_TOP_K": "20", "ASSISTANT_CANDIDATES": "5"}, "candidates"),
        ({"ASSISTANT_INT4_DECODE": "maybe"}, "int4_decode.*true or false"),
        ({"ASSISTANT_PROMPT_WEIGHTS_GIB": "-1"}, "prompt_weights_gib must be a number ≥ 0"),
        ({"ASSISTANT_PROMPT_WEIGHTS_GIB": "inf"}, "prompt_weights_gib must be a number ≥ 0"),
        ({"ASSISTANT_REFUSAL_THRESHOLD": "nan"}, "refusal_threshold must be a number ≥ 0"),
    ],
)
def test_bad_values_are_reported(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.load(env=env)


def test_unknown_key_and_bad_toml(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        Settings.load(bad, env={})
    broken = tmp_path / "broken.toml"
    broken.write_text("top_k = = 1\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Settings.load(broken, env={})
    with pytest.raises(ConfigError, match="not found"):
        Settings.load(tmp_path / "missing.toml", env={})


def test_describe_lists_every_field_with_help():
    rows = Settings().describe()
    assert {name for name, _, _ in rows} >= {"index_dir", "top_k", "model_cache_dir"}
    assert all(help_text for _, _, help_text in rows)
