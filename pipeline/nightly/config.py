"""The nightly run's settings: a TOML file (``khooshe.toml``) under command-line overrides.

Every key is optional; paths in the file are relative to the file's folder, paths on the command line
to the current folder. A mistake in the file is one :class:`~pipeline.errors.ConfigError` line naming
the file, the key and what was expected (exit code 2), raised before anything is locked or written.
See ``khooshe.example.toml`` for every key.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import ConfigError

DEFAULT_CONFIG = "khooshe.toml"

# Engines by name; pipeline.batch.engine_for builds them.
ENGINES = ("local", "pool", "dask")


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class Config:
    inbox: list[str] = field(default_factory=list)
    db: str = os.path.join("outputs", "khooshe.db")
    workers: int = field(default_factory=default_workers)
    engine: str | None = None        # None: "dask" with a scheduler, "pool" with more than one worker, else "local"
    scheduler: str | None = None     # a Dask scheduler's address (engine "dask"); None: a local cluster
    log_dir: str | None = None       # None: "logs" beside the database
    report_dir: str | None = None    # None: "reports" beside the database
    max_attempts: int = 3            # a file failing this often on the same bytes is held until it changes; 0 = always retry
    reextract: bool = True           # re-extract stored documents when an extractor's version changes
    source: str | None = None        # the TOML file read, if any

    @property
    def engine_name(self) -> str:
        if self.engine:
            return self.engine
        return "dask" if self.scheduler else ("pool" if self.workers > 1 else "local")

    @property
    def logs(self) -> str:
        return self.log_dir or os.path.join(os.path.dirname(self.db) or ".", "logs")

    @property
    def reports(self) -> str:
        return self.report_dir or os.path.join(os.path.dirname(self.db) or ".", "reports")


def _positive_int(name: str, value: Any, where: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{where}: {name!r} must be an integer of at least {minimum}, not {value!r}")
    return value


def _scheduler(value: Any, where: str) -> str:
    """A Dask scheduler address: tcp://host:port (or another Dask protocol), or host:port."""
    import re

    if not isinstance(value, str) or not re.fullmatch(r"(?:[a-z][a-z0-9+.-]*://)?[^\s/:]+(?::\d+)?/?", value.strip()):
        raise ConfigError(f"{where}: 'scheduler' must be a Dask scheduler address such as "
                          f"tcp://10.0.0.5:8786, not {value!r}")
    return value.strip()


def _path(value: Any, name: str, where: str, base: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {name!r} must be a path (a string), not {value!r}")
    return os.path.normpath(os.path.join(base, os.path.expanduser(value)))


def _from_mapping(data: dict[str, Any], where: str, base: str) -> dict[str, Any]:
    known = {"inbox", "db", "workers", "engine", "scheduler", "log_dir", "report_dir", "max_attempts", "reextract"}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r}; the keys are {', '.join(sorted(known))}")
        if key == "inbox":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not value:
                raise ConfigError(f"{where}: 'inbox' must be a folder or a list of folders, not {value!r}")
            out["inbox"] = [_path(v, "inbox", where, base) for v in value]
        elif key in ("db", "log_dir", "report_dir"):
            out[key] = _path(value, key, where, base)
        elif key == "workers":
            out["workers"] = _positive_int("workers", value, where)
        elif key == "max_attempts":
            out["max_attempts"] = _positive_int("max_attempts", value, where, minimum=0)
        elif key == "engine":
            if value not in ENGINES:
                raise ConfigError(f"{where}: 'engine' must be one of {', '.join(ENGINES)}, not {value!r}")
            out["engine"] = value
        elif key == "scheduler":
            out["scheduler"] = _scheduler(value, where)
        elif key == "reextract":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: 'reextract' must be true or false, not {value!r}")
            out["reextract"] = value
    return out


def read_file(path: str) -> dict[str, Any]:
    """The settings of a TOML file: top-level keys, or the same keys under a ``[khooshe]`` table."""
    import tomllib

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid TOML: the file is not UTF-8") from None
    if set(data) == {"khooshe"} and isinstance(data["khooshe"], dict):
        data = data["khooshe"]
    return _from_mapping(data, path, os.path.dirname(os.path.abspath(path)))


def load(config_path: str | None = None, **overrides: Any) -> Config:
    """The run's Config: defaults, then the file (``config_path``, or ./khooshe.toml when it exists), then
    the non-None ``overrides`` (command-line values; ``inbox`` paths replace the file's folders)."""
    settings: dict[str, Any] = {}
    if config_path is None and os.path.isfile(DEFAULT_CONFIG):
        config_path = DEFAULT_CONFIG
    if config_path is not None:
        settings = read_file(config_path)
    where = "command line"
    for key, value in overrides.items():
        if value is None or (key == "inbox" and not value):
            continue
        if key == "inbox":
            value = [os.path.abspath(p) for p in value]
        elif key in ("db", "log_dir", "report_dir"):
            value = os.path.abspath(value) if key != "db" else value
        elif key == "workers":
            value = _positive_int("--workers", value, where)
        elif key == "max_attempts":
            value = _positive_int("--max-attempts", value, where, minimum=0)
        elif key == "scheduler":
            value = _scheduler(value, "--scheduler")
        settings[key] = value
    config = Config(**settings, source=config_path)
    if not config.inbox:
        raise ConfigError("nothing to read: give PATH... on the command line or set 'inbox' in "
                          f"{config_path or DEFAULT_CONFIG}")
    missing = [p for p in config.inbox if not os.path.exists(p)]
    if missing:
        raise ConfigError(f"inbox {missing[0]} does not exist" + (f" (from {config_path})" if config_path else ""))
    return config
