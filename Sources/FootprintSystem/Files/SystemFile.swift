#if canImport(Glibc)
import Glibc  // access, opendir/readdir: directory walks that need no fake
#endif

/// A kernel file (procfs, sysfs) opened once and re-read from offset 0 on every sample.
///
/// The sampler reads the same handful of files ten times a second; `pread` on a kept descriptor
/// costs one system call where open/read/close costs three, and the kernel regenerates the
/// contents on each read at offset 0.
public final class SystemFile: @unchecked Sendable {
    // @unchecked: `buffer` is mutated by `read`, so one thread at a time may call it. Each file
    // belongs to one owner that guarantees that: a sensor opened by `LinuxProbe` is read under the
    // Sampler's `reading` mutex (the sampler thread and `checkpoint()` callers both take it); a
    // file opened for one read (`text`, CommandTree) stays on the thread that opened it.
    public let path: String
    private let descriptor: Int32
    private var buffer: [UInt8]
    private let calls: SystemCalls

    /// Opens `path` for reading.
    /// - Parameter calls: the system calls to make; tests pass fakes.
    /// - Throws: ``SystemFileError`` with the errno, so that callers can tell "absent" from "forbidden".
    public init(path: String, capacity: Int = 4_096, calls: SystemCalls = .system) throws(SystemFileError) {
        switch calls.openFile(path, [.readOnly, .closeOnExec]) {
        case .success(let fd): self.descriptor = fd
        case .failure(let failure): throw SystemFileError(path: path, errno: failure.rawValue)
        }
        self.path = path
        self.calls = calls
        self.buffer = [UInt8](repeating: 0, count: capacity)
    }

    deinit { _ = calls.close(descriptor) }

    /// Reads the whole file from offset 0 and hands the bytes to `body`, growing the buffer as needed,
    /// up to `limit` bytes: a file another process controls (its environment) can be megabytes long.
    public func read<T>(limit: Int = .max, _ body: (ArraySlice<UInt8>) throws -> T) throws -> T {
        var total = 0
        while true {
            if total == buffer.count {
                guard buffer.count < limit else { break }
                buffer += [UInt8](repeating: 0, count: min(max(buffer.count, 1), limit - buffer.count))
            }
            let (fd, pread) = (descriptor, calls.pread)
            let result = buffer.withUnsafeMutableBytes { raw -> Result<Int, Errno> in
                guard let base = raw.baseAddress else { return .success(0) }
                return retryingInterrupted { pread(fd, base + total, raw.count - total, Int64(total)) }
            }
            let count: Int
            switch result {
            case .success(let read): count = read
            case .failure(let failure): throw SystemFileError(path: path, errno: failure.rawValue)
            }
            if count == 0 { break }
            total += count
            // Kernel files hand over everything they have in one read when the buffer is larger:
            // a short read is the end, and saves the second system call on every sample.
            if total < buffer.count { break }
        }
        return try body(buffer[0..<total])
    }

    /// Reads the file once as text (for files read at start-up only).
    public static func text(_ path: String) throws(SystemFileError) -> String {
        let file = try SystemFile(path: path)
        do {
            return try file.read { String(decoding: $0, as: UTF8.self) }
        } catch let error as SystemFileError {
            throw error
        } catch {
            throw SystemFileError(path: path, errno: Errno.ioError.rawValue)
        }
    }

    /// Whether the file exists (whatever its permissions).
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The entries of a directory, without `.` and `..`; empty if it cannot be read.
    public static func entries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// A kernel file that could not be opened or read.
public struct SystemFileError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The errno from the failed call.
    public let errno: Int32

    /// A failure of `path` with `errno`; public so that an opener handed to a sensor (a test's
    /// fake) can fail as a real file does.
    public init(path: String, errno: Int32) {
        self.path = path
        self.errno = errno
    }

    /// The errno, to match on by name (`.noSuchFile`, `.permissionDenied`).
    public var code: Errno { Errno(rawValue: errno) }

    /// Whether the file is there but not readable by this user.
    public var isPermissionDenied: Bool { code == .permissionDenied || code == .notPermitted }

    public var description: String { "\(path): \(code)" }
}
