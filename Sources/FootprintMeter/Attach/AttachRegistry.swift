import FootprintSystem
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where each running `footprint attach` says which process it measures and where its task
/// channel is: one file per target pid, `<pid>.json`, so that the measured program (the Python
/// package) finds its channel by its own pid, and `footprint attach --stop RUN` finds the meter.
///
/// The folder is the user's own (mode 0700, both levels footprint creates): an entry names a
/// process to signal, so a folder another user owns or may write in is refused.
public struct AttachRegistry: Sendable {
    /// One attach.
    public struct Entry: Codable, Sendable, Hashable {
        public var runID: String
        /// The `footprint attach` process.
        public var meterPID: Int32
        /// The process measured, and its start time (`/proc/PID/stat` field 22).
        public var pid: Int32
        public var pidStart: UInt64
        /// The run's task channel.
        public var tasks: String

        public init(runID: String, meterPID: Int32, pid: Int32, pidStart: UInt64, tasks: String) {
            self.runID = runID
            self.meterPID = meterPID
            self.pid = pid
            self.pidStart = pidStart
            self.tasks = tasks
        }

        enum CodingKeys: String, CodingKey {
            case runID = "run_id", meterPID = "meter_pid", pid, pidStart = "pid_start", tasks
        }
    }

    /// The folder of entries.
    public var folder: String { runtime.path }
    /// The folder and its parent, created and checked together.
    let runtime: RuntimeFolder
    private let procRoot: String

    /// `$XDG_RUNTIME_DIR/footprint/attached` when XDG_RUNTIME_DIR is an absolute path, else
    /// `<TMPDIR, when absolute, else /tmp>/footprint-<uid>/attached`.
    public init(environment: [String: String], procRoot: String = "/proc") {
        runtime = RuntimeFolder(environment: environment, leaf: "attached")
        self.procRoot = procRoot
    }

    /// Creates the folders that are missing (mode 0700) and checks both.
    /// - Throws: ``AttachRegistryError`` naming the folder that cannot be made or is not safe.
    public func prepare() throws(AttachRegistryError) { try runtime.prepare() }

    /// The entry of `pid`'s file.
    public func path(of pid: Int32) -> String { "\(folder)/\(pid).json" }

    /// Writes the entry of an attach that listens, atomically (a temporary file, then a rename):
    /// a reader sees the whole entry or none.
    public func write(_ entry: Entry) throws(AttachRegistryError) {
        try prepare()
        let path = path(of: entry.pid)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(entry).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw AttachRegistryError(.entryNotWritten, path: path)
        }
    }

    /// Removes `pid`'s entry, if it is the run's own (a later attach may have replaced a stale one).
    public func remove(pid: Int32, runID: String) {
        guard let entry = read(path(of: pid)), entry.runID == runID else { return }
        unlink(path(of: pid))
    }

    /// The entry of the live attach measuring `pid`, if one is; a stale one (its meter gone) is nil.
    /// - Throws: ``AttachRegistryError`` when the folder is there but not safe to trust.
    public func entry(for pid: Int32) throws(AttachRegistryError) -> Entry? {
        guard try runtime.isThere() else { return nil }
        return read(path(of: pid)).flatMap { isAlive($0.meterPID) ? $0 : nil }
    }

    /// Every live attach's entry, by pid.
    /// - Throws: ``AttachRegistryError`` when the folder is there but not safe to trust.
    public func entries() throws(AttachRegistryError) -> [Entry] {
        guard try runtime.isThere() else { return [] }
        return SystemFile.entries(folder).filter { $0.hasSuffix(".json") }.compactMap { read("\(folder)/\($0)") }
            .filter { isAlive($0.meterPID) }.sorted { $0.pid < $1.pid }
    }

    private func read(_ path: String) -> Entry? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(Entry.self, from: data)
    }

    /// Whether a process runs with the pid (a zombie has ended).
    public func isAlive(_ pid: Int32) -> Bool { RuntimeFolder.isAlive(pid, procRoot: procRoot) }
}
