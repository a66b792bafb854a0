import FootprintSystem

/// The part of another process's environment (`/proc/PID/environ`) that says which job, pod and
/// namespace it belongs to: only the variables ``JobIdentity/detect(environment:cgroup:)`` and the
/// collector read are kept, so that a process with a huge environment costs a bounded read and a
/// handful of strings.
enum ProcessEnvironment {
    /// The most bytes read of one environment: schedulers' variables come to a few kilobytes.
    static let mostBytes = 256 * 1_024
    /// The longest value kept.
    static let longestValue = 1_024

    /// Variables kept whole by name.
    static let names: Set<String> = [
        "RANK", "LOCAL_RANK", "WORLD_SIZE", "HOSTNAME", "JOB_NAME", "JOB_COMPLETION_INDEX", "NODE_NAME",
        "KUBERNETES_SERVICE_HOST", "MASTER_ADDR", "MASTER_PORT"
    ]
    /// Variables kept by prefix.
    static let prefixes = ["SLURM_", "SLURMD_", "TORCHELASTIC_", "POD_"]

    /// Reads the environment of `pid` under `procRoot`; nil where it cannot be read (another user's
    /// process when not root, a process that has gone): then its job is unknown, not absent.
    static func read(procRoot: String, pid: Int32) -> [String: String]? {
        guard let file = try? SystemFile(path: "\(procRoot)/\(pid)/environ", capacity: 8_192) else { return nil }
        return try? file.read(limit: mostBytes) { parse($0) }
    }

    /// The kept variables of NUL-separated `NAME=value` entries. An entry cut by the read limit is
    /// dropped rather than kept with half a value.
    static func parse(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var found: [String: String] = [:]
        let complete = bytes.count < mostBytes || bytes.last == 0
        let entries = bytes.split(separator: 0, omittingEmptySubsequences: true)
        for (offset, entry) in entries.enumerated() {
            if !complete && offset == entries.count - 1 { break }
            guard let equals = entry.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: entry[..<equals], as: UTF8.self)
            guard names.contains(name) || prefixes.contains(where: { name.hasPrefix($0) }) else { continue }
            let value = entry[(equals + 1)...].prefix(longestValue)
            found[name] = String(decoding: value, as: UTF8.self)
        }
        return found
    }
}
