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
    public let folder: String
    /// The folders footprint creates, outermost first, each checked: the registry's and its parent.
    let owned: [String]
    private let procRoot: String

    /// `$XDG_RUNTIME_DIR/footprint/attached` when XDG_RUNTIME_DIR is an absolute path, else
    /// `<TMPDIR, when absolute, else /tmp>/footprint-<uid>/attached`.
    public init(environment: [String: String], procRoot: String = "/proc") {
        let parent: String
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            parent = Self.trimmed(runtime) + "/footprint"
        } else {
            let temporary = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
            parent = Self.trimmed(temporary) + "/footprint-\(geteuid())"
        }
        folder = parent + "/attached"
        owned = [parent, folder]
        self.procRoot = procRoot
    }

    /// A path without its trailing slashes ("/" stays "").
    static func trimmed(_ path: String) -> String {
        var path = Substring(path)
        while path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }

    /// Creates the folders that are missing (mode 0700) and checks both.
    /// - Throws: ``AttachRegistryError`` naming the folder that cannot be made or is not safe.
    public func prepare() throws(AttachRegistryError) {
        for path in owned {
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw AttachRegistryError(.folderNotCreated, path: path, code: .current)
            }
            try check(path)
        }
    }

    /// Whether `path` is a real folder of this user that nobody else may write in.
    func check(_ path: String) throws(AttachRegistryError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw AttachRegistryError(.folderNotCreated, path: path, code: .current) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw AttachRegistryError(.notAFolder, path: path) }
        guard info.st_uid == geteuid() else { throw AttachRegistryError(.ownedByAnotherUser, path: path) }
        guard info.st_mode & 0o022 == 0 else { throw AttachRegistryError(.writableByOthers, path: path) }
    }

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
        guard try isThere() else { return nil }
        return read(path(of: pid)).flatMap { isAlive($0.meterPID) ? $0 : nil }
    }

    /// Every live attach's entry, by pid.
    /// - Throws: ``AttachRegistryError`` when the folder is there but not safe to trust.
    public func entries() throws(AttachRegistryError) -> [Entry] {
        guard try isThere() else { return [] }
        return SystemFile.entries(folder).filter { $0.hasSuffix(".json") }.compactMap { read("\(folder)/\($0)") }
            .filter { isAlive($0.meterPID) }.sorted { $0.pid < $1.pid }
    }

    /// Whether the folder exists, checked when it does.
    private func isThere() throws(AttachRegistryError) -> Bool {
        guard SystemFile.exists(folder) else { return false }
        for path in owned { try check(path) }
        return true
    }

    private func read(_ path: String) -> Entry? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(Entry.self, from: data)
    }

    /// Whether a process runs with the pid (a zombie has ended).
    public func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        return ProcessTreeReader.stat(procRoot: procRoot, pid: pid).map { !$0.isZombie } ?? false
    }
}
