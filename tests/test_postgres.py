"""The Postgres-backed Dagster instance (deploy/dagster-postgres.yaml) with the multiprocess executor.

The test starts Debian's PostgreSQL itself (initdb into a temporary folder, a free port on
localhost, run as the `postgres` user when the tests run as root), creates a database, points
an instance at it with the deployment yaml, and materialises several document partitions in
ONE run through `dagster asset materialize --partition-range` (the default multiprocess
executor: each step in its own process). It stops the server afterwards. Skipped only when
the PostgreSQL binaries or `dagster-postgres` are not installed.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator, Optional

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_YAML = ROOT / "deploy" / "dagster-postgres.yaml"
PG_USER = "dagster"
PG_DB = "dagster_test"


def pg_bin() -> Optional[Path]:
    """The folder of initdb/pg_ctl: on PATH or Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_server_user(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run as `postgres` then."""
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@pytest.fixture(scope="module")
def postgres() -> Iterator[dict[str, str]]:
    """A PostgreSQL server on a free localhost port with an empty database; the DAGSTER_PG_* settings."""
    bindir = pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: install the `postgresql` package")
    pytest.importorskip("dagster_postgres", reason="dagster-postgres is not installed (make setup)")
    if os.geteuid() == 0:
        try:
            server = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run the server")
    work = Path(tempfile.mkdtemp(prefix="pg-test-", dir="/tmp"))
    data, sock = work / "data", work / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        for path in (work, sock):
            os.chown(path, server.pw_uid, server.pw_gid)
    port = free_port()
    subprocess.run(as_server_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", PG_USER,
                                   "-E", "UTF8"]), check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "60",
                                   "-l", str(work / "server.log"), "start"]), check=True, capture_output=True, timeout=120)
    try:
        import psycopg2

        con = psycopg2.connect(host="127.0.0.1", port=port, user=PG_USER, dbname="postgres")
        con.autocommit = True
        con.cursor().execute(f"CREATE DATABASE {PG_DB}")
        con.close()
        yield {"DAGSTER_PG_HOST": "127.0.0.1", "DAGSTER_PG_PORT": str(port), "DAGSTER_PG_USER": PG_USER,
               "DAGSTER_PG_PASSWORD": "", "DAGSTER_PG_DB": PG_DB}
    finally:
        subprocess.run(as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True, timeout=120)
        shutil.rmtree(work, ignore_errors=True)


def test_postgres_instance_multiprocess_batch(postgres: dict[str, str], tmp_path: Path) -> None:
    import dagster as dg

    from pipelines import store

    home, raw, out = tmp_path / "home", tmp_path / "raw", tmp_path / "out"
    home.mkdir()
    raw.mkdir()
    shutil.copy(DEPLOY_YAML, home / "dagster.yaml")
    for i in range(4):
        (raw / f"meeting-{i}.txt").write_text(
            f"Workshop {i}\n\nSession 1 – Rivers\n- Sediment budgets, Anna de Vries, Utrecht University\n"
            f"- Fish passage, Marco Bianchi, University of Padua\n", encoding="utf-8")
    keys = list(store.list_documents(raw))
    env = {**os.environ, **postgres, "DAGSTER_HOME": str(home), "PROGRAMME_INGEST_RAW": str(raw),
           "PROGRAMME_INGEST_OUT": str(out)}
    old = {k: os.environ.get(k) for k in postgres}
    os.environ.update(postgres)
    try:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            assert type(instance.run_storage).__name__ == "PostgresRunStorage"
            instance.add_dynamic_partitions("documents", keys)
        dagster = str(Path(sys.executable).parent / "dagster")
        proc = subprocess.run(
            [dagster, "asset", "materialize", "-m", "pipelines.definitions",
             "--select", "group:documents", "--partition-range", f"{keys[0]}...{keys[-1]}"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
        # the cross-document group has several steps: the multiprocess executor runs each in its own process
        proc = subprocess.run([dagster, "asset", "materialize", "-m", "pipelines.definitions",
                               "--select", "group:cross_document"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
        with dg.DagsterInstance.from_config(str(home)) as instance:
            documents_run, cross_run = sorted(instance.get_runs(), key=lambda r: instance.get_run_stats(r.run_id).start_time)
            assert documents_run.is_success and cross_run.is_success  # four partitions, one run
            assert instance.get_materialized_partitions(dg.AssetKey("documents")) == set(keys)
            logs = instance.all_logs(cross_run.run_id)
            messages = " ".join(e.message or "" for e in logs)
            assert "multiprocess" in messages.lower()
            step_pids = {e.dagster_event.pid for e in logs if e.dagster_event and e.dagster_event.event_type_value == "STEP_START"}
            assert len(step_pids) > 1  # steps ran in their own processes
        assert (out / "people" / "part-0.parquet").is_file()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    documents = pd.read_parquet(out / "documents")
    assert sorted(documents.partition_key) == sorted(keys) and set(documents.status) == {"ok"}
    assert (out / "review" / f"{keys[0]}.html").is_file()
