#!/usr/bin/env python3
"""Ledger at scale: 10,000 runs and 1,000,000 samples, and how fast footprint reads them.

    python3 Benchmarks/ledger-scale/bench.py [--footprint .build/release/footprint] [--repeats 7]
        [--runs 10000] [--samples 1000000] [--long-run 100000] [--work /tmp/footprint-ledger-scale]
        [--postgres postgres://footprint@127.0.0.1:PORT/footprint --password-file FILE]

Seeds a ledger with the schema footprint itself creates (one `footprint run -- true` against a fresh
ledger, whose run row is the template of every seeded run), then times the binary's reads as a user
makes them, from outside the repository, each repeated, medians and ranges printed:

  runs                     the newest 50 and the totals of all
  runs --project P         the same for one of 20 projects
  runs show ID             one run by id
  report ID                the text report of a typical run (about 90 samples)
  report ID --html F       its HTML report
  report LONG              a long run's report (--long-run samples, a day at 1 s)
  report LONG --html F

Targets (issue 16): `runs` and `runs --project P` <= 200 ms, a run report <= 500 ms.

The runs: 20 projects, 10 users, 50 hosts, one run every 5 minutes back from now; 3 tasks each;
2 % exit 1, 1 % interrupted; the 3 newest still marked running on another host (their totals come from their
samples, as footprint reads a running run). Samples: one run with --long-run of them, the rest
spread evenly. SQLite is seeded with one recursive CTE per table (seconds); PostgreSQL with
generate_series through psql, into the schema footprint's first run created there.
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PROJECTS, USERS, HOSTS = 20, 10, 50
TARGETS = {"runs": 0.2, "runs --project P": 0.2}
REPORT_TARGET = 0.5


def layout(runs, samples, long_run):
    """Samples per ordinary run, and the long run's count, so that they add up to `samples`."""
    per_run = (samples - long_run) // (runs - 1)
    return per_run, samples - per_run * (runs - 1)


