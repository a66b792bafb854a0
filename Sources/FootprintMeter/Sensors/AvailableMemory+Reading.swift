import FootprintCore
import FootprintSystem
import Foundation

extension AvailableMemory {
    /// Reads the memory this process can still use under `root` (a fixture tree in tests):
    /// MemAvailable from `/proc/meminfo`, lowered to the cgroup's limit where a container sets one
    /// (there `/proc/meminfo` describes the host). Nil where neither file says.
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
        return found
    }
}
