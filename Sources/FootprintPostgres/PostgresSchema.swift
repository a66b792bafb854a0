import FootprintLedger
import PostgresNIO

/// The ledger's tables on a server: the SQLite ledger's concepts in PostgreSQL's types, versioned
/// by a numbering of its own in `footprint_schema` (one row per applied version). Never edit a
/// shipped version; add one.
enum PostgresSchema {
    /// The versions this footprint knows, in order; the last is the newest.
    static let versions: [(version: Int, name: String, statements: [String])] = [
        (1, "runs, samples, tasks, forecasts, experiments", version1),
        (2, "intensities", version2),
        (3, "hourly pricing", version3)
    ]

    static var newest: Int { versions.last?.version ?? 0 }

    /// Any two footprint processes migrating one database at once take turns on this lock.
    static let migrationLock: Int64 = 0x666F_6F74_7072_696E

    static let version1 = [
        """
        CREATE TABLE run (
            id text PRIMARY KEY,
            source text NOT NULL DEFAULT 'footprint',
            project text,
            name text NOT NULL,
            command text NOT NULL,
            host text NOT NULL,
            pid integer,
            started_at double precision NOT NULL,
            interval_s double precision,
            scope text NOT NULL,
            location_code text,
            location_name text,
            intensity_g_per_kwh double precision NOT NULL,
            intensity_source text,
            pue double precision NOT NULL,
            pue_source text,
            cpu_model text,
            cpu_power_model text,
            gpus text NOT NULL DEFAULT '[]',
            status text NOT NULL,
            exit_code integer,
            duration_s double precision,
            cpu_j double precision,
            gpu_j double precision,
            ram_j double precision,
            cpu_method text,
            gpu_method text,
            ram_method text,
            energy_j double precision,
            co2e_g double precision,
            notes text NOT NULL DEFAULT '[]',
            extra text,
            logical_cpus integer,
            memory_total_bytes bigint,
            mean_memory_used_bytes double precision,
            mean_cpu_utilization double precision,
            mean_gpu_utilization_percent double precision,
            operating_system text,
            job_scheduler text,
            job_id text,
            job_name text,
            job_rank integer,
            job_local_rank integer,
            job_world_size integer,
            job_node text,
            job_pod text,
            job_namespace text,
            "user" text
        )
        """,
        "CREATE INDEX run_started ON run (started_at)",
        "CREATE INDEX run_project ON run (project, started_at)",
        "CREATE INDEX run_job ON run (job_id, started_at)",
        "CREATE INDEX run_user ON run (\"user\", started_at)",
        "CREATE INDEX run_host ON run (host, started_at)",
        // An id prefix (`report 3f2a`) is a LIKE 'prefix%', which only an index in the C ordering serves.
        "CREATE INDEX run_id_prefix ON run (id text_pattern_ops)",
        // Totals sum ended runs in SQL and read running ones from their samples: find those fast.
        "CREATE INDEX run_running ON run (started_at) WHERE status = 'running'",
        """
        CREATE TABLE sample (
            run_id text NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            t double precision NOT NULL,
            dt double precision NOT NULL,
            cpu_j double precision NOT NULL,
            cpu_process_j double precision NOT NULL,
            gpu_j double precision NOT NULL,
            gpu_process_j double precision NOT NULL,
            ram_j double precision NOT NULL,
            ram_process_j double precision NOT NULL,
            cpu_utilization double precision NOT NULL,
            process_cpu_share double precision NOT NULL,
            PRIMARY KEY (run_id, t)
        )
        """,
        """
        CREATE TABLE task (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id text NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            name text NOT NULL,
            start_s double precision NOT NULL,
            end_s double precision NOT NULL,
            cpu_j double precision NOT NULL,
            gpu_j double precision NOT NULL,
            ram_j double precision NOT NULL
        )
        """,
        "CREATE INDEX task_run ON task (run_id, start_s)",
        """
        CREATE TABLE forecast (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id text NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            made_at_s double precision NOT NULL,
            after_epochs integer NOT NULL,
            epochs integer NOT NULL,
            duration_s double precision NOT NULL,
            energy_j double precision NOT NULL,
            low_energy_j double precision NOT NULL,
            high_energy_j double precision NOT NULL,
            co2e_g double precision NOT NULL,
            excluded_warm_up boolean NOT NULL,
            basis text NOT NULL
        )
        """,
        "CREATE INDEX forecast_run ON forecast (run_id, made_at_s)",
        """
        CREATE TABLE experiment_suite (
            run_id text PRIMARY KEY REFERENCES run (id) ON DELETE CASCADE,
            engine text NOT NULL,
            scale text NOT NULL,
            machine text NOT NULL,
            repeats integer NOT NULL,
            status text NOT NULL,
            started text NOT NULL,
            device text NOT NULL
        )
        """,
        """
        CREATE TABLE experiment (
            run_id text NOT NULL REFERENCES experiment_suite (run_id) ON DELETE CASCADE,
            position integer NOT NULL,
            name text NOT NULL,
            result text NOT NULL,
            PRIMARY KEY (run_id, position)
        )
        """
    ]

