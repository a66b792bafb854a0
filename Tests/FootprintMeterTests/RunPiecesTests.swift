import FootprintCore
import FootprintSystem
import Foundation
import Synchronization
import Testing

@testable import FootprintMeter

@Suite struct RunPiecesTests {
    @Test(arguments: [
        ("start epoch 3", TaskChannel.Event.start("epoch 3")),
        ("stop  epoch 3 \r", .stop("epoch 3")),
        ("start\tload data", .start("load data")),
        ("begin x", .malformed("begin x")),
        ("start ", .malformed("start "))
    ])
    func taskLines(line: String, event: TaskChannel.Event) {
        #expect(TaskChannel.parse(line) == event)
    }

    @Test func blankTaskLinesAreNothing() {
        #expect(TaskChannel.parse("   ") == nil)
    }

    @Test func taskPipeDeliversEveryLineBeforeClosing() throws {
        let events = Mutex<[TaskChannel.Event]>([])
        let channel = try TaskChannel { event in events.withLock { $0.append(event) } }
        for line in ["start a", "stop a", "bogus"] {
            let fd = open(channel.path, O_WRONLY)
            #expect(fd >= 0)
            _ = (line + "\n").withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        channel.close()
        #expect(events.withLock { $0 } == [.start("a"), .stop("a"), .malformed("bogus")])
        #expect(!SystemFile.exists(channel.path))
    }

    /// A backlog the reader needs more than a second for is read to the end, not cut off.
    @Test func taskPipeDrainsASlowBacklog() throws {
        let count = Mutex(0)
        let channel = try TaskChannel { _ in
            if count.withLock({
                $0 += 1; return $0
            }) == 1 {
                usleep(1_100_000)
            }
        }
        let fd = open(channel.path, O_WRONLY)
        #expect(fd >= 0)
        for n in 0..<500 { _ = "start t\(n)\n".withCString { write(fd, $0, strlen($0)) } }
        close(fd)
        channel.close()
        #expect(count.withLock { $0 } == 500)
    }

    @Test func timeZoneToCountry() throws {
        let tree = try FixtureTree([
            "usr/share/zoneinfo/zone.tab":
                "# comment\nDE\t+5230+01322\tEurope/Berlin\tmost of Germany\nFR\t+4852+00220\tEurope/Paris\n",
            "etc/timezone": "Europe/Paris\n"
        ])
        #expect(TimeZoneLocator(root: tree.path, environment: [:]).locate()?.country == "FR")
        #expect(TimeZoneLocator(root: tree.path, environment: ["TZ": ":Europe/Berlin"]).locate()?.country == "DE")
        #expect(
            TimeZoneLocator(root: tree.path, environment: ["TZ": "/usr/share/zoneinfo/Europe/Berlin"]).locate()?.zone
                == "Europe/Berlin")
        #expect(TimeZoneLocator(root: tree.path, environment: ["TZ": "Etc/UTC"]).locate() == nil)
        let linked = try FixtureTree(["usr/share/zoneinfo/zone.tab": "DE\t+5230+01322\tEurope/Berlin\n"])
        try FileManager.default.createDirectory(atPath: linked.path + "/etc", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: linked.path + "/etc/localtime",
            withDestinationPath: "/usr/share/zoneinfo/Europe/Berlin")
        #expect(TimeZoneLocator(root: linked.path, environment: [:]).locate()?.country == "DE")
    }

    @Test func machineDescriptionFromCatalogOrAssumption() throws {
        let known = try FixtureTree([
            "proc/cpuinfo": """
            processor\t: 0
            model name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
            physical id\t: 0

            processor\t: 1
            model name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
            physical id\t: 1
            """
        ])
        let server = MachineDescription.detect(root: known.path)
        #expect(server.catalogCPU?.tdp.watts == 150)
        #expect(server.cpuPowerModel.power(utilization: 1).watts == 2 * 150 * 1.02)
        let unknown = try FixtureTree([
            "proc/cpuinfo": "processor\t: 0\nmodel name\t: AMD EPYC\n\nprocessor\t: 1\nmodel name\t: AMD EPYC\n"
        ])
        let vm = MachineDescription.detect(root: unknown.path)
        #expect(vm.catalogCPU == nil)
        #expect(vm.cpuPowerModel.tdpPerSocket.watts == 20)
        #expect(vm.cpuPowerModel.tdpSource.contains("set --cpu-tdp"))
        #expect(MachineDescription.detect(root: unknown.path, tdpOverride: 95).cpuPowerModel.tdpPerSocket.watts == 95)
    }

