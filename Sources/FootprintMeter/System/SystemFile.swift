#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A kernel file (procfs, sysfs) opened once and re-read from offset 0 on every sample.
///
/// The sampler reads the same handful of files ten times a second; `pread` on a kept descriptor
/// costs one system call where open/read/close costs three, and the kernel regenerates the
/// contents on each read at offset 0.
public final class SystemFile: @unchecked Sendable {
    // @unchecked: the descriptor and buffer are used by one sampler thread at a time; the
    // sampler owns every SystemFile it opens and never shares them.
    public let path: String
    private let descriptor: Int32
    private var buffer: [UInt8]

    /// Opens `path` for reading.
    /// - Throws: ``SystemFileError`` with the errno, so that callers can tell "absent" from "forbidden".
    public init(path: String, capacity: Int = 4_096) throws(SystemFileError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemFileError(path: path, errno: errno) }
        self.path = path
        self.descriptor = fd
        self.buffer = [UInt8](repeating: 0, count: capacity)
    }

    deinit { close(descriptor) }

    /// Reads the whole file from offset 0 and hands the bytes to `body`, growing the buffer as needed.
    public func read<T>(_ body: (ArraySlice<UInt8>) throws -> T) throws -> T {
        var total = 0
        while true {
            if total == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return pread(descriptor, base + total, raw.count - total, off_t(total))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemFileError(path: path, errno: errno)
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
            throw SystemFileError(path: path, errno: EIO)
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

    /// Whether the file is there but not readable by this user.
    public var isPermissionDenied: Bool { errno == EACCES || errno == EPERM }

    public var description: String { "\(path): \(String(cString: strerror(errno)))" }
}
