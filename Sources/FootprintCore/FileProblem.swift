import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What is wrong with a path that a command could not read or write, in words a user can act on.
///
/// Foundation reports a failed read or write as "NSCocoaErrorDomain error 512"; this finds the
/// file-system cause (from the error's errno, or failing that by looking at the path) and names
/// the path, so every command that reads or writes a user's path says the same thing the same way.
public struct FileProblem: Error, CustomStringConvertible, Sendable, Equatable {
    /// Whether the path was being read or written.
    public enum Access: String, Sendable {
        case read, write
    }

    /// The cause, to match on.
    public enum Reason: String, Sendable {
        case isDirectory
        case noSuchFile
        /// The folder that should hold the file does not exist.
        case noSuchFolder
        /// A part of the path that should be a folder is a file.
        case notAFolder
        case permissionDenied
        case diskFull
        case readOnlyFileSystem
        /// A device, socket or pipe where a file was expected.
        case notARegularFile
        case nameTooLong
        /// No path at all (`--csv ""`): SQLite and Foundation give no sentence of their own for it.
        case emptyPath
        /// Anything else; `detail` says what the system said.
        case other

        /// Whether a different path would fix it (a usage error), rather than the machine's state.
        public var isUsage: Bool { self != .diskFull && self != .other }
    }

    public let path: String
    public let access: Access
    public let reason: Reason
    /// The system's own words, for ``Reason/other``.
    public let detail: String?

    public init(path: String, access: Access, reason: Reason, detail: String? = nil) {
        self.path = path
        self.access = access
        self.reason = reason
        self.detail = detail
    }

    /// The problem behind `error`, raised reading or writing `path`.
    public init(_ error: any Error, path: String, access: Access) {
        if let known = error as? FileProblem {
            self = known
            return
        }
        let reason =
            Self.errorNumber(of: error).flatMap { Self.reason(errno: $0, path: path, access: access) }
            ?? Self.diagnose(path: path, access: access)
        self.init(
            path: path, access: access, reason: reason ?? .other,
            detail: reason == nil ? Self.systemWords(error) : nil)
    }

    /// "cannot write /tmp: it is a folder, not a file; give a file name", for example.
    public var description: String {
        statement + ([.isDirectory, .emptyPath].contains(reason) ? "; give a file name" : "")
    }

    /// "cannot write /tmp: it is a folder, not a file", for a caller that adds its own advice.
    public var statement: String { "cannot \(access.rawValue) \(path.isEmpty ? "''" : path): \(explanation)" }

    /// What is wrong, without the path's own name in front, for a caller's own sentence.
    public var explanation: String {
        switch reason {
        case .isDirectory: "it is a folder, not a file"
        case .noSuchFile: "no such file"
        case .noSuchFolder: "no such folder \(Self.folder(of: path))"
        case .notAFolder: "a part of the path is a file, not a folder"
        case .permissionDenied: "permission denied"
        case .diskFull: "the disk is full"
        case .readOnlyFileSystem: "the file system is read-only"
        case .notARegularFile: "not a regular file"
        case .nameTooLong: "the name is too long"
        case .emptyPath: "the path is empty"
        case .other: detail ?? "the file system refused"
        }
    }

    /// The message for a Foundation error that names a file (the error reporter's last resort),
    /// or nil when the error is not about a file.
    public static func describing(_ error: any Error) -> FileProblem? {
        if let known = error as? FileProblem { return known }
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain,
            let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        else { return nil }
        // Cocoa's read codes are 256–511, its write codes 512–767.
        let access: Access = ns.domain == NSCocoaErrorDomain && (512..<768).contains(ns.code) ? .write : .read
        return FileProblem(error, path: path, access: access)
    }

    // MARK: - Reading and writing

    /// What would stop `path` from being read or written, looking at the path alone (nothing is
    /// opened): nil when nothing is wrong that can be seen beforehand.
    public static func check(_ path: String, access: Access) -> FileProblem? {
        diagnose(path: path, access: access).map { FileProblem(path: path, access: access, reason: $0) }
    }

