import FootprintCore
import FootprintMeter
import Foundation
import Testing

/// The memory the lab checks a training run against, read from a fixture tree.
@Suite struct AvailableMemoryTests {
    @Test func availableMemoryIsTheSmallerOfMemAvailableAndTheCgroupLimit() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-memory-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write("proc/meminfo", "MemTotal:       16384000 kB\nMemFree:  1000 kB\nMemAvailable:    8192000 kB\n")
        try write("proc/self/cgroup", "0::/job\n")
        try write("sys/fs/cgroup/job/memory.current", "1048576\n")
        try write("sys/fs/cgroup/job/cpu.stat", "usage_usec 10\n")
        try write("sys/fs/cgroup/job/memory.max", "max\n")
        #expect(
            AvailableMemory.read(root: root.path)
                == AvailableMemory(bytes: 8_192_000 * 1_024, source: "MemAvailable in /proc/meminfo"))
        try write("sys/fs/cgroup/job/memory.max", "2147483648\n")
        let limited = try #require(AvailableMemory.read(root: root.path))
        #expect(limited.bytes == 2_147_483_648)
        #expect(limited.source.hasPrefix("the container's memory limit in "))
    }
}