def seed_sqlite(footprint, path, runs, samples, long_run):
    """A fresh ledger at `path` with the seeded runs; returns (typical id, long id)."""
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    shutil.rmtree(path + ".d", ignore_errors=True)
    subprocess.run([footprint, "run", "--ledger", path, "--quiet", "--", "true"], check=True, cwd="/tmp",
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    per_run, long_count = layout(runs, samples, long_run)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    (template,) = db.execute("SELECT id FROM run").fetchone()
    columns = [row[1] for row in db.execute("PRAGMA table_info(run)")]
    now = time.time()
    # Run n (0 = newest) starts n × 300 s ago; its id is two 8-digit hex halves like footprint's.
    seeded = {
        "id": "printf('%08x-%08x', 0x5eed0000 + n, n * 2654435761 % 4294967296)",
        "project": f"'project-' || printf('%02d', n % {PROJECTS})",
        "name": "'train-' || n",
        "host": f"'node-' || printf('%02d', n % {HOSTS})",
        "pid": "NULL",
        "started_at": f"{now} - n * 300.0",
        "status": "CASE WHEN n < 3 THEN 'running' WHEN n % 97 = 11 THEN 'interrupted' ELSE 'finished' END",
        "exit_code": "CASE WHEN n < 3 THEN NULL WHEN n % 50 = 7 THEN 1 ELSE 0 END",
        "duration_s": f"CASE WHEN n = {runs // 2} THEN {long_count}.0 ELSE {per_run}.0 END",
        "cpu_j": f"(CASE WHEN n = {runs // 2} THEN {long_count} ELSE {per_run} END) * 40.0",
        "gpu_j": f"(CASE WHEN n = {runs // 2} THEN {long_count} ELSE {per_run} END) * 250.0",
        "ram_j": f"(CASE WHEN n = {runs // 2} THEN {long_count} ELSE {per_run} END) * 5.0",
        "gpu_method": "'measured:nvml-energy'",
        "energy_j": f"(CASE WHEN n = {runs // 2} THEN {long_count} ELSE {per_run} END) * 295.0",
        "co2e_g": f"(CASE WHEN n = {runs // 2} THEN {long_count} ELSE {per_run} END) * 295.0 / 3.6e6 * 480.6",
        "user": f"'user-' || (n % {USERS})",
    }
    select = ", ".join(seeded.get(c, f'"{c}"') for c in columns)
    quoted = ", ".join(f'"{c}"' for c in columns)
    count = f"WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n + 1 < {runs})"
    db.execute(f"{count} INSERT INTO run ({quoted}) SELECT {select} FROM k, run AS r WHERE r.id = ?", (template,))
    for table in ("sample", "task", "run"):
        db.execute(f"DELETE FROM {table} WHERE {'id' if table == 'run' else 'run_id'} = ?", (template,))
    # Samples in key order (run id, then time), as a WITHOUT ROWID table likes them.
    # The ordinary runs, then the long one: a join on "i <= the run's count" would test every pair.
    for size, which in ((per_run, "!="), (long_count, "=")):
        db.execute(
            f"""WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {size})
            INSERT INTO sample SELECT run.id, s.i * 1.0, 1.0, 40.0, 38.0, 250.0, 245.0, 5.0, 4.0, 0.8, 0.95
            FROM run, s WHERE CAST(run.duration_s AS INTEGER) {which} {long_count} ORDER BY run.id, s.i""")
    db.execute(
        """WITH t(k, name) AS (VALUES (0, 'load'), (1, 'train'), (2, 'evaluate'))
        INSERT INTO task SELECT run.id, t.name, run.duration_s * t.k / 3, run.duration_s * (t.k + 1) / 3,
        run.cpu_j / 3, run.gpu_j / 3, run.ram_j / 3 FROM run, t""")
    # No ANALYZE: a user's ledger has no statistics either, so the plans timed are the plans users get.
    db.commit()
    (n_runs,) = db.execute("SELECT COUNT(*) FROM run").fetchone()
    (n_samples,) = db.execute("SELECT COUNT(*) FROM sample").fetchone()
    typical = db.execute("SELECT id FROM run WHERE status = 'finished' ORDER BY started_at DESC LIMIT 1").fetchone()[0]
    long_id = db.execute("SELECT id FROM run ORDER BY duration_s DESC LIMIT 1").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print(f"seeded {path}: {n_runs:,} runs, {n_samples:,} samples ({os.path.getsize(path) / 1e6:.0f} MB)")
    return typical, long_id


def psql(url, password, sql):
    environment = dict(os.environ, PGPASSWORD=password) if password else os.environ
    return subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True,
                          env=environment, capture_output=True, text=True).stdout.strip()


