import FootprintCore

#if canImport(Glibc)
import Glibc
#endif

/// The run as it happens, one JSON line per event, in `DATA/footprint/runs/ID.jsonl`.
///
/// Each line goes to the kernel with one `write` on an `O_APPEND` descriptor as soon as it is
/// known, so a footprint killed with SIGKILL keeps every finished interval; a journal without an
/// `end` line is an interrupted run. The SQLite ledger will take this role (issue 4) with the
/// same guarantee.
public final class RunJournal: @unchecked Sendable {
    // @unchecked: `write` on an O_APPEND descriptor is atomic per line; nothing else is mutable.

    /// The journal file.
    public let path: String
    private let descriptor: Int32

    /// The folder for journals: `FOOTPRINT_DATA_DIR`, else `$XDG_DATA_HOME/footprint`, else
    /// `~/.local/share/footprint`; runs go in its `runs/` folder.
    public static func defaultFolder(environment: [String: String]) -> String {
        if let explicit = environment["FOOTPRINT_DATA_DIR"], !explicit.isEmpty { return explicit + "/runs" }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/footprint/runs" }
        return (environment["HOME"] ?? "/tmp") + "/.local/share/footprint/runs"
    }

    /// Creates `folder` if needed and opens a new journal for run `id`.
    public init(folder: String, id: String) throws(ChildProcessError) {
        var made = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            made += "/" + part
            mkdir(made, 0o755)  // EEXIST is fine; a real failure shows at open below
        }
        path = "\(folder)/\(id).jsonl"
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ChildProcessError("cannot write the run journal \(path): \(String(cString: strerror(errno))); "
                + "set FOOTPRINT_DATA_DIR to a writable folder")
        }
    }

    deinit { close(descriptor) }

    func append(_ line: JSONLine) {
        let text = line.line
        var utf8 = Array(text.utf8)
        var offset = 0
        while offset < utf8.count {
            let written = utf8.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(descriptor, base + offset, raw.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }  // a full disk must not stop the measured command
            offset += written
        }
    }

    /// Records an interval.
    func sample(_ i: IntervalEnergy, since start: Double) {
        var line = JSONLine()
        line.add("type", "sample")
        line.add("t", i.end - start)
        line.add("dt", i.duration)
        for component in Component.allCases {
            line.add("\(component.rawValue)_j", i[component].machine.joules)
            line.add("\(component.rawValue)_process_j", i[component].attributed.joules)
        }
        line.add("cpu_utilization", i.cpuUtilization)
        line.add("process_cpu_share", i.treeCPUShare)
        append(line)
    }
}
