import FootprintMeter
import Foundation

/// The memory this process can still use: MemAvailable from `/proc/meminfo`, lowered to the
/// cgroup's limit where a container sets one (there `/proc/meminfo` describes the host).
public struct AvailableMemory: Sendable, Hashable {
    /// Bytes.
    public var bytes: UInt64
    /// Where the figure comes from, for messages.
    public var source: String

    public init(bytes: UInt64, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// Reads the figure under `root` (a fixture tree in tests); nil where neither file says.
    /// Off Linux, the physical memory stands in.
    public static func read(root: String = "/") -> AvailableMemory? {
        let base = SystemFile.base(ofRoot: root)
        var found: AvailableMemory?
        if let text = try? SystemFile.text("\(base)/proc/meminfo"),
            let memory = MachineMemory.parse(ArraySlice(Array(text.utf8)))
        {
            found = AvailableMemory(bytes: memory.available, source: "MemAvailable in /proc/meminfo")
        }
        // The limit itself, not the limit less the cgroup's use: that use counts page cache the
        // kernel would reclaim, and this process is most of what runs in it.
        if let cgroup = CgroupSensor(root: root), let usageFile = cgroup.memoryFile {
            let folder = (usageFile as NSString).deletingLastPathComponent
            let limitFile = folder + (cgroup.version == .v2 ? "/memory.max" : "/memory.limit_in_bytes")
            // v2 writes "max" for no limit; v1 a number near 2⁶³.
            if let limit = (try? SystemFile.text(limitFile)).flatMap({
                UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }),
                limit < 1 << 60, limit < found?.bytes ?? .max
            {
                found = AvailableMemory(bytes: limit, source: "the container's memory limit in \(limitFile)")
            }
        }
        #if !os(Linux)
        if found == nil {
            found = AvailableMemory(
                bytes: ProcessInfo.processInfo.physicalMemory, source: "the machine's physical memory")
        }
        #endif
        return found
    }
}
