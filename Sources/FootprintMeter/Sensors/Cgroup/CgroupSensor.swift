import FootprintSystem

/// CPU time and memory of the cgroup footprint runs in, for containers: there `/proc/stat` and
/// `/proc/meminfo` describe the host, and the cgroup describes what this container used.
///
/// cgroup v2: `cpu.stat` (`usage_usec`) and `memory.current` under `/sys/fs/cgroup/PATH`.
/// cgroup v1: `cpuacct.usage` (ns) under the cpuacct hierarchy and `memory.usage_in_bytes` under
/// the memory hierarchy. PATH comes from `/proc/self/cgroup`; with a cgroup namespace the
/// container sees its own cgroup at the hierarchy's root, which is tried when PATH is absent.
public final class CgroupSensor: @unchecked Sendable {
    // @unchecked: `read` goes through SystemFile buffers, so one thread at a time may call it. Its
    // one caller is `LinuxProbe.read`, which the Sampler makes under its `reading` mutex, from the
    // sampler thread and from `checkpoint()` (the task pipe's thread) alike.

    public enum Version: String, Sendable { case v1, v2 }

    /// One reading.
    public struct Reading: Sendable, Hashable {
        /// CPU time used by the cgroup, ns.
        public var cpuNanoseconds: UInt64?
        /// Memory charged to the cgroup, bytes (page cache included).
        public var memoryBytes: UInt64?
    }

    public let version: Version
    /// The files read, for the output.
    public let cpuFile: String?
    public let memoryFile: String?
    private let cpu: SystemFile?
    private let memory: SystemFile?

    /// Finds the cgroup of this process under `root`; nil when there is none to read.
    public init?(root: String = "/") {
        let base = SystemFile.base(ofRoot: root)
        guard let table = try? SystemFile.text("\(base)/proc/self/cgroup") else { return nil }
        let (v1, v2Path) = Self.memberships(table)
        let cgroupRoot = "\(base)/sys/fs/cgroup"
        func firstExisting(_ candidates: [String]) -> String? { candidates.first(where: SystemFile.exists) }
        if v1["cpuacct"] != nil || v1["memory"] != nil {
            version = .v1
            let cpuDirs = ["cpu,cpuacct", "cpuacct,cpu", "cpuacct"]
            let cpuPath = v1["cpuacct"] ?? "/"
            cpuFile = firstExisting(
                cpuDirs.flatMap { dir in
                    ["\(cgroupRoot)/\(dir)\(Self.clean(cpuPath))/cpuacct.usage", "\(cgroupRoot)/\(dir)/cpuacct.usage"]
                })
            let memoryPath = v1["memory"] ?? "/"
            memoryFile = firstExisting([
                "\(cgroupRoot)/memory\(Self.clean(memoryPath))/memory.usage_in_bytes",
                "\(cgroupRoot)/memory/memory.usage_in_bytes"
            ])
        } else if let v2Path {
            version = .v2
            let dir = "\(cgroupRoot)\(Self.clean(v2Path))"
            cpuFile = firstExisting(["\(dir)/cpu.stat", "\(cgroupRoot)/cpu.stat"])
            memoryFile = firstExisting(["\(dir)/memory.current", "\(cgroupRoot)/memory.current"])
        } else {
            return nil
        }
        cpu = cpuFile.flatMap { try? SystemFile(path: $0, capacity: 1_024) }
        memory = memoryFile.flatMap { try? SystemFile(path: $0, capacity: 64) }
        if cpu == nil && memory == nil { return nil }
    }

    /// The cgroup paths of `/proc/self/cgroup`: v1's by controller, and v2's unified one.
    static func memberships(_ table: String) -> (v1: [String: String], v2: String?) {
        var v1: [String: String] = [:]
        var v2: String?
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            if fields[0] == "0" && fields[1].isEmpty {
                v2 = String(fields[2])
            } else {
                for controller in fields[1].split(separator: ",") { v1[String(controller)] = String(fields[2]) }
            }
        }
        return (v1, v2)
    }

    public func read() -> Reading {
        let version = self.version
        let cpuTime = try? cpu?.read { Self.cpuNanoseconds($0, version: version) }
        let memoryBytes = try? memory?.read { ASCII.unsigned($0) }
        return Reading(cpuNanoseconds: cpuTime ?? nil, memoryBytes: memoryBytes ?? nil)
    }

    /// The CPU time in a v1 `cpuacct.usage` (ns) or a v2 `cpu.stat` (µs); nil for a value past 2⁶⁴ ns.
    static func cpuNanoseconds(_ bytes: ArraySlice<UInt8>, version: Version) -> UInt64? {
        switch version {
        case .v1: return ASCII.unsigned(bytes)
        case .v2: return usageMicroseconds(bytes).flatMap { ASCII.product($0, 1_000) }
        }
    }

    /// `usage_usec N` from a v2 `cpu.stat`.
    static func usageMicroseconds(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        for line in ASCII.lines(bytes) where ASCII.hasPrefix(line, "usage_usec ") {
            return ASCII.unsigned(line.dropFirst(11))
        }
        return nil
    }

    static func clean(_ path: String) -> String { path == "/" ? "" : path }

    /// Whether footprint runs in a container (Docker, Podman, or `FOOTPRINT_CONTAINER=1`).
    public static func inContainer(root: String = "/", environment: [String: String]) -> Bool {
        if let flag = environment["FOOTPRINT_CONTAINER"] { return flag == "1" || flag.lowercased() == "true" }
        let base = SystemFile.base(ofRoot: root)
        return SystemFile.exists("\(base)/.dockerenv") || SystemFile.exists("\(base)/run/.containerenv")
    }
}
