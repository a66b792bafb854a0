import FootprintSystem
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A folder of footprint's own among the user's runtime files: `$XDG_RUNTIME_DIR/footprint/<leaf>`
/// when XDG_RUNTIME_DIR is an absolute path, else `<TMPDIR, when absolute, else /tmp>/footprint-<uid>/<leaf>`.
/// The attach registry (`attached`) and the live run registry (`runs`) live side by side in one.
///
/// Both levels are the user's own (mode 0700): their files name processes to signal or figures to
/// export, so a folder another user owns or may write in is refused.
struct RuntimeFolder: Sendable {
    /// The folder itself.
    let path: String
    /// The folders footprint creates, outermost first, each checked: the parent and the folder.
    let owned: [String]
    /// Whose folder it is.
    let owner: UInt32

    init(environment: [String: String], leaf: String, userID: UInt32 = geteuid()) {
        let parent: String
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            parent = Self.trimmed(runtime) + "/footprint"
        } else {
            let temporary = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
            parent = Self.trimmed(temporary) + "/footprint-\(userID)"
        }
        path = parent + "/" + leaf
        owned = [parent, path]
        owner = userID
    }

    /// A folder given by its path, created and checked alone (a test's, or one set by hand).
    init(path: String, userID: UInt32 = geteuid()) {
        self.path = Self.trimmed(path)
        owned = [self.path]
        owner = userID
    }

    /// A path without its trailing slashes ("/" stays "").
    static func trimmed(_ path: String) -> String {
        var path = Substring(path)
        while path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }

    /// Creates the folders that are missing (mode 0700) and checks each.
    /// - Throws: ``AttachRegistryError`` naming the folder that cannot be made or is not safe.
    func prepare() throws(AttachRegistryError) {
        for folder in owned {
            if mkdir(folder, 0o700) != 0 && errno != EEXIST {
                throw AttachRegistryError(.folderNotCreated, path: folder, code: .current)
            }
            try Self.check(folder, owner: owner)
        }
    }

    /// Whether the folder exists, checked when it does.
    /// - Throws: ``AttachRegistryError`` when it is there but not safe to trust.
    func isThere() throws(AttachRegistryError) -> Bool {
        guard SystemFile.exists(path) else { return false }
        for folder in owned { try Self.check(folder, owner: owner) }
        return true
    }

    /// Whether `path` is a real folder of `owner` that nobody else may write in.
    static func check(_ path: String, owner: UInt32) throws(AttachRegistryError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw AttachRegistryError(.folderNotCreated, path: path, code: .current) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw AttachRegistryError(.notAFolder, path: path) }
        guard info.st_uid == owner else { throw AttachRegistryError(.ownedByAnotherUser, path: path) }
        guard info.st_mode & 0o022 == 0 else { throw AttachRegistryError(.writableByOthers, path: path) }
    }

    /// Whether a process runs with the pid (a zombie has ended), and, when `startTime` is given,
    /// is the process that started then rather than a later one that got its pid.
    static func isAlive(_ pid: Int32, startTime: UInt64? = nil, procRoot: String = "/proc") -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM,
            let stat = ProcessTreeReader.stat(procRoot: procRoot, pid: pid), !stat.isZombie
        else { return false }
        return startTime.map { $0 == stat.startTime } ?? true
    }
}
