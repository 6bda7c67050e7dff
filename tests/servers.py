"""Start real SPARQL servers (Oxigraph, Virtuoso) on 127.0.0.1 for the test suite.

A plain module, not a conftest: tests import `start_oxigraph` / `start_virtuoso`
and wrap them in their own fixtures, e.g.

    @pytest.fixture(scope="session")
    def oxigraph(tmp_path_factory):
        server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
        yield server
        server.stop()

Both servers bind 127.0.0.1 only; start-up waits are bounded and raise
`ServerStartError` with the tail of the server's log.

HTTP behaviour worth knowing (checked by tests/test_servers_smoke.py):

* Oxigraph: a Graph Store request to /store without ?graph=/?default is a
  request on the whole dataset -- `PUT /store` (or `PUT /store?graph-uri=...`,
  an unknown parameter) REPLACES EVERY GRAPH.  Only ever send `?graph=IRI`.
* Virtuoso 7.2.5: POST /sparql with Content-Type application/sparql-query hangs
  (no response); send queries as GET ?query= or form-encoded POST.
* Virtuoso 7.2.5: blank nodes in INSERT DATA are refused (HTTP 400, SP031);
  `INSERT { GRAPH <g> { ... } } WHERE {}` works on both servers.
* Virtuoso: POST of N-Quads to /sparql-graph-crud without ?graph= answers 200 with
  an HTML page and stores nothing.
* Oxigraph answers RDF without a charset parameter; decode `response.content`
  as UTF-8 rather than using `response.text`.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

HOST = "127.0.0.1"
VIRTUOSO_BIN = "virtuoso-t"
ISQL_BIN = "isql-vt"
OXIGRAPH_START_TIMEOUT = 20.0
VIRTUOSO_START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0

# Digest-auth user created in every Virtuoso instance (for the *-auth endpoints).
VIRTUOSO_USER = "newsld"
VIRTUOSO_PASSWORD = "newsld-test-secret"
VIRTUOSO_DBA_PASSWORD = "dba"  # default of a fresh database; loopback-only server

_running: list["Server"] = []


class ServerStartError(RuntimeError):
    """A server did not come up within its time limit (message has the log tail)."""


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _tail(path: Path | None, lines: int = 40) -> str:
    if path is None or not path.exists():
        return "(no log)"
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:]) or "(empty log)"


@dataclass
class Server:
    kind: str  # "oxigraph" | "virtuoso"
    base_url: str
    query_url: str
    update_url: str
    graph_store_url: str
    pid: int | None = None
    workdir: Path | None = None
    log_path: Path | None = None
    startup_seconds: float | None = None
    sql_port: int | None = None  # Virtuoso only: its SQL (isql) port
    # Virtuoso only: Digest-authenticated endpoints and their user.
    auth_user: str | None = None
    auth_password: str | None = None
    query_auth_url: str | None = None
    graph_store_auth_url: str | None = None
    # Internal: how to (re)start the process and how to tell it is up.
    _argv: list[str] = field(default_factory=list, repr=False)
    _extra_logs: list[Path] = field(default_factory=list, repr=False)
    _timeout: float = field(default=30.0, repr=False)
    _proc: subprocess.Popen | None = field(default=None, repr=False)

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> "Server":
        """Start the process and wait (bounded) until its query endpoint answers."""
        if self.is_running():
            return self
        assert self._argv, "no command to start"
        assert self.log_path is not None
        started = time.monotonic()
        log = open(self.log_path, "ab")
        try:
            self._proc = subprocess.Popen(
                self._argv,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C in pytest does not hit the server first
                preexec_fn=_die_with_parent,
            )
        finally:
            log.close()
        self.pid = self._proc.pid
        if self not in _running:
            _running.append(self)
        try:
            self._wait_until_up(started + self._timeout)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after STOP_TIMEOUT seconds; idempotent."""
        pid, proc = self.pid, self._proc
        self.pid, self._proc = None, None
        if self in _running:
            _running.remove(self)
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        if not _wait_exit(pid, proc, STOP_TIMEOUT):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _wait_exit(pid, proc, STOP_TIMEOUT)

    def restart(self) -> "Server":
        """Stop and start again on the same ports and data directory (data is kept)."""
        self.stop()
        return self.start()

    def is_running(self) -> bool:
        if self.pid is None:
            return False
        if self._proc is not None:
            return self._proc.poll() is None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def log_tail(self, lines: int = 40) -> str:
        parts = [_tail(self.log_path, lines)]
        parts += [f"--- {p.name} ---\n{_tail(p, lines)}" for p in self._extra_logs if p.exists()]
        return "\n".join(parts)

    # -- internals -------------------------------------------------------------

    def _wait_until_up(self, deadline: float) -> None:
        last = "no answer yet"
        while time.monotonic() < deadline:
            if not self.is_running():
                code = self._proc.returncode if self._proc is not None else "?"
                raise ServerStartError(
                    f"{self.kind} exited during start-up (exit code {code}); "
                    f"log {self.log_path}:\n{self.log_tail()}"
                )
            try:
                response = requests.get(
                    self.query_url,
                    params={"query": "ASK {}"},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=2,
                )
                if response.status_code == 200:
                    return
                last = f"HTTP {response.status_code}"
            except requests.RequestException as exc:
                last = type(exc).__name__
            time.sleep(0.1)
        raise ServerStartError(
            f"{self.kind} did not answer {self.query_url} within {self._timeout:.0f} s "
            f"(last: {last}); log {self.log_path}:\n{self.log_tail()}"
        )


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the test process dies, even by SIGKILL (Linux)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _wait_exit(pid: int, proc: subprocess.Popen | None, timeout: float) -> bool:
    if proc is not None:
        try:
            proc.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@atexit.register
