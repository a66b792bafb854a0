import FootprintSystem

#if canImport(Glibc)
import Glibc  // mkdir, rename, unlink, opendir
#endif

/// The few folder operations the sample logs need, as plain system calls: Foundation's
/// FileManager goes through URLs and path objects whose code `footprint run` would otherwise
/// page in for a `mkdir` and a `rename`.
enum LogFolder {
    /// Makes `path` and any missing parent; an error number when it is not a folder after.
    static func make(_ path: String) -> Errno? {
        var made = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            made += "/" + part
            if mkdir(made, 0o755) != 0, Errno.current != .exists { return Errno.current }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { return Errno.current }
        return info.st_mode & S_IFMT == S_IFDIR ? nil : Errno(rawValue: ENOTDIR)
    }

    static func rename(_ from: String, to: String) -> Errno? {
        Glibc.rename(from, to) == 0 ? nil : Errno.current
    }

    static func remove(_ path: String) { unlink(path) }

    /// The names in `folder`, nil when it cannot be read (it is not there).
    static func names(in folder: String) -> [String]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(cString: $0)
                }
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// The whole of an open file, read from its start.
    static func contents(of descriptor: Int32, calls: SystemCalls = .system) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let offset = Int64(bytes.count)
            let read = chunk.withUnsafeMutableBytes { raw in
                retryingInterrupted { calls.pread(descriptor, raw.baseAddress, raw.count, offset) }
            }
            guard case .success(let count) = read else { return nil }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }
}