    /// The contents of the regular file at `path`.
    ///
    /// Anything else is refused before it is read: a FIFO would block the open until a writer
    /// comes (forever, for a mistyped path), a terminal would wait for typing, and a device such
    /// as /dev/zero would never end.
    /// - Throws: ``FileProblem`` (``Reason/notARegularFile`` for a FIFO, socket or device).
    public static func read(_ path: String) throws(FileProblem) -> Data {
        guard !path.isEmpty else { throw FileProblem(path: path, access: .read, reason: .emptyPath) }
        try refuseIrregular(path)
        // Non-blocking, so that a FIFO put in its place since the look above is not waited on either.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw FileProblem(errno: errno, path: path, access: .read) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileProblem(errno: errno, path: path, access: .read) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileProblem(
                path: path, access: .read, reason: info.st_mode & S_IFMT == S_IFDIR ? .isDirectory : .notARegularFile)
        }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileProblem(errno: errno, path: path, access: .read)
            }
            data.append(contentsOf: chunk[..<count])
        }
    }

    /// Throws when `path` names something that exists and is not a regular file (a folder, FIFO,
    /// socket or device), looking at the path alone: a caller checks before it opens what it reads.
    public static func refuseIrregular(_ path: String, access: Access = .read) throws(FileProblem) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw FileProblem(path: path, access: access, reason: .isDirectory)
        default: throw FileProblem(path: path, access: access, reason: .notARegularFile)
        }
    }

    /// The problem a system call's `errno` stands for.
    init(errno code: Int32, path: String, access: Access) {
        self.init(POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO), path: path, access: access)
    }

    /// Writes `data` to the file at `path`, replacing it.
    public static func write(_ data: Data, to path: String) throws(FileProblem) {
        // Foundation reports a folder in the way only as "error 512": say so before trying.
        if let reason = diagnose(path: path, access: .write),
            [.isDirectory, .noSuchFolder, .notAFolder].contains(reason)
        {
            throw FileProblem(path: path, access: .write, reason: reason)
        }
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw FileProblem(error, path: path, access: .write)
        }
    }

    /// Writes `data` to a temporary file beside `path`, then renames it over `path`: a reader sees
    /// the old file or the whole new one, never half of it, and a failed write (a full disk, an
    /// interruption) leaves what was there before.
    public static func writeAtomically(_ data: Data, to path: String) throws(FileProblem) {
        if let reason = diagnose(path: path, access: .write),
            [.isDirectory, .noSuchFolder, .notAFolder, .emptyPath].contains(reason)
        {
            throw FileProblem(path: path, access: .write, reason: reason)
        }
        let name = (path as NSString).lastPathComponent
        let temporary = (folder(of: path) as NSString).appendingPathComponent(".\(name).\(getpid()).partial")
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            unlink(temporary)
            throw FileProblem(error, path: path, access: .write)
        }
        guard rename(temporary, path) == 0 else {
            let problem = FileProblem(errno: errno, path: path, access: .write)
            unlink(temporary)
            throw problem
        }
    }

    // MARK: - Finding the cause

    /// The errno behind a Foundation or POSIX error, looking through underlying errors.
    static func errorNumber(of error: any Error) -> Int32? {
        var current: NSError? = error as NSError
        while let ns = current {
            if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
            if ns.domain == NSCocoaErrorDomain, let code = cocoaErrno[ns.code] { return code }
            current = underlying(ns)
        }
        return nil
    }

    /// Cocoa codes that say the cause outright (fileNoSuchFile, fileReadNoPermission, …); the
    /// "unknown" ones (256, 512) are left to the underlying error or to a look at the path.
    static let cocoaErrno: [Int: Int32] = [
        4: ENOENT, 260: ENOENT, 257: EACCES, 513: EACCES, 640: ENOSPC, 642: EROFS, 258: ENAMETOOLONG, 514: ENAMETOOLONG
    ]

    static func reason(errno code: Int32, path: String, access: Access) -> Reason? {
        switch code {
        case EISDIR: .isDirectory
        case ENOENT:
            // A missing file to read is the file; a missing place to write is its folder.
            access == .write ? diagnose(path: path, access: access) ?? .noSuchFolder : .noSuchFile
        case ENOTDIR: .notAFolder
        case EACCES, EPERM: .permissionDenied
        case ENOSPC, EDQUOT: .diskFull
        case EROFS: .readOnlyFileSystem
        case ENAMETOOLONG: .nameTooLong
        case ENXIO, ENODEV, ESPIPE: .notARegularFile
        default: diagnose(path: path, access: access)
        }
    }

    /// The cause read off the path itself, when the error did not carry one.
    static func diagnose(path: String, access: Access) -> Reason? {
        if path.isEmpty { return .emptyPath }
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return .isDirectory
            case S_IFREG: return canAccess(path, access == .read ? R_OK : W_OK) ? nil : .permissionDenied
            default: return .notARegularFile
            }
        }
        switch errno {
        case ENOTDIR: return .notAFolder
        case EACCES: return .permissionDenied
        case ENAMETOOLONG: return .nameTooLong
        default: break
        }
        if access == .read { return .noSuchFile }
        var folderInfo = stat()
        let folder = folder(of: path)
        if stat(folder, &folderInfo) != 0 { return errno == ENOTDIR ? .notAFolder : .noSuchFolder }
        if folderInfo.st_mode & S_IFMT != S_IFDIR { return .notAFolder }
        return canAccess(folder, W_OK) ? nil : .permissionDenied
    }

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// The error beneath a Foundation error (on Linux a Swift error, which `as? NSError` misses).
    static func underlying(_ error: NSError) -> NSError? {
        (error.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
    }

    /// The system's words without Foundation's "The operation could not be completed" wrapper.
    static func systemWords(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = underlying(ns), underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        return ns.localizedDescription
    }
}

/// access(2), outside the type whose `access` property would hide it.
private func canAccess(_ path: String, _ mode: Int32) -> Bool { access(path, mode) == 0 }

/// read(2), outside the type whose `read` function would hide it.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
