"""Running the application under gunicorn: worker processes, access log on stderr, Ctrl-C stops cleanly.

Each worker builds its own application after the fork (`load`), so each has its
own store reader (its locks and read-only handle) and its own document cache.
Workers are gunicorn's synchronous ones: one request at a time per process, which
the store reader's locks and the SPARQL child processes rely on.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from gunicorn.app.base import BaseApplication


@dataclass(frozen=True)
class Listen:
    host: str
    port: int
    workers: int
    timeout: float  # gunicorn kills a worker silent for longer
    verbosity: int = 0  # -1 errors only (no access log), 0 access log and gunicorn's notices, 1 gunicorn's debug


class Server(BaseApplication):
    """gunicorn with the settings of `newsld serve`, the WSGI app made by `factory` in each worker."""

    def __init__(self, factory: Callable[[], Any], listen: Listen) -> None:
        self.factory, self.listen = factory, listen
        super().__init__()

    def load_config(self) -> None:
        settings = {
            "bind": f"[{self.listen.host}]:{self.listen.port}" if ":" in self.listen.host
            else f"{self.listen.host}:{self.listen.port}",
            "workers": self.listen.workers,
            "worker_class": "sync",
            "accesslog": None if self.listen.verbosity < 0 else "/dev/stderr",
            "errorlog": "-",
            "loglevel": {-1: "error", 0: "info", 1: "debug"}[self.listen.verbosity],
            "timeout": max(30, int(self.listen.timeout) + 20),
            "graceful_timeout": int(self.listen.timeout) + 5,  # a query under way may finish
            "control_socket_disable": True,  # one per server would clash: several may run on one machine
            "proc_name": "newsld-serve",
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.factory()
