import FootprintCore
import FootprintSystem

/// The job a running process belongs to, read from its environment and cgroup in procfs: what
/// `footprint attach` records for the process it measures.
public enum ProcessJob {
    /// The job of `pid` (nil outside any), and whether its environment could be read: another
    /// user's process hides it, and then only its cgroup (a Kubernetes pod) can name the job.
    public static func detect(pid: Int32, procRoot: String = "/proc") -> (job: JobIdentity?, environmentRead: Bool) {
        let environment = try? SystemFile(path: "\(procRoot)/\(pid)/environ", capacity: 16_384).read(Self.parse)
        let cgroup = try? SystemFile.text("\(procRoot)/\(pid)/cgroup")
        return (JobIdentity.detect(environment: environment ?? [:], cgroup: cgroup), environment != nil)
    }

    /// The job of this process, whose environment the command it starts inherits.
    public static func detectOwn(environment: [String: String], procRoot: String = "/proc") -> JobIdentity? {
        JobIdentity.detect(environment: environment, cgroup: try? SystemFile.text("\(procRoot)/self/cgroup"))
    }

    /// `KEY=VALUE` entries separated by NULs, as `/proc/PID/environ` holds them; the first of a
    /// key repeated wins, as getenv finds it.
    static func parse(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var environment: [String: String] = [:]
        for entry in bytes.split(separator: 0) {
            guard let equals = entry.firstIndex(of: UInt8(ascii: "=")), equals > entry.startIndex else { continue }
            let key = String(decoding: entry[..<equals], as: UTF8.self)
            if environment[key] == nil {
                environment[key] = String(decoding: entry[(equals + 1)...], as: UTF8.self)
            }
        }
        return environment
    }
}
