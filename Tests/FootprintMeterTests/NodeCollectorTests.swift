import FootprintCore
import Foundation
import Testing

@testable import FootprintMeter

@Suite struct NodeCollectorTests {
    @Test func raplZonesAcrossAWrapAndCPUSharesOfDynamicPower() throws {
        let node = try NodeFixture()
        try node.tree.raplZone("intel-rapl:0", name: "package-0", energy: 999_000_000, range: 1_000_000_000)
        try node.tree.raplZone("intel-rapl:0:0", name: "dram", energy: 0)
        try node.tree.raplZone("intel-rapl:1", name: "package-1", energy: 5_000_000)
        try node.tree.raplZone("intel-rapl:1:0", name: "dram", energy: 0)
        try node.machine(busy: 1_000, idle: 1_000)
        try node.process(100, ticks: 50)
        try node.process(101, ticks: 10)
        let collector = node.collector()
        #expect(collector.collect() == nil, "the first call takes the baseline")

        // package-0 wraps at 1,000 J: 999 J → 3 J is 4 J; package-1 5 J → 11 J is 6 J.
        try node.tree.write("sys/class/powercap/intel-rapl:0/energy_uj", "3000000")
        try node.tree.write("sys/class/powercap/intel-rapl:1/energy_uj", "11000000")
        try node.tree.write("sys/class/powercap/intel-rapl:0:0/energy_uj", "2000000")
        try node.tree.write("sys/class/powercap/intel-rapl:1:0/energy_uj", "500000")
        try node.machine(busy: 1_200, idle: 1_100)
        try node.process(100, ticks: 150)
        try node.process(101, ticks: 60)
        let interval = try #require(collector.collect())
        #expect(interval.cpuZones.map(\.zone) == ["package-0", "package-1"])
        #expect(interval.cpuZones.map(\.energy) == [.init(joules: 4, method: .rapl), .init(joules: 6, method: .rapl)])
        #expect(interval.dram == SeriesEnergy(joules: 2.5, method: .raplDRAM))
        // 200 busy ticks: 100 are process 100's, 50 process 101's, of 10 J above idle (none here).
        let first = try #require(interval.process(100)), second = try #require(interval.process(101))
        #expect(first.energy[.cpu] == SeriesEnergy(joules: 5, method: .rapl))
        #expect(second.energy[.cpu] == SeriesEnergy(joules: 2.5, method: .rapl))
        // Memory: 1,000 pages of 4 KiB each of 4,096,000,000 bytes in use.
        #expect(isClose(first.energy[.ram]?.joules, 2.5 * 4_096_000 / 4_096_000_000))
        #expect(first.energy[.ram]?.method == .raplDRAM)
        #expect(first.energy[.gpu] == nil)
        #expect(interval.gpus.isEmpty && interval.problems.isEmpty)
        #expect(interval.sharesWithinNode)
    }

    @Test func withoutRAPLOneModeledPackageAndMemoryPerGigabyte() throws {
        let node = try NodeFixture()
        try node.process(100, ticks: 0, rssPages: 250_000)
        let collector = node.collector()
        #expect(collector.notes.contains { $0.contains("no RAPL") && $0.contains("modeled from load") })
        _ = collector.collect()
        try node.machine(busy: 300, idle: 100)
        try node.process(100, ticks: 30, rssPages: 250_000)
        let interval = try #require(collector.collect())
        let zone = try #require(interval.cpuZones.first)
        #expect(interval.cpuZones.count == 1 && zone.zone == "package" && zone.energy.method == .tdpLoad)
        // 75 % busy on 100 W of TDP, over the interval.
        #expect(isClose(zone.energy.joules, 75 * interval.duration))
        let memory = RAMPowerModel().power(bytes: 4_096_000_000) * .seconds(interval.duration)
        #expect(interval.dram.method == .ramPerGigabyte && isClose(interval.dram.joules, memory.joules))
        let process = try #require(interval.process(100))
        // Its 30 ticks of the machine's 300, and 1 GB of the 4.096 GB in use.
        #expect(isClose(process.energy[.cpu]?.joules, zone.energy.joules / 10))
        #expect(process.energy[.cpu]?.method == .tdpLoad)
        #expect(isClose(process.energy[.ram]?.joules, memory.joules * 1_024_000_000 / 4_096_000_000))
        #expect(interval.sharesWithinNode)
    }

    @Test func processesStartExitAndPidsAreReused() throws {
        let node = try NodeFixture()
        try node.machine(busy: 1_000, idle: 1_000)
        try node.process(100, comm: "gone", ticks: 50)
        try node.process(101, comm: "stays", ticks: 10)
        try node.process(103, comm: "old", ticks: 70, startTime: 500)
        let collector = node.collector()
        _ = collector.collect()

        try node.remove(100)
        try node.process(101, comm: "stays", ticks: 30)
        try node.process(102, comm: "fresh", ticks: 40, startTime: 600)
        try node.process(103, comm: "new", ticks: 5, startTime: 700)
        try node.machine(busy: 1_065, idle: 1_035)
        let interval = try #require(collector.collect())
        #expect(interval.process(100) == nil, "an exited process just stops")
        let total = interval.cpuZones.reduce(0) { $0 + $1.energy.joules }
        func cpu(_ pid: Int32) -> Double? { interval.process(pid)?.energy[.cpu]?.joules }
        #expect(isClose(cpu(101), total * 20 / 65))
        #expect(isClose(cpu(102), total * 40 / 65), "a new process's ticks are all the interval's")
        let reused = try #require(interval.process(103))
        #expect(reused.comm == "new" && reused.startTime == 700)
        #expect(isClose(cpu(103), total * 5 / 65), "a reused pid is a new process, not -65 ticks")
        #expect(interval.sharesWithinNode)

        // The pid of the exited process comes back: its cache entry went with it, so it is read anew.
        try node.process(100, comm: "again", ticks: 1)
        // What a process belongs to is read once in its life: a changed environment is not re-read.
        try node.process(101, comm: "renamed", ticks: 31, environment: ["SLURM_JOB_ID": "77"])
        let next = try #require(collector.collect())
        #expect(next.process(100)?.comm == "again")
        #expect(next.process(101)?.comm == "stays" && next.process(101)?.job == nil)
    }

