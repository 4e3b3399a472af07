"""Time the shared-state operations on PostgreSQL beside SQLite, in process (never asserts).

    python bench/store_bench.py [--repeat 500]

The two calls every CDS Hooks request may make: the JWT `jti` check (one INSERT ... ON CONFLICT)
and recording one feedback item. PostgreSQL is a throwaway local cluster run with fsync=off, so
its figures are the round trip and the statement, not a durable disk write; SQLite (WAL,
synchronous=NORMAL) is the embedded default, timed in the same run as the baseline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import summary, time_ms
from service.storage.postgres import PostgresStore
from service.storage.sqlite import SqliteStore
from tests.storage.pgcluster import ThrowawayCluster, find_binaries


def _new_token(store) -> bool:
    return store.first_use_of_token("iss", str(uuid.uuid4()), time.time() + 60)


def _new_feedback(store) -> tuple[int, int]:
    item = {"card": str(uuid.uuid4()), "outcome": "overridden", "outcomeTimestamp": "2026-12-01T10:00:00Z"}
    return store.record_feedback("svc", [item])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=500)
    args = parser.parse_args()
    binaries, why = find_binaries()
    if binaries is None:
        sys.exit(f"no PostgreSQL server can be started: {why}")
    cluster = ThrowawayCluster(binaries)
    cluster.start()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            stores = {
                "sqlite (baseline)": SqliteStore(Path(scratch) / "state.sqlite3"),
                "postgresql": PostgresStore(cluster.create_database("ddi_bench")),
            }
            for name, store in stores.items():
                store.first_use_of_token("iss", "warm-up", time.time() + 60)  # schema and connection
                jti = time_ms(lambda s=store: _new_token(s), args.repeat)
                feedback = time_ms(lambda s=store: _new_feedback(s), args.repeat)
                print(f"{name:<18} jti check       {summary(jti)}")
                print(f"{name:<18} feedback item   {summary(feedback)}")
                store.close()
    finally:
        cluster.destroy()


if __name__ == "__main__":
    main()
