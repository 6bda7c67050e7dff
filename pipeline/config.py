"""`newsld.toml` merged with command-line options into one immutable `Config`."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
from .model import Organization

DEFAULT_BASE = "https://newsld.example/"
"""Used when neither `newsld.toml` nor `--base` names one; `.example` is reserved, so it can never clash with a real site."""

CONFIG_FILE = "newsld.toml"


@dataclass(frozen=True)
class Config:
    base: str = DEFAULT_BASE
    language: str = "en"
    publisher: Organization | None = None

    def with_options(self, base: str | None = None, language: str | None = None) -> Config:
        """Command-line options win over the file."""
        return replace(
            self,
            base=_normalise_base(base) if base else self.base,
            language=language or self.language,
        )


def _normalise_base(base: str) -> str:
    if not base.startswith(("http://", "https://")):
        raise InputError("--base", f"base IRI must start with http:// or https://, got {base!r}")
    return base if base.endswith(("/", "#")) else base + "/"


def load_config(path: Path | None = None) -> Config:
    """Read `path`, or `./newsld.toml` when it exists, else the defaults."""
    if path is None:
        path = Path(CONFIG_FILE)
        if not path.exists():
            return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "configuration file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"not valid TOML: {exc}") from None
    pub = data.get("publisher")
    publisher = None
    if pub is not None:
        if not isinstance(pub, dict) or not isinstance(pub.get("name"), str):
            raise InputError(str(path), "[publisher] needs at least name = \"...\"")
        publisher = Organization(name=pub["name"], url=pub.get("url"), logo=pub.get("logo"))
    return Config(
        base=_normalise_base(data["base"]) if "base" in data else DEFAULT_BASE,
        language=str(data.get("language", "en")),
        publisher=publisher,
    )