    @Test func aProcessTheLastReadingMissedCountsFromNowOn() throws {
        let node = try NodeFixture()
        try node.machine(busy: 1_000, idle: 1_000)
        // Boot 1,000 s ago; the process started 5 s after boot, long before the baseline.
        let collector = node.collector(bootSeconds: 1_000)
        _ = collector.collect()
        try node.process(104, ticks: 9_000, startTime: 500)
        try node.machine(busy: 1_010, idle: 1_000)
        let interval = try #require(collector.collect())
        let process = try #require(interval.process(104))
        #expect(process.energy[.cpu] == nil, "its past CPU time is not this interval's")
        #expect(process.energy[.ram] != nil)
        try node.process(104, ticks: 9_004, startTime: 500)
        try node.machine(busy: 1_020, idle: 1_000)
        let next = try #require(collector.collect())
        let total = next.cpuZones.reduce(0) { $0 + $1.energy.joules }
        #expect(isClose(next.process(104)?.energy[.cpu]?.joules, total * 4 / 10))
    }

    @Test func sharesNeverExceedTheNodeWhenProcessFilesRunAhead() throws {
        let node = try NodeFixture()
        try node.machine(busy: 1_000, idle: 1_000)
        for pid in Int32(200)..<210 { try node.process(pid, ticks: 0, rssPages: 2_000_000) }
        let collector = node.collector()
        _ = collector.collect()
        // The processes claim 10 × 50 ticks where /proc/stat counted 100, and 10 × 8 GB of
        // resident memory (shared pages) where 4 GB are in use.
        for pid in Int32(200)..<210 { try node.process(pid, ticks: 50, rssPages: 2_000_000) }
        try node.machine(busy: 1_100, idle: 1_100)
        let interval = try #require(collector.collect())
        #expect(interval.processes.count == 10)
        #expect(interval.sharesWithinNode)
        let cpu = interval.cpuZones.reduce(0) { $0 + $1.energy.joules }
        #expect(isClose(interval.processJoules(.cpu), cpu))
        #expect(isClose(interval.processJoules(.ram), interval.dram.joules))
    }

    @Test func unreadableProcIsNamedOnceAndProcessesStayEmpty() throws {
        let empty = try FixtureTree(["sys/.keep": ""])
        let collector = NodeCollector(
            root: empty.path, gpus: nil, accountant: NodeFixture.accountant, environment: [:])
        #expect(collector.notes.contains { $0.contains("/proc/stat") })
        #expect(collector.collect() == nil)
        let first = try #require(collector.collect())
        #expect(first.problems.count == 1)
        #expect(first.problems.first?.contains("cannot list the processes of \(empty.path)/proc") == true)
        #expect(first.processes.isEmpty && first.sharesWithinNode)
        #expect(try #require(collector.collect()).problems.isEmpty, "logged once while it lasts")
    }

    @Test func processesPastTheLimitAreSaidToBeLeftOut() throws {
        let node = try NodeFixture()
        for pid in Int32(300)..<303 { try node.process(pid, ticks: 1) }
        let collector = node.collector(processLimit: 2)
        _ = collector.collect()
        let interval = try #require(collector.collect())
        #expect(interval.processes.count == 2)
        #expect(interval.problems == ["more than 2 processes: those past the first 2 get no energy of their own"])
    }

    @Test func thisMachinesCollectorSaysWhatItsCPUModelRestsOn() throws {
        let node = try NodeFixture()
        try node.tree.write("proc/cpuinfo", "processor\t: 0\nmodel name\t: Imaginary CPU 9000\n\n")
        let collector = NodeCollector(
            root: node.path, environment: ["FOOTPRINT_NVML_LIBRARY": "/nonexistent/libnvidia-ml.so.1"],
            tdpOverride: 65, tdpOrigin: "--cpu-tdp")
        #expect(collector.notes.contains { $0.hasPrefix("CPU power modeled: ") && $0.contains("--cpu-tdp") })
        #expect(!collector.notes.contains { $0.contains("NVIDIA") }, "no driver is the common case: nothing said")
        _ = collector.collect()
        try node.machine(busy: 50, idle: 50)
        let interval = try #require(collector.collect())
        #expect(
            isClose(
                interval.cpuZones.first?.energy.joules,
                65 * CPULoadCurve.specPower.shareOfTDP(at: 0.5) * interval.duration))
    }

    @Test func theRealProcShowsAChildThenLetsItGo() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        // SIGKILL: the test process may pass on an ignored SIGTERM.
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
        let collector = NodeCollector(gpus: nil, accountant: NodeFixture.accountant, environment: [:])
        _ = collector.collect()
        let interval = try #require(collector.collect())
        let seen = try #require(interval.process(child.processIdentifier), "resident memory is something used")
        #expect(seen.comm == "sleep" && seen.energy[.ram] != nil)
        #expect(interval.sharesWithinNode)
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        let after = try #require(collector.collect())
        #expect(after.process(child.processIdentifier) == nil)
    }
}
