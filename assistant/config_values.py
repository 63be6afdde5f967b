"""Reading setting values: a TOML file, and strings from the environment coerced to the type
of the field they set. No defaults and no checks here; those are `settings.Settings`'s.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import ConfigError


def coerce(fields: Mapping[str, dataclasses.Field[Any]], name: str, value: Any) -> Any:
    """`value` (from TOML or the environment) as the type of the field `name`."""
    f = fields.get(name)
    if f is None:
        raise ConfigError(f"unknown setting {name!r}; known: {', '.join(sorted(fields))}")
    kind = f.type if isinstance(f.type, str) else f.type.__name__
    try:
        if kind == "Path":
            return Path(os.path.expanduser(str(value)))
        if kind == "bool":
            return _boolean(value)
        if kind in ("int", "float"):
            if isinstance(value, bool):
                raise ValueError("a boolean is not a number")
            return int(value) if kind == "int" else float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot use {value!r} ({exc})") from exc


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected true or false")


def read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    # Accept either top-level keys or an [assistant] table.
    section = data.get("assistant", data)
    if not isinstance(section, dict):
        raise ConfigError(f"config file {path}: [assistant] must be a table")
    return dict(section)


def gather(
    fields: Mapping[str, dataclasses.Field[Any]],
    prefix: str,
    default_file: str,
    config_file: str | Path | None,
    env: Mapping[str, str],
    overrides: Mapping[str, Any],
) -> dict[str, Any]:
    """Setting values, coerced: a TOML file's (`config_file`, else the file named by
    `<prefix>CONFIG`, else `default_file` if present), then `<prefix><FIELD>` environment
    variables, then `overrides` that are not None."""
    values: dict[str, Any] = {}
    path = config_file or env.get(prefix + "CONFIG")
    if path is None and Path(default_file).is_file():
        path = default_file
    if path is not None:
        values.update(read_toml(Path(path)))
    for name in fields:
        raw = env.get(prefix + name.upper())
        if raw is not None:
            values[name] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    return {name: coerce(fields, name, value) for name, value in values.items()}


def describe(settings: Any, secret: set[str]) -> list[tuple[str, str, str]]:
    """(name, value, help) for every field of a settings dataclass; the `secret` ones as
    "(set)" or empty."""
    rows = []
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        shown = ("(set)" if value else "") if f.name in secret else str(value)
        rows.append((f.name, shown, f.metadata.get("help", "")))
    return rows
