import FootprintCore
import Foundation
import GRDB
import Synchronization

/// Records a run into the ledger as it happens: the run row at start, one committed row per
/// sample and task, the totals at the end. Every call commits before it returns, so a footprint
/// killed with SIGKILL keeps every interval it measured, and the run shows as interrupted.
public final class LedgerRecorder: RunRecorder, Sendable {
    private let ledger: Ledger
    private let failures = Mutex<[Failure: Int]>([:])

    /// A kind of write that failed, counted rather than repeated: a run of 10,000 samples whose
    /// run row was deleted fails 10,000 times for one reason.
    struct Failure: Hashable {
        var what: String
        var reason: String
    }

    public init(ledger: Ledger) {
        self.ledger = ledger
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
        do {
            try ledger.database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run (id, project, name, command, host, pid, started_at, interval_s, scope, location_code,
                            location_name, intensity_g_per_kwh, intensity_source, pue, pue_source, cpu_model, cpu_power_model,
                            gpus, status, notes)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)
                        """,
                    arguments: [
                        h.id, h.project, h.name, JSONText.encode(h.command), h.host, h.pid, h.startedAt,
                        h.intervalSeconds, h.scope.rawValue, h.locationCode, h.locationName,
                        h.intensity.gramsPerKilowattHour, h.intensitySource, h.pue, h.pueSource, h.cpuModel,
                        h.cpuPowerModel, JSONText.encode(h.gpus), JSONText.encode(h.notes)
                    ])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw LedgerError(.readOnly, "cannot record the run in \(ledger.path): the ledger is read-only")
        } catch {
            throw LedgerError(.other, "cannot record the run in \(ledger.path): \(Ledger.reason(error))")
        }
    }

    public func sample(_ r: SampleRecord, runID: String) {
        write("samples", check: { () throws(LedgerError) in try LedgerValues.check(r) }) { db in
            // A cached statement: parsed once per run, not once per sample.
            try db.cachedStatement(
                sql: """
                    INSERT INTO sample (run_id, t, dt, cpu_j, cpu_process_j, gpu_j, gpu_process_j, ram_j, ram_process_j,
                        cpu_utilization, process_cpu_share) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                runID, r.t, r.duration, r.cpuJoules, r.cpuProcessJoules, r.gpuJoules,
                r.gpuProcessJoules, r.ramJoules, r.ramProcessJoules, r.cpuUtilization,
                r.processCPUShare
            ])
        }
    }

    public func task(_ r: TaskRecord, runID: String) {
        tasks([r], runID: runID)
    }

    public func tasks(_ records: [TaskRecord], runID: String) {
        guard !records.isEmpty else { return }
        write("tasks", check: { () throws(LedgerError) in for r in records { try LedgerValues.check(r) } }) { db in
            let insert = try db.cachedStatement(
                sql: "INSERT INTO task (run_id, name, start_s, end_s, cpu_j, gpu_j, ram_j) VALUES (?, ?, ?, ?, ?, ?, ?)"
            )
            for r in records {
                try insert.execute(arguments: [runID, r.name, r.start, r.end, r.cpuJoules, r.gpuJoules, r.ramJoules])
            }
        }
    }

    public func end(_ e: RunEnding, runID: String) {
        write("totals", check: { () throws(LedgerError) in try LedgerValues.check(e) }) { db in
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
    }

    public func discard(runID: String) {
        // Samples and tasks, if any, go with it (ON DELETE CASCADE).
        write("discard", check: {}) { db in try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [runID]) }
    }

    private func write(
        _ what: String, check: () throws(LedgerError) -> Void,
        _ body: @escaping @Sendable (Database) throws -> Void
    ) {
        let reason: String
        do {
            try check()
            try ledger.database.write(body)
            return
        } catch let error as LedgerError {
            reason = error.description
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            // The run row went while the run was recorded (`footprint runs delete` from a footprint
            // that could not see this process, or a hand edit).
            reason = "the run was deleted from the ledger while it was being recorded"
        } catch {
            reason = Ledger.reason(error)
        }
        failures.withLock { $0[Failure(what: what, reason: reason), default: 0] += 1 }
    }
}

/// JSON text columns (command, GPU names, notes).
enum JSONText {
    static func encode(_ strings: [String]) -> String {
        guard let data = try? JSONEncoder().encode(strings) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8),
            let strings = try? JSONDecoder().decode([String].self, from: data)
        else { return [] }
        return strings
    }
}
