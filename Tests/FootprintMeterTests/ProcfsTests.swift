import FootprintSystem
import Foundation
import Testing

@testable import FootprintMeter

@Suite struct ProcfsTests {
    static let stat = """
        cpu  4705 356 584 3699176 2345 0 104 15 7 0
        cpu0 2352 178 292 1849588 1172 0 52 7 3 0
        cpu1 2353 178 292 1849588 1173 0 52 8 4 0
        intr 114930548 113199788 3 0 5 263 0 4 [...]
        ctxt 1990473
        """

    func bytes(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }

    @Test func machineBusyAndIdleTicks() throws {
        let times = try #require(MachineCPUTimes.parse(bytes(Self.stat)))
        // busy = user + nice + system + irq + softirq + steal (guest is inside user).
        #expect(times.busy == 4705 + 356 + 584 + 0 + 104 + 15)
        #expect(times.idle == 3699176 + 2345)
        #expect(times.logicalCPUs == 2)
    }

    @Test func processStatSurvivesAwkwardNames() throws {
        let line = FixtureTree.statLine(
            pid: 42, name: "my (odd) name) x", parent: 7, utime: 120, stime: 30,
            cutime: 5, cstime: 2, rssPages: 2_500)
        let stat = try #require(ProcessStat.parse(bytes(line)))
        #expect(stat.parent == 7)
        #expect(stat.ownTicks == 150)
        #expect(stat.reapedChildrenTicks == 7)
        #expect(stat.residentPages == 2_500)
        #expect(ProcessStat.parse(bytes("42 (truncated")) == nil)
    }

    @Test func meminfo() throws {
        let memory = try #require(
            MachineMemory.parse(
                bytes(
                    """
                    MemTotal:       24567892 kB
                    MemFree:         1234567 kB
                    MemAvailable:   20000000 kB
                    Buffers:          123456 kB
                    """)))
        #expect(memory.total == 24_567_892 * 1_024)
        #expect(memory.used == (24_567_892 - 20_000_000) * 1_024)
        #expect(MachineMemory.parse(bytes("MemTotal: 1 kB")) == nil)
    }

    @Test func cpuinfoTwoSockets() {
        var text = ""
        for cpu in 0..<4 {
            text +=
                "processor\t: \(cpu)\nmodel name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz\nphysical id\t: \(cpu / 2)\n\n"
        }
        let info = CPUInfo.parse(text)
        #expect(info.modelName == "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz")
        #expect(info.sockets == 2)
        #expect(info.logicalCPUs == 4)
        #expect(CPUInfo.parse("processor : 0\n").sockets == 1)
    }

    /// root 100 → child 101 (which has reaped a grandchild: cutime 40) → grandchild 102.
    @Test func processTreeCountsLiveAndReapedDescendants() throws {
        let tree = try FixtureTree([
            "proc/100/stat": FixtureTree.statLine(pid: 100, parent: 1, utime: 10, stime: 5, rssPages: 100),
            "proc/100/task/100/children": "101 ",
            "proc/101/stat": FixtureTree.statLine(
                pid: 101, parent: 100, utime: 200, stime: 20, cutime: 30, cstime: 10, rssPages: 300),
            "proc/101/task/101/children": "",
            "proc/101/task/105/children": "102",
            "proc/102/stat": FixtureTree.statLine(pid: 102, parent: 101, utime: 50, stime: 0, rssPages: 50),
            "proc/102/task/102/children": "",
            "proc/999/stat": FixtureTree.statLine(pid: 999, parent: 1, utime: 9_999, stime: 0)
        ])
        let reader = ProcessTreeReader(procRoot: tree.path + "/proc", rootPID: 100)
        let reading = try #require(reader.read())
        #expect(reading.ticks == 15 + 260 + 50)
        #expect(reading.residentPages == 450)
        #expect(reading.processes == 3)
        // The grandchild exits and is reaped: its ticks move into the child's cutime; the sum holds.
        try tree.write(
            "proc/101/stat", FixtureTree.statLine(pid: 101, parent: 100, utime: 200, stime: 20, cutime: 80, cstime: 10))
        try tree.write("proc/101/task/105/children", "")
        try FileManager.default.removeItem(atPath: tree.path + "/proc/102")
        #expect(reader.read()?.ticks == 15 + 310)
        #expect(ProcessTreeReader(procRoot: tree.path + "/proc", rootPID: 12345).read() == nil)
    }

    /// `footprint run` follows its own descendants (the command and the orphans it adopts as
    /// subreaper), not itself: its own time is left out, the children it has reaped are kept.
    @Test func descendantsOnlyLeaveTheRootsOwnTimeOut() throws {
        let tree = try FixtureTree([
            "proc/100/stat": FixtureTree.statLine(
                pid: 100, parent: 1, utime: 1_000, stime: 500, cutime: 7, cstime: 3, rssPages: 900),
            "proc/100/task/100/children": "101",
            "proc/100/task/103/children": "102",
            "proc/101/stat": FixtureTree.statLine(pid: 101, parent: 100, utime: 20, stime: 5, rssPages: 30),
            "proc/101/task/101/children": "",
            "proc/102/stat": FixtureTree.statLine(pid: 102, parent: 100, utime: 40, stime: 0, rssPages: 10),
            "proc/102/task/102/children": ""
        ])
        let reading = try #require(
            ProcessTreeReader(procRoot: tree.path + "/proc", rootPID: 100, includesRoot: false).read())
        #expect(reading.ticks == 10 + 25 + 40)
        #expect(reading.residentPages == 40)
        #expect(reading.pids.sorted() == [101, 102])
    }

    @Test func readsTheLiveMachine() throws {
        let stat = try SystemFile(path: "/proc/stat")
        let first = try #require(try stat.read { MachineCPUTimes.parse($0) })
        #expect(first.logicalCPUs >= 1)
        let own = try #require(ProcessTreeReader(rootPID: getpid()).read())
        #expect(own.processes >= 1)
        #expect(own.residentPages > 0)
    }

    @Test func missingFilesReportTheirErrno() {
        #expect {
            try SystemFile(path: "/nonexistent/energy_uj")
        } throws: { error in
            (error as? SystemFileError)?.errno == ENOENT && !((error as? SystemFileError)?.isPermissionDenied ?? true)
        }
    }
}
