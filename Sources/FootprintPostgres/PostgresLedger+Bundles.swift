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
            return RunBundle(
                run: run, samples: samples, samplesAfter: samplesAfter, samplesComplete: complete,
                tasks: try Self.tasks(of: runID, queries), forecasts: try Self.forecasts(runID: runID, queries),
                experiments: try Self.experiments(runID: runID, queries),
                priceHistory: try Self.pricingHistory(of: runID, queries))
        }
    }

    public func lastSampleTime(of runID: String) throws(LedgerError) -> Double? {
        try session.withConnection { queries in
            try queries.rows("SELECT MAX(t) AS t FROM sample WHERE run_id = $1", [.text(runID)]).first?.real("t")
        }
    }

    /// One transaction: the run row written or replaced, the samples added by arrays (those
    /// already there left alone but for the intensity a priced sample of the bundle carries),
    /// tasks, forecasts, experiments and pricing history replaced by the bundle's.
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
                // Samples already there take the intensities they were priced at since.
                let priced = slice.compactMap { s in
                    s.intensity.map { SampleIntensity(t: s.t, gramsPerKilowattHour: $0) }
                }
                if !priced.isEmpty { try Self.setIntensities(priced, runID: runID, queries) }
                start += slice.count
            }
            try queries.execute("DELETE FROM run_price WHERE run_id = $1", [.text(runID)])
            if !bundle.priceHistory.isEmpty {
                let h = bundle.priceHistory
                try queries.execute(
                    """
                    INSERT INTO run_price (run_id, replaced_at_s, co2e_g, basis, reason)
                    SELECT $1::text, replaced, grams, NULLIF(basis, ''), reason
                    FROM UNNEST($2::float8[], $3::float8[], $4::text[], $5::text[])
                        WITH ORDINALITY AS given (replaced, grams, basis, reason, position)
                    ORDER BY position
                    """,
                    [
                        .text(runID), .reals(h.map(\.replacedAt)), .reals(h.map(\.emissions.grams)),
                        .texts(h.map { StoredPricing.encode($0.basis) ?? "" }), .texts(h.map(\.reason))
                    ])
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
                cpu_utilization, process_cpu_share, g_per_kwh)
            SELECT $1::text, t, dt, c, cp, g, gp, r, rp, u, s, NULLIF(i, 'NaN')
            FROM UNNEST($2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
                $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[])
                AS given (t, dt, c, cp, g, gp, r, rp, u, s, i)
            ON CONFLICT (run_id, t) DO NOTHING
            """,
            [
                .text(runID), .reals(samples.map(\.t)), .reals(samples.map(\.duration)),
                .reals(samples.map(\.cpuJoules)), .reals(samples.map(\.cpuProcessJoules)),
                .reals(samples.map(\.gpuJoules)), .reals(samples.map(\.gpuProcessJoules)),
                .reals(samples.map(\.ramJoules)), .reals(samples.map(\.ramProcessJoules)),
                .reals(samples.map(\.cpuUtilization)), .reals(samples.map(\.processCPUShare)),
                // An array of optionals does not bind: NaN, which no checked value is, stands for NULL.
                .reals(samples.map { $0.intensity ?? .nan })
            ])
    }

    /// The run row (``StoredRecords/runColumns(_:)``), inserted or replaced column by column.
    static func upsert(_ run: RunRecord, _ queries: PostgresSession.Queries) throws {
        let columns = StoredRecords.runColumns(run).map { column -> (String, PostgresArgument) in
            switch column.value {
            case .text(let text): (column.name, .text(text))
            case .real(let number): (column.name, .real(number))
            case .integer(let number): (column.name, .integer(number))
            }
        }
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