    @Test func journalFolderFollowsXDG() {
        #expect(RunJournal.defaultFolder(environment: ["FOOTPRINT_DATA_DIR": "/d", "XDG_DATA_HOME": "/x"]) == "/d/runs")
        #expect(RunJournal.defaultFolder(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/x/footprint/runs")
        #expect(RunJournal.defaultFolder(environment: ["HOME": "/h"]) == "/h/.local/share/footprint/runs")
    }

    @Test func jsonLinesEscapeAndStayOneLine() throws {
        var line = JSONLine()
        line.add("name", "a \"quoted\"\nname\u{1}")
        line.add("n", 1.5)
        line.add("missing", nil as String?)
        line.add("list", ["x", "y"])
        let text = line.line
        #expect(text.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["name"] as? String == "a \"quoted\"\nname\u{1}")
        #expect(object["n"] as? Double == 1.5)
        #expect(object["missing"] is NSNull)
    }

    /// Task marks that arrive in one burst cost one probe read and one write of their tasks, and
    /// share their instant.
    @Test func aBurstOfTaskMarksIsOneReadingAndOneWrite() throws {
        final class Recorder: RunRecorder, Sendable {
            let writes = Mutex<[[TaskRecord]]>([])
            func begin(_ run: RunRecord) throws {}
            func sample(_ record: SampleRecord, runID: String) {}
            func task(_ record: TaskRecord, runID: String) { writes.withLock { $0.append([record]) } }
            func tasks(_ records: [TaskRecord], runID: String) { writes.withLock { $0.append(records) } }
            func end(_ ending: RunEnding, runID: String) {}
            var location: String { "memory" }
        }
        var configuration = RunMeter.Configuration(
            name: "burst", scope: .process, location: .worldAverage,
            pue: .none, pueSource: "test")
        let recorder = Recorder()
        configuration.recorder = recorder
        let probe = SteadyProbe()
        let meter = try RunMeter(configuration: configuration, trackedPID: nil, probe: probe)
        try meter.start()
        meter.apply([.start("a"), .start("b")])
        usleep(20_000)
        let before = probe.reads.load(ordering: .relaxed)
        meter.apply([.stop("a"), .malformed("oops"), .stop("b")])
        #expect(
            probe.reads.load(ordering: .relaxed) - before <= 2, "one reading for the burst (the sampler may take one)")
        let written = recorder.writes.withLock { $0 }
        #expect(written.map { $0.map(\.name) } == [["a", "b"]])
        #expect(written.first?[0].end == written.first?[1].end)
        let summary = meter.stop()
        #expect(summary.notes.contains { $0.contains("ignored task line 'oops'") })
    }

    /// The meter with a steady fake probe: tasks bracket energy, scopes pick machine or process.
    @Test func runMeterTasksAndScopes() throws {
        let folder = try FixtureTree()
        var configuration = RunMeter.Configuration(
            name: "test", scope: .process, location: .worldAverage,
            pue: try PUE(1.5), pueSource: "test")
        configuration.interval = 0.05
        configuration.recorder = RunJournal(folder: folder.path)
        let meter = try RunMeter(configuration: configuration, trackedPID: nil, probe: SteadyProbe())
        try meter.start()
        usleep(60_000)
        meter.startTask("phase")
        usleep(120_000)
        meter.stopTask("phase")
        meter.stopTask("never started")
        meter.startTask("left open")
        let summary = meter.stop(exitCode: 0)
        let cpu = try #require(summary.components[.cpu])
        #expect(cpu.energy == cpu.process)
        #expect(cpu.machine.joules > cpu.process.joules)
        #expect(abs(summary.energy.joules - summary.itEnergy.joules * 1.5) < 1e-9)
        #expect(summary.tasks.map(\.name) == ["phase", "left open"])
        let phase = summary.tasks[0]
        #expect(phase.duration > 0.1 && phase.duration < 0.3)
        #expect(phase.energy.joules > 0)
        #expect(summary.notes.contains { $0.contains("'never started' stopped without a start") })
        let journal = try String(contentsOfFile: try #require(summary.journal), encoding: .utf8)
        let types = journal.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
        }
        #expect(types.first == "run")
        #expect(types.last == "end")
        #expect(types.filter { $0 == "task" }.count == 2)
        #expect(types.filter { $0 == "sample" }.count >= 3)
    }
}

/// `--cpu-tdp` and the catalog on virtual machines: a guest has a share of a host chip, not the chip.
@Suite struct VirtualMachineTDPTests {
    /// A `/proc/cpuinfo` of `count` logical CPUs of `model`, with the hypervisor flag when `virtual`.
    static func cpuinfo(_ model: String, count: Int, virtual: Bool, sockets: Int = 1) -> String {
        (0..<count).map { cpu in
            "processor\t: \(cpu)\nmodel name\t: \(model)\nphysical id\t: \(cpu % sockets)\n"
                + "flags\t\t: fpu vme sse sse2 ht syscall nx lm\(virtual ? " hypervisor" : "") avx2\n"
        }.joined(separator: "\n")
    }

