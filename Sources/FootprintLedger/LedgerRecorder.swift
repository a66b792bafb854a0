import FootprintCore
import Foundation
import GRDB
import Synchronization

/// Records a run into the ledger as it happens: the run row at start, its samples and tasks
/// appended to the run's ``SampleLog`` as they are taken (one `write` each) and folded into the
/// ledger's tables every ``batchSeconds`` of the run and at its end, the totals at the end.
///
/// A footprint killed with SIGKILL keeps every interval it measured: what was not folded yet is
/// in the log, which the next footprint to open the ledger folds, and the run shows as
/// interrupted. A ledger that cannot be written is refused by ``begin(_:)``, before anything runs.
public final class LedgerRecorder: RunRecorder, Sendable {
    /// The ledger the run goes to, for what a command stores beside it (an experiment's results).
    public let ledger: Ledger
    private let batchSeconds: Double
    private let failures = Mutex<[Failure: Int]>([:])
    /// Each begun run's log and the records not yet folded: the sampler thread and the task
    /// pipe's thread both append through this lock, so a record reaches the log and the batch in
    /// the same order.
    private let logs = Mutex<[String: RunLog]>([:])

    /// How often, in seconds of the run, a run's batch of samples is committed by default: a
    /// reader sees a live run's samples this late at most (a 10 s watch at 0.1 s commits twice
    /// plus once at its end, instead of 100 times).
    public static let defaultBatchSeconds: Double = 5

    struct RunLog {
        var file: SampleLogFile
        var batch: [SampleLog.Record] = []
        /// The run time of the last fold.
        var foldedAt: Double = 0
    }

    /// A kind of write that failed, counted rather than repeated: a run of 10,000 samples whose
    /// run row was deleted fails 10,000 times for one reason.
    struct Failure: Hashable {
        var what: String
        var reason: String
    }

    /// - Parameter batchSeconds: seconds of the run between folds of its log into the ledger; 0
    ///   commits every sample as it comes.
    public init(ledger: Ledger, batchSeconds: Double = LedgerRecorder.defaultBatchSeconds) {
        self.ledger = ledger
        self.batchSeconds = batchSeconds
    }

    /// A recorder dropped before its runs ended leaves their logs to the next open, as a killed
    /// process does.
    deinit {
        logs.withLock { logs in
            for id in logs.keys { logs[id]?.file.close(removing: false) }
        }
    }

    public var location: String { ledger.path }

    /// Writes that failed after the run started (the measured command goes on regardless), one
    /// line per kind of write and reason, never SQL.
    public var writeFailures: [String] {
        failures.withLock { counts in
            counts.sorted { ($0.key.what, $0.key.reason) < ($1.key.what, $1.key.reason) }.map { failure, count in
                let times = count == 1 ? "" : " (\(count) times)"
                return "the ledger \(ledger.path) did not record this run's \(failure.what)\(times): \(failure.reason)"
            }
        }
    }

