"""A throwaway PostgreSQL cluster: `initdb` in a temporary folder, a server on a free local port.

Used by the storage tests and by `bench/fault_database.py`. PostgreSQL refuses to run as root, so
as root the cluster belongs to the `postgres` user (Debian's package creates it) and the commands
run through `runuser`. `find_binaries` says why no cluster can be started, for a clear skip.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def find_binaries() -> tuple[Path | None, str]:
    """Return (the folder holding initdb and pg_ctl, "") or (None, the reason none can be used)."""
    candidates = [shutil.which("initdb"), *sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)]
    found = next((Path(c).resolve().parent for c in candidates if c), None)
    if found is None:
        return None, "PostgreSQL's initdb was not found (apt-get install postgresql; .ci/run does it)"
    if os.geteuid() == 0 and not _user_exists("postgres"):
        return None, "running as root and there is no 'postgres' user to run the server as"
    return found, ""


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayCluster:
    """One PostgreSQL server in a temporary folder; `start`, `stop` and `start` again, then `destroy`."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        # As root, under /tmp: a TMPDIR of root's own may not be traversable by the postgres user.
        self.root = Path(tempfile.mkdtemp(prefix="ddi-pg-", dir="/tmp" if self.as_root else None))
        self.data = self.root / "data"
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        os.chmod(self.root, 0o700)
        self._run("initdb", "-D", str(self.data), "-U", "ddi", "--auth=trust", "--no-sync", "-E", "UTF8")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://ddi@127.0.0.1:{self.port}/{database}"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.binaries / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.root)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self, name: str) -> str:
        """Create an empty database; return its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def started_cluster(skip):
    """Yield a started throwaway cluster, destroyed afterwards; call `skip(reason)` if none can be started."""
    binaries, why = find_binaries()
    if binaries is None:
        skip(f"no PostgreSQL server can be started: {why}")
    cluster = ThrowawayCluster(binaries)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.destroy()