def seed_postgres(footprint, url, password_file, runs, samples, long_run):
    """The seeded runs in the PostgreSQL ledger at `url` (emptied first); returns (typical id, long id)."""
    password = open(password_file).read().strip() if password_file else None
    tables = psql(url, password, "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'")
    for table in ("sample", "task", "forecast", "experiment", "experiment_suite", "run"):
        if table in tables.split(","):
            psql(url, password, f"DELETE FROM {table}")
    arguments = [footprint, "run", "--ledger", url, "--quiet"]
    if password_file:
        arguments += ["--password-file", password_file]
    subprocess.run(arguments + ["--", "true"], check=True, cwd="/tmp", stdout=subprocess.DEVNULL)
    template = psql(url, password, "SELECT id FROM run")
    columns = psql(url, password, "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
                   "FROM information_schema.columns WHERE table_name = 'run'").split(",")
    per_run, long_count = layout(runs, samples, long_run)
    now = time.time()
    size = f"(CASE WHEN n = {runs // 2} THEN {long_count} ELSE {per_run} END)"
    seeded = {
        "id": "lpad(to_hex(1592590336 + n), 8, '0') || '-' || lpad(to_hex((n::bigint * 2654435761) % 4294967296), 8, '0')",
        "project": f"'project-' || lpad((n % {PROJECTS})::text, 2, '0')",
        "name": "'train-' || n",
        "host": f"'node-' || lpad((n % {HOSTS})::text, 2, '0')",
        "pid": "NULL",
        "started_at": f"{now} - n * 300.0",
        "status": "CASE WHEN n < 3 THEN 'running' WHEN n % 97 = 11 THEN 'interrupted' ELSE 'finished' END",
        "exit_code": "CASE WHEN n < 3 THEN NULL WHEN n % 50 = 7 THEN 1 ELSE 0 END",
        "duration_s": f"{size}::double precision",
        "cpu_j": f"{size} * 40.0",
        "gpu_j": f"{size} * 250.0",
        "ram_j": f"{size} * 5.0",
        "gpu_method": "'measured:nvml-energy'",
        "energy_j": f"{size} * 295.0",
        "co2e_g": f"{size} * 295.0 / 3.6e6 * 480.6",
        "user": f"'user-' || (n % {USERS})",
    }
    select = ", ".join(seeded.get(c, f'r."{c}"') for c in columns)
    quoted = ", ".join(f'"{c}"' for c in columns)
    psql(url, password, f"INSERT INTO run ({quoted}) SELECT {select} FROM generate_series(0, {runs - 1}) AS n, "
         f"run AS r WHERE r.id = '{template}'")
    psql(url, password, f"DELETE FROM run WHERE id = '{template}'")
    sample_columns = psql(url, password, "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
                          "FROM information_schema.columns WHERE table_name = 'sample'").split(",")
    values = {"run_id": "run.id", "t": "s.i::double precision", "dt": "1.0", "cpu_j": "40.0",
              "cpu_process_j": "38.0", "gpu_j": "250.0", "gpu_process_j": "245.0", "ram_j": "5.0",
              "ram_process_j": "4.0", "cpu_utilization": "0.8", "process_cpu_share": "0.95"}
    psql(url, password, f"INSERT INTO sample ({', '.join(sample_columns)}) SELECT "
         f"{', '.join(values[c] for c in sample_columns)} FROM run, "
         f"generate_series(1, run.duration_s::integer) AS s(i)")
    task_columns = psql(url, password, "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
                        "FROM information_schema.columns WHERE table_name = 'task'").split(",")
    task_values = {"run_id": "run.id", "name": "t.name", "start_s": "run.duration_s * t.k / 3",
                   "end_s": "run.duration_s * (t.k + 1) / 3", "cpu_j": "run.cpu_j / 3", "gpu_j": "run.gpu_j / 3",
                   "ram_j": "run.ram_j / 3"}
    psql(url, password, f"INSERT INTO task ({', '.join(c for c in task_columns if c in task_values)}) SELECT "
         f"{', '.join(task_values[c] for c in task_columns if c in task_values)} FROM run, "
         "(VALUES (0, 'load'), (1, 'train'), (2, 'evaluate')) AS t(k, name)")
    psql(url, password, "VACUUM ANALYZE")
    n_runs = int(psql(url, password, "SELECT COUNT(*) FROM run"))
    n_samples = int(psql(url, password, "SELECT COUNT(*) FROM sample"))
    typical = psql(url, password, "SELECT id FROM run WHERE status = 'finished' ORDER BY started_at DESC LIMIT 1")
    long_id = psql(url, password, "SELECT id FROM run ORDER BY duration_s DESC LIMIT 1")
    print(f"seeded {url}: {n_runs:,} runs, {n_samples:,} samples")
    return typical, long_id