    /// Time-resolved grid intensities, fetched or imported: one row per zone, start, factor and
    /// kind, the key's index serving the (zone, start) lookups of a span.
    static let version2 = [
        """
        CREATE TABLE intensity (
            zone text NOT NULL,
            start_s double precision NOT NULL,
            factor text NOT NULL,
            kind text NOT NULL,
            end_s double precision NOT NULL,
            g_per_kwh double precision NOT NULL,
            source text NOT NULL,
            recorded_at_s double precision NOT NULL,
            PRIMARY KEY (zone, start_s, factor, kind)
        )
        """
    ]

    /// Runs priced by the hour, as SQLite's "v8: hourly pricing": the basis of a run's CO2e and
    /// what `run --start best` planned (JSON text, NULL for a run priced at its annual figure and
    /// started at once), the intensity each sample was priced at, and the figures a run carried
    /// before it was priced again (the identity orders two replaced at one instant).
    static let version3 = [
        "ALTER TABLE run ADD COLUMN pricing text, ADD COLUMN planned text",
        "ALTER TABLE sample ADD COLUMN g_per_kwh double precision",
        """
        CREATE TABLE run_price (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id text NOT NULL REFERENCES run (id) ON DELETE CASCADE,
            replaced_at_s double precision NOT NULL,
            co2e_g double precision NOT NULL,
            basis text,
            reason text NOT NULL
        )
        """,
        "CREATE INDEX run_price_run ON run_price (run_id, replaced_at_s)"
    ]

    /// The newest version applied; nil when the database has no ledger yet.
    static func appliedVersion(_ queries: PostgresSession.Queries) throws -> Int? {
        let exists = try queries.rows("SELECT to_regclass('footprint_schema') IS NOT NULL AS present")
        guard try exists.first?.boolean("present") == true else { return nil }
        let rows = try queries.rows("SELECT COALESCE(MAX(version), 0) AS version FROM footprint_schema")
        return try rows.first?.integer("version").map { Int($0) } ?? 0
    }

    /// Refuses a schema newer than this footprint knows.
    static func check(_ version: Int, location: PostgresLocation) throws(LedgerError) {
        guard version > newest else { return }
        throw LedgerError(
            .newerSchema,
            "the ledger at \(location.redacted) has schema version \(version); this footprint knows up to "
                + "\(newest): update footprint")
    }

    /// Applies the versions the database lacks, in one transaction under an advisory lock.
    static func migrate(_ session: PostgresSession) throws(LedgerError) {
        let location = session.location
        try session.transaction { queries in
            try queries.execute("SELECT pg_advisory_xact_lock($1)", [.integer(migrationLock)])
            try queries.execute(
                """
                CREATE TABLE IF NOT EXISTS footprint_schema (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let applied = try appliedVersion(queries) ?? 0
            try check(applied, location: location)
            for (version, name, statements) in versions where version > applied {
                for statement in statements { try queries.execute(statement) }
                try queries.execute(
                    "INSERT INTO footprint_schema (version, name) VALUES ($1, $2)",
                    [.integer(Int64(version)), .text(name)])
            }
        }
    }
}
