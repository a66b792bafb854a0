import Foundation
import Testing

@testable import FootprintMeter

@Suite struct CgroupTests {
    @Test func cgroupV2() throws {
        let tree = try FixtureTree([
            "proc/self/cgroup": "0::/system.slice/docker-abc.scope\n",
            "sys/fs/cgroup/system.slice/docker-abc.scope/cpu.stat":
                "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n",
            "sys/fs/cgroup/system.slice/docker-abc.scope/memory.current": "734003200\n"
        ])
        let sensor = try #require(CgroupSensor(root: tree.path))
        #expect(sensor.version == .v2)
        #expect(sensor.read() == .init(cpuNanoseconds: 2_500_000_000, memoryBytes: 734_003_200))
    }

    @Test func cgroupV2InItsOwnNamespace() throws {
        // With a cgroup namespace the container's cgroup is the root it sees.
        let tree = try FixtureTree([
            "proc/self/cgroup": "0::/\n",
            "sys/fs/cgroup/cpu.stat": "usage_usec 10\n",
            "sys/fs/cgroup/memory.current": "4096\n"
        ])
        #expect(try #require(CgroupSensor(root: tree.path)).read() == .init(cpuNanoseconds: 10_000, memoryBytes: 4_096))
    }

    @Test func cgroupV1WithCombinedCPUHierarchy() throws {
        let tree = try FixtureTree([
            "proc/self/cgroup": "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n",
            "sys/fs/cgroup/cpu,cpuacct/docker/abc/cpuacct.usage": "123456789\n",
            "sys/fs/cgroup/memory/docker/abc/memory.usage_in_bytes": "1048576\n"
        ])
        let sensor = try #require(CgroupSensor(root: tree.path))
        #expect(sensor.version == .v1)
        #expect(sensor.read() == .init(cpuNanoseconds: 123_456_789, memoryBytes: 1_048_576))
    }

    @Test func cgroupV1FallsBackToTheHierarchyRoot() throws {
        let tree = try FixtureTree([
            "proc/self/cgroup": "3:cpuacct:/not/mounted/here\n2:memory:/also/absent\n",
            "sys/fs/cgroup/cpuacct/cpuacct.usage": "5\n",
            "sys/fs/cgroup/memory/memory.usage_in_bytes": "7\n"
        ])
        #expect(try #require(CgroupSensor(root: tree.path)).read() == .init(cpuNanoseconds: 5, memoryBytes: 7))
    }

    @Test func noCgroupFiles() throws {
        let tree = try FixtureTree(["proc/self/cgroup": "0::/x\n"])
        #expect(CgroupSensor(root: tree.path) == nil)
    }

    @Test func containerDetection() throws {
        let docker = try FixtureTree([".dockerenv": ""])
        #expect(CgroupSensor.inContainer(root: docker.path, environment: [:]))
        #expect(!CgroupSensor.inContainer(root: docker.path, environment: ["FOOTPRINT_CONTAINER": "0"]))
        let podman = try FixtureTree(["run/.containerenv": ""])
        #expect(CgroupSensor.inContainer(root: podman.path, environment: [:]))
        let host = try FixtureTree()
        #expect(!CgroupSensor.inContainer(root: host.path, environment: [:]))
    }

    /// In a container the probe turns cgroup CPU time into busy ticks over the elapsed capacity,
    /// and charges the cgroup's memory as memory in use.
    @Test func probeUsesTheCgroupInAContainer() throws {
        let tree = try FixtureTree([
            ".dockerenv": "",
            "proc/stat":
                "cpu  100 0 100 10000 0 0 0 0 0 0\ncpu0 50 0 50 5000 0 0 0 0 0 0\ncpu1 50 0 50 5000 0 0 0 0 0 0\n",
            "proc/meminfo": "MemTotal: 16000000 kB\nMemAvailable: 15000000 kB\n",
            "proc/self/cgroup": "0::/\n",
            "sys/fs/cgroup/cpu.stat": "usage_usec 0\n",
            "sys/fs/cgroup/memory.current": "2000000000\n"
        ])
        let probe = LinuxProbe(root: tree.path, environment: [:], ticksPerSecond: 100)
        #expect(probe.notes.contains { $0.contains("in a container") && $0.contains("cgroup v2") })
        let first = probe.read()
        try tree.write("sys/fs/cgroup/cpu.stat", "usage_usec 1000000\n")
        usleep(100_000)
        let second = probe.read()
        #expect(second.memory?.used == 2_000_000_000)
        let a = try #require(first.machineCPU), b = try #require(second.machineCPU)
        // 1 s of CPU time in about 0.1 s on 2 CPUs: the container kept both busy (capped at 1 by the accountant).
        #expect(b.busy - a.busy == 100)
        #expect(b.total - a.total >= 19 && b.total - a.total <= 110)
    }
}