def timed(arguments, repeats, environment):
    """Median, fastest and slowest wall seconds of `arguments`, run from /tmp as a user would."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = subprocess.run(arguments, cwd="/tmp", env=environment, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(f"{' '.join(arguments)} failed ({result.returncode}): {result.stderr.strip()}")
    return statistics.median(times), min(times), max(times)


def measure(footprint, ledger, extra, typical, long_id, repeats, work):
    environment = dict(os.environ, NO_COLOR="1")
    base = [footprint]
    html = os.path.join(work, "report.html")
    cases = [
        ("runs", ["runs"]),
        ("runs --project P", ["runs", "--project", "project-07"]),
        ("runs show ID", ["runs", "show", typical]),
        ("report ID", ["report", typical]),
        ("report ID --html F", ["report", typical, "--html", html]),
        ("report LONG", ["report", long_id]),
        ("report LONG --html F", ["report", long_id, "--html", html]),
    ]
    rows = []
    for name, arguments in cases:
        command = base + arguments + ["--ledger", ledger] + extra
        subprocess.run(command, cwd="/tmp", env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        median, low, high = timed(command, repeats, environment)
        target = TARGETS.get(name, REPORT_TARGET if name.startswith("report") else None)
        verdict = "" if target is None else ("ok" if median <= target else "MISSED")
        rows.append((name, median, low, high, target, verdict))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--footprint", default=os.path.join(ROOT, ".build", "release", "footprint"))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--long-run", type=int, default=100_000)
    parser.add_argument("--work", default="/tmp/footprint-ledger-scale")
    parser.add_argument("--postgres", help="a postgres:// URL of an empty (or earlier seeded) ledger database")
    parser.add_argument("--password-file", help="the PostgreSQL password, for psql and footprint")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--no-seed", action="store_true", help="time the ledgers seeded by an earlier invocation")
    options = parser.parse_args()
    footprint = os.path.abspath(options.footprint)
    os.makedirs(options.work, exist_ok=True)
    results = []
    if not options.skip_sqlite:
        path = os.path.join(options.work, "ledger.sqlite")
        if options.no_seed:
            db = sqlite3.connect(path)
            typical = db.execute("SELECT id FROM run WHERE status = 'finished' ORDER BY started_at DESC").fetchone()[0]
            long_id = db.execute("SELECT id FROM run ORDER BY duration_s DESC LIMIT 1").fetchone()[0]
            db.close()
        else:
            start = time.perf_counter()
            typical, long_id = seed_sqlite(footprint, path, options.runs, options.samples, options.long_run)
            print(f"  in {time.perf_counter() - start:.1f} s")
        results.append(("SQLite", measure(footprint, path, [], typical, long_id, options.repeats, options.work)))
    if options.postgres:
        extra = ["--password-file", options.password_file] if options.password_file else []
        if options.no_seed:
            password = open(options.password_file).read().strip() if options.password_file else None
            typical = psql(options.postgres, password,
                           "SELECT id FROM run WHERE status = 'finished' ORDER BY started_at DESC LIMIT 1")
            long_id = psql(options.postgres, password, "SELECT id FROM run ORDER BY duration_s DESC LIMIT 1")
        else:
            start = time.perf_counter()
            typical, long_id = seed_postgres(footprint, options.postgres, options.password_file, options.runs,
                                             options.samples, options.long_run)
            print(f"  in {time.perf_counter() - start:.1f} s")
        results.append(("PostgreSQL", measure(footprint, options.postgres, extra, typical, long_id,
                                              options.repeats, options.work)))
    print(f"\n{options.runs:,} runs, {options.samples:,} samples (one run of {options.long_run:,}); "
          f"median of {options.repeats}, wall time of the whole command\n")
    print("| backend | command | median | range | target |")
    print("| --- | --- | --- | --- | --- |")
    for backend, rows in results:
        for name, median, low, high, target, verdict in rows:
            goal = f"≤ {target * 1000:.0f} ms {verdict}" if target else ""
            print(f"| {backend} | `{name}` | {median * 1000:.0f} ms | {low * 1000:.0f}–{high * 1000:.0f} ms | {goal} |")


if __name__ == "__main__":
    main()
