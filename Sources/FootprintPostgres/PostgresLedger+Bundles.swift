import FootprintCore
import FootprintLedger
import PostgresNIO

extension PostgresLedger: RunBundleStore {
    /// Samples sent in one statement: ten arrays of this many values each.
    static let sampleBatch = 20_000

    public func bundle(of runID: String, samplesAfter: Double?, sampleLimit: Int?) throws(LedgerError) -> RunBundle? {
        try session.withConnection { queries -> RunBundle? in
            guard let row = try queries.rows("SELECT * FROM run WHERE id = $1", [.text(runID)]).first else {
                return nil
            }
            let run = try Self.decode(row, queries)
            let limit = sampleLimit.map { " LIMIT \(max($0, 0) + 1)" } ?? ""
            var samples = try queries.rows(
                "SELECT * FROM sample WHERE run_id = $1 AND t > $2 ORDER BY t\(limit)",
                [.text(runID), .real(samplesAfter ?? -.infinity)]
            ).map(StoredRecords.sample)
            // One more than asked for says whether the slice reaches the last sample.
            var complete = true
            if let sampleLimit, samples.count > sampleLimit {
                samples.removeLast(samples.count - sampleLimit)
                complete = false
            }
            let tasks = try queries.rows("SELECT * FROM task WHERE run_id = $1 ORDER BY start_s, id", [.text(runID)])
                .map(StoredRecords.task)
            let forecasts = try queries.rows(
                "SELECT * FROM forecast WHERE run_id = $1 ORDER BY made_at_s, after_epochs, id", [.text(runID)]
            ).map(StoredRecords.forecast)
            var experiments: ExperimentSuiteResult?
            if let header = try queries.rows("SELECT * FROM experiment_suite WHERE run_id = $1", [.text(runID)]).first {
                let rows = try queries.rows(
                    "SELECT position, name, result FROM experiment WHERE run_id = $1 ORDER BY position", [.text(runID)])
                experiments = try Ledger.suite(header: header, experiments: rows, runID: runID)
            }
            return RunBundle(
                run: run, samples: samples, samplesAfter: samplesAfter, samplesComplete: complete, tasks: tasks,
                forecasts: forecasts, experiments: experiments)
        }
    }

    public func lastSampleTime(of runID: String) throws(LedgerError) -> Double? {
        try session.withConnection { queries in
            try queries.rows("SELECT MAX(t) AS t FROM sample WHERE run_id = $1", [.text(runID)]).first?.real("t")
        }
    }

    /// One transaction: the run row written or replaced, the samples added by arrays (those
    /// already there left alone), tasks, forecasts and experiments replaced by the bundle's.
    @discardableResult
    public func store(_ bundle: RunBundle) throws(LedgerError) -> StoredBundle {
        try LedgerValues.check(bundle)
        let results = try bundle.experiments.map { suite throws(LedgerError) in try Ledger.encodedResults(of: suite) }
        let runID = bundle.run.id
        return try session.transaction { queries in
            let existed = try queries.rows("SELECT 1 AS present FROM run WHERE id = $1 FOR UPDATE", [.text(runID)])
            try Self.upsert(bundle.run, queries)
            var added = 0
            var start = 0
            while start < bundle.samples.count {
                let slice = bundle.samples[start..<min(start + Self.sampleBatch, bundle.samples.count)]
                added += try Self.insert(slice, runID: runID, queries)
                start += slice.count
            }
            try queries.execute("DELETE FROM task WHERE run_id = $1", [.text(runID)])
            if !bundle.tasks.isEmpty {
                let t = bundle.tasks
                try queries.execute(
                    """
                    INSERT INTO task (run_id, name, start_s, end_s, cpu_j, gpu_j, ram_j)
                    SELECT $1::text, name, s, e, c, g, r
                    FROM UNNEST($2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[])
                        WITH ORDINALITY AS given (name, s, e, c, g, r, position)
                    ORDER BY position
                    """,
                    [
                        .text(runID), .texts(t.map(\.name)), .reals(t.map(\.start)), .reals(t.map(\.end)),
                        .reals(t.map(\.cpuJoules)), .reals(t.map(\.gpuJoules)), .reals(t.map(\.ramJoules))
                    ])
            }
            try queries.execute("DELETE FROM forecast WHERE run_id = $1", [.text(runID)])
            for f in bundle.forecasts {
                try queries.execute(
                    """
                    INSERT INTO forecast (run_id, made_at_s, after_epochs, epochs, duration_s, energy_j, low_energy_j,
                        high_energy_j, co2e_g, excluded_warm_up, basis)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                    """,
                    [
                        .text(runID), .real(f.madeAt), .integer(Int64(f.afterEpochs)), .integer(Int64(f.epochs)),
                        .real(f.durationSeconds), .real(f.energyJoules), .real(f.lowEnergyJoules),
                        .real(f.highEnergyJoules), .real(f.co2eGrams), .boolean(f.excludedWarmUp), .text(f.basis)
                    ])
            }
            try queries.execute("DELETE FROM experiment_suite WHERE run_id = $1", [.text(runID)])
            if let suite = bundle.experiments, let results {
                try queries.execute(
                    """
                    INSERT INTO experiment_suite (run_id, engine, scale, machine, repeats, status, started, device)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """,
                    [
                        .text(runID), .text(suite.engine.rawValue), .text(suite.scale.rawValue), .text(suite.machine),
                        .integer(Int64(suite.repeats)), .text(suite.status.rawValue), .text(suite.started),
                        .text(suite.device)
                    ])
                if !results.isEmpty {
                    try queries.execute(
                        """
                        INSERT INTO experiment (run_id, position, name, result)
                        SELECT $1::text, position - 1, name, result
                        FROM UNNEST($2::text[], $3::text[]) WITH ORDINALITY AS given (name, result, position)
                        """,
                        [.text(runID), .texts(results.map(\.name)), .texts(results.map(\.json))])
                }
            }
            return StoredBundle(newRun: existed.isEmpty, samplesAdded: added)
        }
    }