    public func begin(_ h: RunRecord) throws {
        try LedgerValues.check(h)
        // The log first: a run row is never without its log, and a log without its row (a crash
        // between the two) holds no record and is removed by the next fold.
        var file = try SampleLogFile.create(folder: SampleLog.folder(ofLedger: ledger.path), runID: h.id)
        do {
            try ledger.database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run (id, project, name, command, host, pid, started_at, interval_s, scope, location_code,
                            location_name, intensity_g_per_kwh, intensity_source, pue, pue_source, cpu_model, cpu_power_model,
                            gpus, status, notes, job_scheduler, job_id, job_name, job_rank, job_local_rank, job_world_size,
                            job_node, job_pod, job_namespace, user, planned)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        h.id, h.project, h.name, JSONText.encode(h.command), h.host, h.pid, h.startedAt,
                        h.intervalSeconds, h.scope.rawValue, h.locationCode, h.locationName,
                        h.intensity.gramsPerKilowattHour, h.intensitySource, h.pue, h.pueSource, h.cpuModel,
                        h.cpuPowerModel, JSONText.encode(h.gpus), JSONText.encode(h.notes), h.job?.scheduler.rawValue,
                        h.job?.id, h.job?.name, h.job?.rank, h.job?.localRank, h.job?.worldSize, h.job?.node,
                        h.job?.pod, h.job?.namespace, h.user, StoredPricing.encode(h.planned)
                    ])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            file.close(removing: true)
            throw LedgerError(.readOnly, "cannot record the run in \(ledger.path): the ledger is read-only")
        } catch {
            file.close(removing: true)
            throw LedgerError(.other, "cannot record the run in \(ledger.path): \(Ledger.reason(error))")
        }
        logs.withLock { $0[h.id] = RunLog(file: file) }
    }

    public func sample(_ r: SampleRecord, runID: String) {
        do {
            try LedgerValues.check(r)
        } catch {
            count("samples", error.description)
            return
        }
        logs.withLock { logs in
            // Taken out and put back, so that the batch is not copied on every append.
            guard var log = logs.removeValue(forKey: runID) else { return }
            append(.sample(r), to: &log, what: "samples")
            if r.t - log.foldedAt >= batchSeconds {
                log.foldedAt = r.t
                fold(&log, runID: runID, what: "samples")
            }
            logs[runID] = log
        }
    }

    public func task(_ r: TaskRecord, runID: String) {
        tasks([r], runID: runID)
    }

    /// Tasks go to the log now and to the ledger with the next batch of samples or the end.
    public func tasks(_ records: [TaskRecord], runID: String) {
        guard !records.isEmpty else { return }
        do {
            for r in records { try LedgerValues.check(r) }
        } catch {
            count("tasks", error.description)
            return
        }
        logs.withLock { logs in
            guard var log = logs.removeValue(forKey: runID) else { return }
            for r in records { append(.task(r), to: &log, what: "tasks") }
            if batchSeconds == 0 { fold(&log, runID: runID, what: "tasks") }
            logs[runID] = log
        }
    }

    /// One `write` to the log, and the record joins the batch for the ledger: a log that cannot
    /// be written (a full disk) loses the crash guarantee, not the record.
    private func append(_ record: SampleLog.Record, to log: inout RunLog, what: String) {
        if let failure = log.file.append(record) { count(what, "cannot append to \(log.file.path): \(failure)") }
        log.batch.append(record)
    }

    /// Commits the batch; it stays for the next fold if the ledger is busy, and goes if its run
    /// is no longer there to take it.
    private func fold(_ log: inout RunLog, runID: String, what: String) {
        guard !log.batch.isEmpty else { return }
        let batch = log.batch
        switch write(what, check: {}, { db in try SampleLog.fold(batch, runID: runID, into: db, deduplicating: false) })
        {
        case .written, .runDeleted: log.batch.removeAll()
        case .failed: break
        }
    }

    /// A forecast goes to the ledger at once, in a commit of its own, so it is durable when this
    /// returns without passing through the run's log: there is one an epoch, a cost nothing beside
    /// the samples'. A refused figure is counted, never stored.
    public func forecast(_ f: EpochForecast, runID: String) {
        write("forecasts", check: { () throws(LedgerError) in try LedgerValues.check(f) }) { db in
            try Ledger.insert(f, runID: runID, db)
        }
    }

    /// The last batch and the totals in one commit. The log goes once what it holds is in the
    /// ledger, and stays for the next open to fold when it could not be written.
    public func end(_ e: RunEnding, runID: String) {
        logs.withLock { logs in
            var log = logs.removeValue(forKey: runID)
            let batch = log?.batch ?? []
            // Refused totals do not keep the samples out.
            let totals: RunEnding?
            do {
                try LedgerValues.check(e)
                totals = e
            } catch {
                count("totals", "\(error)")
                totals = nil
            }
            let outcome = write(totals == nil ? "samples" : "totals", check: {}) { db in
                try SampleLog.fold(batch, runID: runID, into: db, deduplicating: false)
                if let totals { try Self.writeTotals(totals, runID: runID, db) }
            }
            log?.file.close(removing: outcome != .failed)
        }
    }

    private static func writeTotals(_ e: RunEnding, runID: String, _ db: Database) throws {
        let m = e.machine
        try db.execute(
            sql: """
                UPDATE run SET status = ?, exit_code = ?, duration_s = ?, cpu_j = ?, gpu_j = ?, ram_j = ?, cpu_method = ?,
                    gpu_method = ?, ram_method = ?, energy_j = ?, co2e_g = ?, notes = ?, logical_cpus = ?,
                    memory_total_bytes = ?, mean_memory_used_bytes = ?, mean_cpu_utilization = ?,
                    mean_gpu_utilization_percent = ?, operating_system = ? WHERE id = ?
                """,
            arguments: [
                e.status.rawValue, e.exitCode, e.duration, e.cpuJoules, e.gpuJoules, e.ramJoules,
                e.cpuMethod.rawValue, e.gpuMethod.rawValue, e.ramMethod.rawValue, e.energyJoules, e.co2eGrams,
                JSONText.encode(e.notes), m?.logicalCPUs, m.map { Int64(clamping: $0.memoryTotalBytes) },
                m?.meanMemoryUsedBytes, m?.meanCPUUtilization, m?.meanGPUUtilization, m?.operatingSystem,
                runID
            ])
    }

    public func discard(runID: String) {
        // Samples and tasks, if any, go with it (ON DELETE CASCADE).
        _ = write("discard", check: {}) { db in try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [runID])
        }
        logs.withLock { logs in
            logs[runID]?.file.close(removing: true)
            logs[runID] = nil
        }
    }

    enum Outcome { case written, runDeleted, failed }

    @discardableResult
    private func write(
        _ what: String, check: () throws(LedgerError) -> Void,
        _ body: @escaping @Sendable (Database) throws -> Void
    ) -> Outcome {
        let reason: String
        var outcome = Outcome.failed
        do {
            try check()
            try ledger.database.write(body)
            return .written
        } catch let error as LedgerError {
            reason = error.description
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            // The run row went while the run was recorded (`footprint runs delete` from a footprint
            // that could not see this process, or a hand edit).
            reason = "the run was deleted from the ledger while it was being recorded"
            outcome = .runDeleted
        } catch {
            reason = Ledger.reason(error)
        }
        count(what, reason)
        return outcome
    }

    private func count(_ what: String, _ reason: String) {
        failures.withLock { $0[Failure(what: what, reason: reason), default: 0] += 1 }
    }
}

/// JSON text columns (command, GPU names, notes), as both backends store them.
public enum JSONText {
    /// Written by hand: Foundation's JSONEncoder, for three short arrays a run, was about 0.5 MB
    /// of the code pages `footprint run` touched.
    public static func encode(_ strings: [String]) -> String {
        "[" + strings.map(JSONStringLiteral.quoted).joined(separator: ",") + "]"
    }

    public static func decode(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8),
            let strings = try? JSONDecoder().decode([String].self, from: data)
        else { return [] }
        return strings
    }
}