def _stop_all() -> None:
    for server in list(_running):
        server.stop()


# -- Oxigraph ---------------------------------------------------------------------


def oxigraph_executable() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    return shutil.which("oxigraph")


def oxigraph_available() -> bool:
    return oxigraph_executable() is not None


def start_oxigraph(tmpdir: str | os.PathLike) -> Server:
    """`oxigraph serve` on a fresh 127.0.0.1 port with its store in `tmpdir`/db."""
    exe = oxigraph_executable()
    if exe is None:
        raise ServerStartError("oxigraph executable not found beside sys.executable or on PATH")
    workdir = Path(tmpdir)
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = Server(
        kind="oxigraph",
        base_url=base,
        query_url=f"{base}/query",
        update_url=f"{base}/update",
        graph_store_url=f"{base}/store",
        workdir=workdir,
        log_path=workdir / "oxigraph.log",
        _argv=[exe, "serve", "--location", str(workdir / "db"), "--bind", f"{HOST}:{port}"],
        _timeout=OXIGRAPH_START_TIMEOUT,
    )
    return server.start()


# -- Virtuoso -----------------------------------------------------------------------


def virtuoso_available() -> bool:
    return shutil.which(VIRTUOSO_BIN) is not None and shutil.which(ISQL_BIN) is not None


VIRTUOSO_INI = """\
; written by tests/servers.py -- a throw-away Virtuoso for the test suite
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort            = {host}:{sql_port}
DisableUnixSocket     = 1
DisableTcpSocket      = 0
MaxClientConnections  = 10
CheckpointInterval    = 60
O_DIRECT              = 0
CaseMode              = 2
MaxStaticCursorRows   = 5000
AllowOSCalls          = 0
DirsAllowed           = ., {dir}
ThreadsPerQuery       = 2
AsyncQueueMaxThreads  = 4
NumberOfBuffers       = {buffers}
MaxDirtyBuffers       = {dirty_buffers}
MaxQueryMem           = 100M
VectorSize            = 1000
MaxVectorSize         = 1000000

[HTTPServer]
ServerPort                  = {host}:{http_port}
ServerRoot                  = {dir}
MaxClientConnections        = 10
ServerThreads               = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[Replication]
ServerName   = newsld-test
ServerEnable = 0

[URIQA]
DynamicLocal = 0
DefaultHost  = {host}:{http_port}

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
DeferInferenceRulesInit    = 0
"""

