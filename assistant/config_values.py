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
