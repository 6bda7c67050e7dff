"""The `newsld` command: options, progress, one line per article, exit codes.

Exit codes: 0 every article published, 1 an article had a violation or could
not be read, 2 a usage error (bad option, missing path, bad newsld.toml).
Heavy libraries are imported inside the commands, so `--help` stays fast.
One module per command, each adding itself to the group (`group.main`); what they share is in `common` and
`..console`.
"""
from __future__ import annotations

from . import embed, init, load, prune, publish, query, serve, site, validate  # noqa: F401 - each adds its command
from .group import main

__all__ = ["main"]
