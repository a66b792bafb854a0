import FootprintCore
import Foundation
import GRDB
import Synchronization

/// Records a run into the ledger as it happens: the run row at start, one committed row per
/// sample and task, the totals at the end. Every call commits before it returns, so a footprint
/// killed with SIGKILL keeps every interval it measured, and the run shows as interrupted.
public final class LedgerRecorder: RunRecorder, Sendable {
    private let ledger: Ledger
    private let failures = Mutex<[String]>([])

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    public var location: String { ledger.path }

    /// Writes that failed after the run started (the measured command goes on regardless).
    public var writeFailures: [String] { failures.withLock { $0 } }

    public func begin(_ h: RunHeader) throws {
        do {
            try ledger.database.write { db in
                try db.execute(sql: """
                    INSERT INTO run (id, project, name, command, host, pid, started_at, interval_s, scope, location_code,
                        location_name, intensity_g_per_kwh, intensity_source, pue, pue_source, cpu_model, cpu_power_model,
                        gpus, status, notes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)
                    """, arguments: [h.id, h.project, h.name, JSONText.encode(h.command), h.host, h.pid, h.startedAt,
                                     h.intervalSeconds, h.scope, h.locationCode, h.locationName,
                                     h.intensityGramsPerKilowattHour, h.intensitySource, h.pue, h.pueSource, h.cpuModel,
                                     h.cpuPowerModel, JSONText.encode(h.gpus), JSONText.encode(h.notes)])
            }
        } catch {
            throw LedgerError("cannot record the run in \(ledger.path): \(error)")
        }
    }

    public func sample(_ r: SampleRecord, runID: String) {
        write("sample") { db in
            // A cached statement: parsed once per run, not once per sample.
            try db.cachedStatement(sql: """
                INSERT INTO sample (run_id, t, dt, cpu_j, cpu_process_j, gpu_j, gpu_process_j, ram_j, ram_process_j,
                    cpu_utilization, process_cpu_share) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [runID, r.t, r.duration, r.cpuJoules, r.cpuProcessJoules, r.gpuJoules,
                                         r.gpuProcessJoules, r.ramJoules, r.ramProcessJoules, r.cpuUtilization,
                                         r.processCPUShare])
        }
    }

    public func task(_ r: TaskRecord, runID: String) {
        tasks([r], runID: runID)
    }

    public func tasks(_ records: [TaskRecord], runID: String) {
        guard !records.isEmpty else { return }
        write("task") { db in
            let insert = try db.cachedStatement(
                sql: "INSERT INTO task (run_id, name, start_s, end_s, cpu_j, gpu_j, ram_j) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for r in records {
                try insert.execute(arguments: [runID, r.name, r.start, r.end, r.cpuJoules, r.gpuJoules, r.ramJoules])
            }
        }
    }

    public func end(_ e: RunEnding, runID: String) {
        write("end") { db in
            let m = e.machine
            try db.execute(sql: """
                UPDATE run SET status = ?, exit_code = ?, duration_s = ?, cpu_j = ?, gpu_j = ?, ram_j = ?, cpu_method = ?,
                    gpu_method = ?, ram_method = ?, energy_j = ?, co2e_g = ?, notes = ?, logical_cpus = ?,
                    memory_total_bytes = ?, mean_memory_used_bytes = ?, mean_cpu_utilization = ?,
                    mean_gpu_utilization_percent = ?, operating_system = ? WHERE id = ?
                """, arguments: [e.status.rawValue, e.exitCode, e.duration, e.cpuJoules, e.gpuJoules, e.ramJoules,
                                 e.cpuMethod, e.gpuMethod, e.ramMethod, e.energyJoules, e.co2eGrams,
                                 JSONText.encode(e.notes), m?.logicalCPUs, m.map { Int64(clamping: $0.memoryTotalBytes) },
                                 m?.meanMemoryUsedBytes, m?.meanCPUUtilization, m?.meanGPUUtilization, m?.operatingSystem,
                                 runID])
        }
    }

    public func discard(runID: String) {
        // Samples and tasks, if any, go with it (ON DELETE CASCADE).
        write("discard") { db in try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [runID]) }
    }

    private func write(_ what: String, _ body: @escaping @Sendable (Database) throws -> Void) {
        do {
            try ledger.database.write(body)
        } catch {
            failures.withLock { $0.append("ledger \(what) not written: \(error)") }
        }
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
              let strings = try? JSONDecoder().decode([String].self, from: data) else { return [] }
        return strings
    }
}