    @Test func hypervisorFlagMarksAVirtualMachine() throws {
        #expect(CPUInfo.parse(Self.cpuinfo("x", count: 2, virtual: true)).isVirtualMachine)
        #expect(!CPUInfo.parse(Self.cpuinfo("x", count: 2, virtual: false)).isVirtualMachine)
        let xen = try FixtureTree(["proc/cpuinfo": "processor\t: 0\n", "sys/hypervisor/type": "xen\n"])
        #expect(MachineDescription.detect(root: xen.path).cpu.isVirtualMachine)
    }

    /// The issue's case: a datasheet TDP of 225 W typed for a 2-vCPU guest was 140 W for one busy thread.
    @Test func aWholeChipTDPOnATwoVCPUGuestIsFlagged() throws {
        let guest = try FixtureTree(["proc/cpuinfo": Self.cpuinfo("AMD EPYC", count: 2, virtual: true)])
        let wrong = MachineDescription.detect(root: guest.path, tdpOverride: 225, tdpOrigin: "--cpu-tdp")
        #expect(wrong.wattsPerLogicalCPU == 112.5)
        let note = try #require(wrong.implausiblePowerNote)
        #expect(note.contains("113 W of TDP per logical CPU (225 W over 2)"))
        #expect(note.contains("chip TDP × 2 ÷ the chip's hardware threads"))
        #expect(
            wrong.cpuPowerModel.tdpSource
                == "225 W given by --cpu-tdp as this virtual machine's share of its host's CPU")
        // The share, 225 W × 2 ÷ 128 threads: plausible, and not multiplied by virtual sockets.
        let share = MachineDescription.detect(root: guest.path, tdpOverride: 3.5, tdpOrigin: "--cpu-tdp")
        #expect(share.implausiblePowerNote == nil)
        #expect(share.cpuPowerModel.power(utilization: 1).watts == 3.5 * 1.02)
        let twoVirtualSockets = try FixtureTree([
            "proc/cpuinfo": Self.cpuinfo("AMD EPYC", count: 2, virtual: true, sockets: 2)
        ])
        #expect(
            MachineDescription.detect(root: twoVirtualSockets.path, tdpOverride: 3.5).cpuPowerModel.power(
                utilization: 1
            ).watts
                == 3.5 * 1.02)
    }

    /// The same fault without the flag: a catalogued chip's TDP is the whole chip's, not a guest's.
    @Test func aCataloguedChipOnAGuestIsNotChargedWhole() throws {
        let name = "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"  // 150 W, 40 threads
        let guest = try FixtureTree(["proc/cpuinfo": Self.cpuinfo(name, count: 2, virtual: true)])
        let vm = MachineDescription.detect(root: guest.path)
        #expect(vm.catalogCPU?.tdp.watts == 150)
        #expect(vm.cpuPowerModel.tdpPerSocket.watts == 20)
        #expect(
            vm.cpuPowerModel.tdpSource.contains(
                "share of the Intel Xeon Gold 6148 (150 W TDP for the whole chip) is not known"))
        #expect(vm.cpuPowerModel.tdpSource.hasSuffix("(set --cpu-tdp to 150 × 2 ÷ the chip's hardware threads)"))
        #expect(vm.implausiblePowerNote == nil)
        // A guest as large as the chip is never charged more than the chip.
        let big = try FixtureTree(["proc/cpuinfo": Self.cpuinfo(name, count: 40, virtual: true)])
        #expect(MachineDescription.detect(root: big.path).cpuPowerModel.tdpPerSocket.watts == 150)
        // Bare metal keeps the catalog's TDP per socket, plausibly.
        let metal = try FixtureTree(["proc/cpuinfo": Self.cpuinfo(name, count: 40, virtual: false)])
        let server = MachineDescription.detect(root: metal.path)
        #expect(server.cpuPowerModel.power(utilization: 1).watts == 150 * 1.02)
        #expect(server.implausiblePowerNote == nil)
    }

    @Test func bareMetalBoundAllowsSmallDesktopChips() throws {
        // A two-thread 58 W desktop chip is real (29 W per thread); 225 W on two threads is not.
        let desktop = try FixtureTree(["proc/cpuinfo": Self.cpuinfo("Unknown", count: 2, virtual: false)])
        #expect(MachineDescription.detect(root: desktop.path, tdpOverride: 58).implausiblePowerNote == nil)
        #expect(MachineDescription.detect(root: desktop.path, tdpOverride: 225).implausiblePowerNote != nil)
    }
}