# Anonymous /sparql runs as SQL user "SPARQL"; /sparql-graph-crud as well.
VIRTUOSO_SETUP_SQL = """\
GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.USER_CREATE('{user}', '{password}');
GRANT SPARQL_SELECT TO "{user}";
GRANT SPARQL_UPDATE TO "{user}";
"""


def write_virtuoso_ini(workdir: Path, http_port: int, sql_port: int,
                       buffers: int = 2000, dirty_buffers: int = 1500) -> Path:
    ini = workdir / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(dir=workdir, host=HOST, http_port=http_port, sql_port=sql_port,
                            buffers=buffers, dirty_buffers=dirty_buffers),
        encoding="utf-8",
    )
    return ini


def virtuoso_isql(server: Server, sql: str, timeout: float = 30.0) -> str:
    """Run SQL statements through isql-vt as dba; raise on any `*** Error`."""
    assert server.workdir is not None
    script = server.workdir / "isql-input.sql"
    script.write_text(sql, encoding="utf-8")
    result = subprocess.run(
        [ISQL_BIN, f"{HOST}:{server.sql_port}", "dba", VIRTUOSO_DBA_PASSWORD, str(script)],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql-vt failed (exit {result.returncode}):\n{output}")
    return output


def start_virtuoso(tmpdir: str | os.PathLike) -> Server:
    """virtuoso-t in the foreground with a fresh database in `tmpdir`, set up so that
    anonymous /sparql accepts SPARQL Update and /sparql-graph-crud accepts PUT/GET/
    POST/DELETE, plus a Digest user for /sparql-auth and /sparql-graph-crud-auth."""
    if not virtuoso_available():
        raise ServerStartError(f"{VIRTUOSO_BIN} / {ISQL_BIN} not found on PATH")
    workdir = Path(tmpdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    ini = write_virtuoso_ini(workdir, http_port, sql_port)
    base = f"http://{HOST}:{http_port}"
    server = Server(
        kind="virtuoso",
        base_url=base,
        query_url=f"{base}/sparql",
        update_url=f"{base}/sparql",
        graph_store_url=f"{base}/sparql-graph-crud",
        workdir=workdir,
        log_path=workdir / "virtuoso.stdout.log",
        sql_port=sql_port,
        auth_user=VIRTUOSO_USER,
        auth_password=VIRTUOSO_PASSWORD,
        query_auth_url=f"{base}/sparql-auth",
        graph_store_auth_url=f"{base}/sparql-graph-crud-auth",
        _argv=[shutil.which(VIRTUOSO_BIN) or VIRTUOSO_BIN, "+foreground", "+configfile", str(ini)],
        _extra_logs=[workdir / "virtuoso.log"],
        _timeout=VIRTUOSO_START_TIMEOUT,
    )
    started = time.monotonic()
    server.start()
    try:
        virtuoso_isql(server, VIRTUOSO_SETUP_SQL.format(user=VIRTUOSO_USER, password=VIRTUOSO_PASSWORD))
    except BaseException as exc:
        tail = server.log_tail()
        server.stop()
        raise ServerStartError(f"virtuoso set-up via isql failed: {exc}\nlog:\n{tail}") from exc
    server.startup_seconds = time.monotonic() - started  # including the isql set-up
    return server


# -- newsld serve -------------------------------------------------------------------


def start_newsld_serve(workdir: str | os.PathLike, *arguments: str, port: int | None = None) -> Server:
    """`newsld serve ARGUMENTS --port P` (loopback) from the venv beside sys.executable, its log in `workdir`."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    base = f"http://{HOST}:{port}"
    newsld = str(Path(sys.executable).with_name("newsld"))
    server = Server(
        kind="newsld serve",
        base_url=base,
        query_url=f"{base}/sparql",
        update_url=f"{base}/sparql",
        graph_store_url=f"{base}/",
        workdir=workdir,
        log_path=workdir / "serve.log",
        _argv=[newsld, "serve", *arguments, "--host", HOST, "--port", str(port)],
        _timeout=OXIGRAPH_START_TIMEOUT,
    )
    return server.start()