    /// Samples as ten arrays in one statement; those whose time the run has already are skipped.
    static func insert(
        _ samples: ArraySlice<SampleRecord>, runID: String, _ queries: PostgresSession.Queries
    ) throws
        -> Int
    {
        try queries.execute(
            """
            INSERT INTO sample (run_id, t, dt, cpu_j, cpu_process_j, gpu_j, gpu_process_j, ram_j, ram_process_j,
                cpu_utilization, process_cpu_share)
            SELECT $1::text, * FROM UNNEST($2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
                $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[])
            ON CONFLICT (run_id, t) DO NOTHING
            """,
            [
                .text(runID), .reals(samples.map(\.t)), .reals(samples.map(\.duration)),
                .reals(samples.map(\.cpuJoules)), .reals(samples.map(\.cpuProcessJoules)),
                .reals(samples.map(\.gpuJoules)), .reals(samples.map(\.gpuProcessJoules)),
                .reals(samples.map(\.ramJoules)), .reals(samples.map(\.ramProcessJoules)),
                .reals(samples.map(\.cpuUtilization)), .reals(samples.map(\.processCPUShare))
            ])
    }

    /// The run row, inserted or replaced column by column. A run still recording keeps no totals
    /// (they are summed from its samples when read), as in the SQLite ledger.
    static func upsert(_ run: RunRecord, _ queries: PostgresSession.Queries) throws {
        let ended = run.status != .running
        func total(_ value: Double) -> PostgresArgument { .real(ended ? value : nil) }
        let m = run.machine
        let columns: [(String, PostgresArgument)] = [
            ("id", .text(run.id)), ("source", .text(run.source.rawValue)), ("project", .text(run.project)),
            ("name", .text(run.name)), ("command", .text(JSONText.encode(run.command))), ("host", .text(run.host)),
            ("pid", .integer(run.pid.map(Int64.init))), ("started_at", .real(run.startedAt)),
            ("interval_s", .real(run.intervalSeconds)), ("scope", .text(run.scope.rawValue)),
            ("location_code", .text(run.locationCode)), ("location_name", .text(run.locationName)),
            ("intensity_g_per_kwh", .real(run.intensity.gramsPerKilowattHour)),
            ("intensity_source", .text(run.intensitySource)), ("pue", .real(run.pue)),
            ("pue_source", .text(run.pueSource)), ("cpu_model", .text(run.cpuModel)),
            ("cpu_power_model", .text(run.cpuPowerModel)), ("gpus", .text(JSONText.encode(run.gpus))),
            ("status", .text(run.status.rawValue)), ("exit_code", .integer(run.exitCode.map(Int64.init))),
            ("duration_s", total(run.duration)),
            ("cpu_j", total(run.components[.cpu]?.joules ?? 0)), ("gpu_j", total(run.components[.gpu]?.joules ?? 0)),
            ("ram_j", total(run.components[.ram]?.joules ?? 0)),
            ("cpu_method", .text(run.methods[.cpu]?.rawValue)), ("gpu_method", .text(run.methods[.gpu]?.rawValue)),
            ("ram_method", .text(run.methods[.ram]?.rawValue)), ("energy_j", total(run.energy.joules)),
            ("co2e_g", total(run.emissions.grams)), ("notes", .text(JSONText.encode(run.notes))),
            ("extra", .text(run.extra)), ("logical_cpus", .integer(m.map { Int64($0.logicalCPUs) })),
            ("memory_total_bytes", .integer(m.map { Int64(clamping: $0.memoryTotalBytes) })),
            ("mean_memory_used_bytes", .real(m?.meanMemoryUsedBytes)),
            ("mean_cpu_utilization", .real(m?.meanCPUUtilization)),
            ("mean_gpu_utilization_percent", .real(m?.meanGPUUtilization)),
            ("operating_system", .text(m?.operatingSystem)), ("job_scheduler", .text(run.job?.scheduler.rawValue)),
            ("job_id", .text(run.job?.id)), ("job_name", .text(run.job?.name)),
            ("job_rank", .integer(run.job?.rank.map(Int64.init))),
            ("job_local_rank", .integer(run.job?.localRank.map(Int64.init))),
            ("job_world_size", .integer(run.job?.worldSize.map(Int64.init))), ("job_node", .text(run.job?.node)),
            ("job_pod", .text(run.job?.pod)), ("job_namespace", .text(run.job?.namespace)), ("user", .text(run.user))
        ]
        let names = columns.map { "\"\($0.0)\"" }
        let updates = names.dropFirst().map { "\($0) = EXCLUDED.\($0)" }
        try queries.execute(
            """
            INSERT INTO run (\(names.joined(separator: ", ")))
            VALUES (\((1...columns.count).map { "$\($0)" }.joined(separator: ", ")))
            ON CONFLICT (id) DO UPDATE SET \(updates.joined(separator: ", "))
            """, columns.map(\.1))
    }
}
