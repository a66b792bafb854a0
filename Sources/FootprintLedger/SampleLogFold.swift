import FootprintCore
import FootprintSystem
import Foundation
import GRDB

extension SampleLog {
    /// Writes `records` of run `runID` into the ledger's tables, in the caller's transaction.
    ///
    /// A sample is keyed by its run and time, so writing it again replaces it with itself. A task
    /// has no key: `deduplicating` inserts only the copies of each the ledger lacks, so that a log
    /// folded twice (a crash between the commit and the log's removal) adds nothing, and a task
    /// the ledger holds twice (two marks in one burst share their instant) stays twice.
    static func fold(_ records: [Record], runID: String, into db: Database, deduplicating: Bool) throws {
        guard !records.isEmpty else { return }
        let sample = try db.cachedStatement(
            sql: """
                INSERT INTO sample (run_id, t, dt, cpu_j, cpu_process_j, gpu_j, gpu_process_j, ram_j, ram_process_j,
                    cpu_utilization, process_cpu_share) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let task = try db.cachedStatement(
            sql: "INSERT INTO task (run_id, name, start_s, end_s, cpu_j, gpu_j, ram_j) VALUES (?, ?, ?, ?, ?, ?, ?)")
        var present: [TaskRecord: Int] = [:]
        if deduplicating, records.contains(where: { if case .task = $0 { true } else { false } }) {
            let rows = try Row.fetchCursor(
                db, sql: "SELECT name, start_s, end_s, cpu_j, gpu_j, ram_j FROM task WHERE run_id = ?",
                arguments: [runID])
            while let row = try rows.next() {
                let r = TaskRecord(
                    name: row[0], start: row[1], end: row[2], cpuJoules: row[3], gpuJoules: row[4], ramJoules: row[5])
                present[r, default: 0] += 1
            }
        }
        for record in records {
            switch record {
            case .sample(let r):
                try sample.execute(arguments: [
                    runID, r.t, r.duration, r.cpuJoules, r.cpuProcessJoules, r.gpuJoules, r.gpuProcessJoules,
                    r.ramJoules, r.ramProcessJoules, r.cpuUtilization, r.processCPUShare
                ])
            case .task(let r):
                if let copies = present[r], copies > 0 {
                    present[r] = copies - 1
                    continue
                }
                try task.execute(arguments: [runID, r.name, r.start, r.end, r.cpuJoules, r.gpuJoules, r.ramJoules])
            }
        }
    }

    /// Whether a record passes the check every value passes before the ledger writes it: a log
    /// damaged in a way its hash missed must not ruin a total.
    static func isWritable(_ record: Record) -> Bool {
        switch record {
        case .sample(let r): (try? LedgerValues.check(r)) != nil
        case .task(let r): (try? LedgerValues.check(r)) != nil
        }
    }
}

extension Ledger {
    /// Folds into `database` the logs in `<path>.d/` whose recorder is gone (killed, or ended
    /// without reaching the ledger), then removes them. A log still locked by a live recorder is
    /// left to it. Idempotent: a log folded again adds nothing. A log that cannot be folded now
    /// (the ledger busy) stays for the next open; one whose run was deleted goes.
    /// - Returns: the ids of the runs folded.
    @discardableResult
    static func foldOrphanedLogs(ofLedger path: String, into database: DatabaseQueue) -> [String] {
        let folder = SampleLog.folder(ofLedger: path)
        guard let names = LogFolder.names(in: folder) else { return [] }
        var folded: [String] = []
        let calls = SystemCalls.system
        for name in names.sorted() {
            let file = folder + "/" + name
            let runID = SampleLog.runID(fileName: name)
            // A hidden log whose recorder died before naming it holds nothing yet.
            let unnamed = name.hasPrefix(".") && name.hasSuffix(SampleLog.fileSuffix + ".new")
            guard runID != nil || unnamed,
                case .success(let descriptor) = calls.openFile(file, [.readOnly, .closeOnExec])
            else { continue }
            defer { _ = calls.close(descriptor) }
            guard calls.lockExclusivelyIfFree(descriptor) else { continue }
            guard let runID else {
                LogFolder.remove(file)
                continue
            }
            // Not a sample log (a file someone put there): left alone.
            guard let bytes = LogFolder.contents(of: descriptor), let records = SampleLog.decode(bytes)
            else { continue }
            do {
                try database.write { db in
                    // The run was deleted after its recorder died: nothing to fold into.
                    guard try Row.fetchOne(db, sql: "SELECT 1 FROM run WHERE id = ?", arguments: [runID]) != nil
                    else { return }
                    try SampleLog.fold(
                        records.filter(SampleLog.isWritable), runID: runID, into: db, deduplicating: true)
                }
            } catch {
                continue
            }
            LogFolder.remove(file)
            folded.append(runID)
        }
        return folded
    }

    /// Whether `<path>.d/` holds any log: the cheap look before a reader opens the ledger for writing to fold.
    static func hasLogs(ofLedger path: String) -> Bool {
        guard let names = LogFolder.names(in: SampleLog.folder(ofLedger: path)) else { return false }
        return names.contains { SampleLog.runID(fileName: $0) != nil }
    }
}
