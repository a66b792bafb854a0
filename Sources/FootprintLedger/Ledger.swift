import FootprintCore
import FootprintSystem
import Foundation
import GRDB

/// The SQLite store of every run: runs, their samples and tasks, and the results of the experiments
/// a run measured.
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

    /// What a command means to do with the ledger, which decides how it is opened.
    public enum Access: Sendable {
        /// Read only: the file must exist; it is opened read-only, so a read-only file or folder
        /// can be listed, and a mistyped path is reported instead of created.
        case read
        /// Change runs that are there (delete): the file must exist.
        case write
        /// Record runs: the file and its folder are created when missing.
        case create
    }

    /// Opens the ledger at `path` for `access`, bringing its schema up to date when it may write.
    /// - Throws: ``LedgerError`` saying what went wrong and what to do.
    public init(path: String, access: Access = .create) throws(LedgerError) {
        try Self.checkKind(of: path)
        if access != .create {
            guard FileManager.default.fileExists(atPath: path) else {
                throw LedgerError(.missing, "no ledger at \(path)")
            }
        } else {
            if let problem = FileProblem.check(path, access: .write),
                [.isDirectory, .notARegularFile, .notAFolder].contains(problem.reason)
            {
                throw LedgerError(.notAFile, "cannot open the ledger \(path): \(problem.explanation)")
            }
            let folder = (path as NSString).deletingLastPathComponent
            do {
                if !folder.isEmpty {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
            } catch {
                let problem = FileProblem(error, path: folder, access: .write)
                // A folder this user may not create is a place that cannot be written; anything else
                // (a file in the way, no such parent) a path that cannot hold a ledger.
                let denied = [.permissionDenied, .readOnlyFileSystem].contains(problem.reason)
                throw LedgerError(
                    denied ? .readOnly : .notAFile,
                    "cannot create the ledger's folder \(folder): \(problem.explanation)")
            }
        }
        if access == .read {
            Self.foldOrphanedLogsBeforeReading(path)
            database = try Self.openReadOnly(path: path)
        } else {
            database = try Self.open(path: path, configuration: Self.configuration(readOnly: false))
            if access == .create { try Self.prepareLogFolder(ofLedger: path) }
            Self.foldOrphanedLogs(ofLedger: path, into: database)
        }
        self.path = path
    }

    /// Makes the folder of the runs' sample logs, so that one that cannot be written is refused
    /// with the ledger, before a command is started.
    static func prepareLogFolder(ofLedger path: String) throws(LedgerError) {
        let folder = SampleLog.folder(ofLedger: path)
        var failure = LogFolder.make(folder)
        if failure == nil, access(folder, W_OK) != 0 { failure = .permissionDenied }
        guard let failure else { return }
        // A file in the folder's place is a path to change; anything else, a folder to make writable.
        if failure.rawValue == ENOTDIR || failure.rawValue == EEXIST {
            throw LedgerError(
                .notAFile, "cannot keep the runs' sample logs in \(folder): a file is there, not a folder")
        }
        throw LedgerError(.readOnly, "cannot keep the runs' sample logs in \(folder): \(failure)")
    }

    /// Any command that opens the ledger folds the sample logs of runs whose recorder is gone; a
    /// reader opens it for writing only when there is a log to fold and it may write. A ledger it
    /// may not write is read without those samples (they stay in their logs until one can).
    static func foldOrphanedLogsBeforeReading(_ path: String) {
        guard hasLogs(ofLedger: path), access(path, W_OK) == 0,
            let database = try? open(path: path, configuration: configuration(readOnly: false))
        else { return }
        foldOrphanedLogs(ofLedger: path, into: database)
        try? database.close()
    }

    /// Refuses a path that cannot hold a ledger before SQLite sees it: an empty path, a folder, or
    /// something that is not a plain file (SQLite would block opening a FIFO until a writer came,
    /// and would put its journal beside a device in /dev).
    static func checkKind(of path: String) throws(LedgerError) {
        // `--ledger ""` reached SQLite, which said "could not activate WAL Mode at path: ".
        guard !path.isEmpty else {
            throw LedgerError(.notAFile, "the ledger's path is empty")
        }
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let explanation: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: explanation = FileProblem(path: path, access: .read, reason: .isDirectory).explanation
        case S_IFIFO: explanation = "not a regular file but a named pipe"
        case S_IFCHR, S_IFBLK: explanation = "not a regular file but a device"
        default: explanation = "not a regular file"
        }
        throw LedgerError(.notAFile, "cannot open the ledger \(path): \(explanation)")
    }

    static func configuration(readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "footprint ledger"
        configuration.readonly = readOnly
        // WAL: other footprint processes read while a run writes. One connection per process is
        // enough (a run only writes; a command only reads), so a queue rather than a pool.
        configuration.prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            // Set here rather than with GRDB's `journalMode = .wal`, which also makes sure of a
            // non-empty -wal file for the sake of pools by creating and dropping a table: a commit
            // and a sync at every open, since the last connection to close removes the file (about
            // a tenth of `footprint run`'s start-up CPU). WAL mode stays with the file.
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                throw DatabaseError(message: "could not switch the ledger to WAL mode")
            }
            // In WAL mode NORMAL commits survive a killed process (the guarantee footprint makes);
            // only a power cut may drop the last commits. FULL would fsync every sample.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A small page cache: a run appends, it does not browse.
            try db.execute(sql: "PRAGMA cache_size = -256")
        }
        return configuration
    }

    /// Opens without writing anything. A ledger from an older footprint is upgraded first when the
    /// file can be written (reading it needs the new columns); when it cannot, the error says so.
    static func openReadOnly(path: String) throws(LedgerError) -> DatabaseQueue {
        let database: DatabaseQueue
        let current: Bool
        // A WAL database opened read-only still needs its -wal and -shm files: a read-only folder
        // cannot hold them, and beside a read-only file SQLite creates them read-only too, which
        // would stop the owner writing once the file is writable again. So a file this process
        // cannot write, with no WAL content waiting, is read as immutable (no side files, no
        // locks); with WAL content (a writer at work) it is read through the WAL.
        let writable = access(path, W_OK) == 0
        let walInUse = ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0) > 0
        do {
            (database, current) = try openReadOnlyOnce(
                path: writable || walInUse ? path : immutableURI(path), ledger: path)
        } catch let error as LedgerError {
            throw error
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN
        {
            // No -shm and no way to create it: read the file alone.
            do {
                (database, current) = try openReadOnlyOnce(path: immutableURI(path), ledger: path)
            } catch let error as LedgerError {
                throw error
            } catch {
                throw LedgerError(.unopenable, "cannot read the ledger \(path): \(Self.reason(error))")
            }
        } catch {
            throw LedgerError(.unopenable, "cannot read the ledger \(path): \(Self.reason(error))")
        }
        if current { return database }
        guard access(path, W_OK) == 0 else {
            throw LedgerError(
                .needsUpgrade,
                "the ledger \(path) was written by an older footprint and its schema must be "
                    + "upgraded once, which needs write access; make it writable (chmod u+w) or run this on a copy")
        }
        _ = try open(path: path, configuration: configuration(readOnly: false))
        do {
            return try DatabaseQueue(path: path, configuration: configuration(readOnly: true))
        } catch {
            throw LedgerError(.unopenable, "cannot read the ledger \(path): \(Self.reason(error))")
        }
    }

    /// Opens `path` (the ledger's path or a URI of it) read-only; `ledger` is the path to name in errors.
    static func openReadOnlyOnce(path: String, ledger: String) throws -> (DatabaseQueue, current: Bool) {
        let database = try DatabaseQueue(path: path, configuration: configuration(readOnly: true))
        return (
            database,
            try database.read { db in
                try refuseNewerSchema(db, path: ledger)
                return try migrator.hasCompletedMigrations(db)
            }
        )
    }

    /// Refuses a ledger a newer footprint migrated further than this one knows: reading it could
    /// misread its rows, and writing it could break them for the footprint that wrote it.
    /// - Throws: ``LedgerError`` with reason `.newerSchema`, naming both versions.
    static func refuseNewerSchema(_ db: Database, path: String) throws {
        guard try migrator.hasBeenSuperseded(db) else { return }
        let known = Set(migrator.migrations)
        let unknown = try migrator.appliedIdentifiers(db).subtracting(known).sorted()
        throw LedgerError(
            .newerSchema,
            "the ledger \(path) has schema version \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                + "this footprint knows up to '\(migrator.migrations.last ?? "none")': update footprint")
    }

    /// `file:PATH?immutable=1`, the path percent-encoded where a URI needs it.
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Opens and migrates, retrying while another process holds the file: switching a new file to
    /// WAL (and its first migration) answers "database is locked" without waiting on the busy
    /// timeout, which two runs starting together on a new ledger would otherwise hit.
    ///
    /// GRDB checks and applies a migration in a deferred transaction, so two processes opening a
    /// new ledger together could both decide to create the tables; an exclusive `flock` on
    /// `PATH.lock`, held only while opening, makes check-and-migrate one step.
    static func open(path: String, configuration: Configuration) throws(LedgerError) -> DatabaseQueue {
        // Without the lock file (a read-only folder) the open goes ahead unlocked, as SQLite would.
        let calls = SystemCalls.system
        let lock = (try? calls.openFile(path + ".lock", [.create, .readWrite, .closeOnExec], mode: 0o644).get()) ?? -1
        if lock >= 0 { _ = calls.lockExclusively(lock) }
        defer {
            if lock >= 0 {
                _ = calls.unlock(lock)
                _ = calls.close(lock)
            }
        }
        let deadline = Date().addingTimeInterval(busyTimeout)
        var delay: UInt32 = 2_000
        while true {
            do {
                let database = try DatabaseQueue(path: path, configuration: configuration)
                try database.read { db in try refuseNewerSchema(db, path: path) }
                try migrator.migrate(database)
                return database
            } catch let error as LedgerError {
                throw error
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline
            {
                usleep(delay)
                delay = min(delay * 2, 100_000)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
                throw LedgerError(
                    .readOnly, "the ledger \(path) is read-only; footprint can list it but not record into it")
            } catch {
                throw LedgerError(.unopenable, "cannot open the ledger \(path): \(Self.reason(error))")
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
                for column in [
                    "cpu_j", "cpu_process_j", "gpu_j", "gpu_process_j", "ram_j", "ram_process_j",
                    "cpu_utilization", "process_cpu_share"
                ] {
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
        // The results of `lab experiment` beside the run that measured them, so that a report can
        // render them again: the suite's header once per run, each experiment as the JSON of its
        // result (one schema for the ledger, `--json` and the report). Both go with their run.
        migrator.registerMigration("v3: experiments") { db in
            try db.create(table: "experiment_suite") { t in
                t.primaryKey("run_id", .text).references("run", onDelete: .cascade)
                t.column("engine", .text).notNull()
                t.column("scale", .text).notNull()
                t.column("machine", .text).notNull()
                t.column("repeats", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("started", .text).notNull()
                t.column("device", .text).notNull()
            }
            try db.create(table: "experiment", options: [.withoutRowID]) { t in
                t.column("run_id", .text).notNull().references("experiment_suite", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("result", .text).notNull()
                t.primaryKey(["run_id", "position"])
            }
        }
        // The forecasts `footprint run --epochs N` makes as its epochs end, each kept as it was made,
        // so that a report can draw them against what the run used. They go with their run.
        migrator.registerMigration("v4: forecasts") { db in
            try db.create(table: "forecast") { t in
                t.column("run_id", .text).notNull().references("run", onDelete: .cascade)
                t.column("made_at_s", .double).notNull()
                t.column("after_epochs", .integer).notNull()
                t.column("epochs", .integer).notNull()
                t.column("duration_s", .double).notNull()
                t.column("energy_j", .double).notNull()
                t.column("low_energy_j", .double).notNull()
                t.column("high_energy_j", .double).notNull()
                t.column("co2e_g", .double).notNull()
                t.column("excluded_warm_up", .boolean).notNull()
                t.column("basis", .text).notNull()
            }
            try db.create(index: "forecast_run", on: "forecast", columns: ["run_id", "made_at_s"])
        }
        // The batch job a run belongs to (Slurm, torchrun, Kubernetes, or by hand), so that the
        // runs of one job, one per rank and node, read back as one. Older rows have none.
        migrator.registerMigration("v5: jobs") { db in
            try db.alter(table: "run") { t in
                t.add(column: "job_scheduler", .text)
                t.add(column: "job_id", .text)
                t.add(column: "job_name", .text)
                t.add(column: "job_rank", .integer)
                t.add(column: "job_local_rank", .integer)
                t.add(column: "job_world_size", .integer)
                t.add(column: "job_node", .text)
                t.add(column: "job_pod", .text)
                t.add(column: "job_namespace", .text)
            }
            try db.create(index: "run_job", on: "run", columns: ["job_id", "started_at"])
        }
        // Who recorded a run, for a team's ledger (runs by user); older and imported rows have none.
        migrator.registerMigration("v6: users") { db in
            try db.alter(table: "run") { t in t.add(column: "user", .text) }
            try db.create(index: "run_user", on: "run", columns: ["user", "started_at"])
            try db.create(index: "run_host", on: "run", columns: ["host", "started_at"])
        }
        // Time-resolved grid intensities (fetched or imported), one row per zone, start, factor and
        // kind: that key is the primary key without a rowid, so the (zone, start) lookups of a
        // span read one B-tree in order, and a year of hourly readings costs no second index.
        migrator.registerMigration("v7: intensities") { db in
            try db.create(table: "intensity", options: [.withoutRowID]) { t in
                t.column("zone", .text).notNull()
                t.column("start_s", .double).notNull()
                t.column("factor", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("end_s", .double).notNull()
                t.column("g_per_kwh", .double).notNull()
                t.column("source", .text).notNull()
                t.column("recorded_at_s", .double).notNull()
                t.primaryKey(["zone", "start_s", "factor", "kind"])
            }
        }
        // Runs priced by the hour: the basis of a run's CO2e and what `run --start best` planned
        // (JSON, NULL for a run priced at its annual figure and started at once), the intensity each
        // sample was priced at, and the figures a run carried before it was priced again.
        migrator.registerMigration("v8: hourly pricing") { db in
            try db.alter(table: "run") { t in
                t.add(column: "pricing", .text)
                t.add(column: "planned", .text)
            }
            try db.alter(table: "sample") { t in t.add(column: "g_per_kwh", .double) }
            try db.create(table: "run_price") { t in
                t.column("run_id", .text).notNull().references("run", onDelete: .cascade)
                t.column("replaced_at_s", .double).notNull()
                t.column("co2e_g", .double).notNull()
                t.column("basis", .text)
                t.column("reason", .text).notNull()
            }
            try db.create(index: "run_price_run", on: "run_price", columns: ["run_id", "replaced_at_s"])
        }
        return migrator
    }

    /// The schema versions applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try database.read { db in try Self.migrator.appliedMigrations(db) }
    }
}

/// A ledger that cannot be opened, read or written, or a request it refuses. The description says
/// what is wrong; what to do about it in a front end's terms (a flag, a command) is the front end's
/// to add, by reason.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    /// Why, to match on; the description is for the user.
    public enum Reason: Sendable, Hashable {
        /// No ledger at the path (and the command only reads or changes one).
        case missing
        /// The file or its folder cannot be written, and the command must write.
        case readOnly
        /// An older schema that a read-only file cannot be upgraded to.
        case needsUpgrade
        /// A path that cannot hold a ledger: empty, a folder, a named pipe, a device or a socket, a
        /// part of it a file, or a folder that cannot be created. The user's input to fix.
        case notAFile
        /// Not a ledger, or unreadable.
        case unopenable
        /// No run with that id.
        case noSuchRun
        /// An id prefix that matches several runs.
        case ambiguousID
        /// A run still being recorded by a live footprint process.
        case liveRun
        /// A run marked running by footprint on another host, which this machine cannot check.
        case liveRunElsewhere
        /// A value that must never reach the ledger: not finite, or negative.
        case invalidValue
        /// An import file that cannot be read as a CodeCarbon emissions.csv.
        case badImport
        /// Rows of an import file that are not valid: nothing was imported, as skipping them was not asked.
        case rejectedRows
        /// A stored status, scope, source or method this version does not know (a newer footprint
        /// wrote it, or the file was edited); the description names the run and the value.
        case unknownStoredValue
        /// A ledger server that cannot be reached: refused, timed out, or closed the connection.
        case unreachable
        /// A ledger server that refused the credentials, or the TLS a URL asked for.
        case authentication
        /// A ledger whose schema a newer footprint wrote: this version refuses to read or write it
        /// (the description names both versions).
        case newerSchema
        /// A ledger location that is neither a path nor a `postgres://` URL this version can use.
        case badLocation
        /// Anything else the database refused.
        case other
    }

    public let reason: Reason
    public let description: String

    public init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }
}

extension Ledger {
    /// A database error as one line: SQLite's message without the SQL and arguments GRDB appends.
    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
