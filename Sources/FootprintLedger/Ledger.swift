import FootprintCore
import Foundation
import GRDB

/// The SQLite store of every run: runs, their samples and tasks.
///
/// WAL mode, so readers in other processes never block the writer and a killed writer loses nothing it committed;
/// a busy timeout, so that two runs writing one ledger at the same time both land. Migrations run
/// on open, from the first version on.
public final class Ledger: Sendable {
    /// The database file.
    public let path: String
    let database: DatabaseQueue

    /// How long a writer waits for another before giving up.
    public static let busyTimeout: TimeInterval = 10

    /// The ledger's path: `FOOTPRINT_LEDGER`, else `$XDG_DATA_HOME/footprint/ledger.sqlite`, else
    /// `~/.local/share/footprint/ledger.sqlite` (`FOOTPRINT_DATA_DIR` stands for the folder in tests).
    public static func defaultPath(environment: [String: String]) -> String {
        if let explicit = environment["FOOTPRINT_LEDGER"], !explicit.isEmpty { return explicit }
        return Host.dataFolder(environment: environment) + "/ledger.sqlite"
    }

    /// Opens (creating if needed) the ledger at `path` and brings its schema up to date.
    /// - Throws: ``LedgerError`` saying what went wrong and what to do.
    public init(path: String) throws(LedgerError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        } catch {
            throw LedgerError("cannot create the ledger's folder \(folder): \(error.localizedDescription); "
                + "give --ledger a writable path")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "footprint ledger"
        // WAL: other footprint processes read while a run writes. One connection per process is
        // enough (a run only writes; a command only reads), so a queue rather than a pool.
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in
            // In WAL mode NORMAL commits survive a killed process (the guarantee footprint makes);
            // only a power cut may drop the last commits. FULL would fsync every sample.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A small page cache: a run appends, it does not browse.
            try db.execute(sql: "PRAGMA cache_size = -256")
        }
        database = try Self.open(path: path, configuration: configuration)
        self.path = path
    }

    /// Opens and migrates, retrying while another process holds the file: switching a new file to
    /// WAL (and its first migration) answers "database is locked" without waiting on the busy
    /// timeout, which two runs starting together on a new ledger would otherwise hit.
    ///
    /// GRDB checks and applies a migration in a deferred transaction, so two processes opening a
    /// new ledger together could both decide to create the tables; an exclusive `flock` on
    /// `PATH.lock`, held only while opening, makes check-and-migrate one step.
    static func open(path: String, configuration: Configuration) throws(LedgerError) -> DatabaseQueue {
        let lock = Glibc.open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if lock >= 0 {
            while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer {
            if lock >= 0 {
                flock(lock, LOCK_UN)
                close(lock)
            }
        }
        let deadline = Date().addingTimeInterval(busyTimeout)
        var delay: UInt32 = 2_000
        while true {
            do {
                let database = try DatabaseQueue(path: path, configuration: configuration)
                try migrator.migrate(database)
                return database
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                usleep(delay)
                delay = min(delay * 2, 100_000)
            } catch {
                throw LedgerError("cannot open the ledger \(path): \(error); give --ledger another path, "
                    + "or move the file aside if it is not a footprint ledger")
            }
        }
    }

    /// The schema, one migration per version; never edit a shipped migration, add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, samples, tasks") { db in
            try db.create(table: "run") { t in
                t.primaryKey("id", .text)
                t.column("source", .text).notNull().defaults(to: "footprint")
                t.column("project", .text)
                t.column("name", .text).notNull()
                t.column("command", .text).notNull()
                t.column("host", .text).notNull()
                t.column("pid", .integer)
                t.column("started_at", .double).notNull()
                t.column("interval_s", .double)
                t.column("scope", .text).notNull()
                t.column("location_code", .text)
                t.column("location_name", .text)
                t.column("intensity_g_per_kwh", .double).notNull()
                t.column("intensity_source", .text)
                t.column("pue", .double).notNull()
                t.column("pue_source", .text)
                t.column("cpu_model", .text)
                t.column("cpu_power_model", .text)
                t.column("gpus", .text).notNull().defaults(to: "[]")
                t.column("status", .text).notNull()
                t.column("exit_code", .integer)
                t.column("duration_s", .double)
                t.column("cpu_j", .double)
                t.column("gpu_j", .double)
                t.column("ram_j", .double)
                t.column("cpu_method", .text)
                t.column("gpu_method", .text)
                t.column("ram_method", .text)
                t.column("energy_j", .double)
                t.column("co2e_g", .double)
                t.column("notes", .text).notNull().defaults(to: "[]")
                t.column("extra", .text)
            }
            try db.create(index: "run_started", on: "run", columns: ["started_at"])
            try db.create(index: "run_project", on: "run", columns: ["project", "started_at"])
            // Keyed by (run, time) without a rowid: one B-tree to update per sample instead of a
            // table and an index, which halves the pages each commit writes.
            try db.create(table: "sample", options: [.withoutRowID]) { t in
                t.column("run_id", .text).notNull().references("run", onDelete: .cascade)
                t.column("t", .double).notNull()
                t.column("dt", .double).notNull()
                for column in ["cpu_j", "cpu_process_j", "gpu_j", "gpu_process_j", "ram_j", "ram_process_j",
                               "cpu_utilization", "process_cpu_share"] {
                    t.column(column, .double).notNull()
                }
                t.primaryKey(["run_id", "t"], onConflict: .replace)
            }
            try db.create(table: "task") { t in
                t.column("run_id", .text).notNull().references("run", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("start_s", .double).notNull()
                t.column("end_s", .double).notNull()
                t.column("cpu_j", .double).notNull()
                t.column("gpu_j", .double).notNull()
                t.column("ram_j", .double).notNull()
            }
            try db.create(index: "task_run", on: "task", columns: ["run_id", "start_s"])
        }
        // The machine facts CodeCarbon's columns want (CPU count, RAM, utilisation, OS), written
        // when a run ends; rows from before stay NULL and export with those cells empty.
        migrator.registerMigration("v2: machine usage") { db in
            try db.alter(table: "run") { t in
                t.add(column: "logical_cpus", .integer)
                t.add(column: "memory_total_bytes", .integer)
                t.add(column: "mean_memory_used_bytes", .double)
                t.add(column: "mean_cpu_utilization", .double)
                t.add(column: "mean_gpu_utilization_percent", .double)
                t.add(column: "operating_system", .text)
            }
        }
        return migrator
    }

    /// The schema versions applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try database.read { db in try Self.migrator.appliedMigrations(db) }
    }
}

/// A ledger that cannot be opened, read or written, with what to do about it.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
