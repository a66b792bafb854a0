import FootprintSystem
import Foundation
import Testing

@testable import FootprintMeter

/// The pieces of `footprint attach` below the command: the registry's folder and entries, the
/// tree that leaves the meter out, the target's start time, and the task channel's `epochs N` line.
@Suite struct AttachTests {
    // MARK: The registry's folder

    @Test func theFolderIsTheRuntimeFolderElseTheTemporaryOneWithTheUserId() {
        let uid = geteuid()
        #expect(
            AttachRegistry(environment: ["XDG_RUNTIME_DIR": "/run/user/1000/", "TMPDIR": "/scratch"]).folder
                == "/run/user/1000/footprint/attached")
        #expect(AttachRegistry(environment: ["TMPDIR": "/scratch/"]).folder == "/scratch/footprint-\(uid)/attached")
        // A relative or empty variable is no folder to use.
        #expect(
            AttachRegistry(environment: ["XDG_RUNTIME_DIR": "run", "TMPDIR": ""]).folder
                == "/tmp/footprint-\(uid)/attached")
    }

    @Test func bothLevelsAreCreatedPrivateAndAnUnsafeFolderIsRefusedSayingWhich() throws {
        let base = try FixtureTree()
        let registry = AttachRegistry(environment: ["XDG_RUNTIME_DIR": base.path])
        try registry.prepare()
        for path in [base.path + "/footprint", registry.folder] {
            var info = stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o700, "\(path)")
        }
        chmod(base.path + "/footprint", 0o777)
        #expect(throws: AttachRegistryError(.writableByOthers, path: base.path + "/footprint")) {
            try registry.prepare()
        }
        chmod(base.path + "/footprint", 0o700)
        chmod(registry.folder, 0o720)
        #expect(throws: AttachRegistryError(.writableByOthers, path: registry.folder)) { try registry.entries() }
        // A symbolic link in its place is no folder of the user's, wherever it points.
        try FileManager.default.removeItem(atPath: registry.folder)
        try FileManager.default.createSymbolicLink(atPath: registry.folder, withDestinationPath: base.path)
        #expect(throws: AttachRegistryError(.notAFolder, path: registry.folder)) { try registry.prepare() }
        try FileManager.default.removeItem(atPath: registry.folder)
        // Another user's folder: only root can make one to test with.
        if geteuid() == 0 {
            try registry.prepare()
            chown(registry.folder, 65_534, 65_534)
            #expect(throws: AttachRegistryError(.ownedByAnotherUser, path: registry.folder)) {
                try registry.entry(for: 1)
            }
        }
    }

    @Test func anEntryIsWrittenWholeReadByPidAndRemovedOnlyByItsOwnRun() throws {
        let base = try FixtureTree()
        let registry = AttachRegistry(environment: ["XDG_RUNTIME_DIR": base.path])
        #expect(try registry.entries().isEmpty, "no folder yet: nothing, and nothing created")
        #expect(!FileManager.default.fileExists(atPath: registry.folder))
        let entry = AttachRegistry.Entry(
            runID: "abc-1", meterPID: getpid(), pid: 4242, pidStart: 99, tasks: "/tmp/x/tasks")
        try registry.write(entry)
        #expect(try registry.entry(for: 4242) == entry)
        #expect(try registry.entries() == [entry])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: registry.path(of: 4242))))
                as? [String: Any])
        #expect(Set(json.keys) == ["run_id", "meter_pid", "pid", "pid_start", "tasks"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: registry.folder) == ["4242.json"])
        registry.remove(pid: 4242, runID: "another")
        #expect(try registry.entry(for: 4242) != nil)
        registry.remove(pid: 4242, runID: "abc-1")
        #expect(try registry.entry(for: 4242) == nil)
    }

    @Test func anEntryWhoseMeterHasGoneIsStale() throws {
        let base = try FixtureTree()
        let registry = AttachRegistry(environment: ["XDG_RUNTIME_DIR": base.path])
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        try registry.write(.init(runID: "r", meterPID: exited.processIdentifier, pid: 7, pidStart: 1, tasks: "/t"))
        #expect(try registry.entry(for: 7) == nil)
        #expect(try registry.entries().isEmpty)
    }

    // MARK: The tree without the meter

    @Test func theExcludedProcessAndItsSubtreeAreLeftOut() throws {
        let tree = try FixtureTree([
            "proc/100/stat": FixtureTree.statLine(pid: 100, parent: 1, utime: 10, stime: 0, rssPages: 100),
            "proc/100/task/100/children": "101 103",
            // 101 is the meter, 102 a child of the meter.
            "proc/101/stat": FixtureTree.statLine(pid: 101, parent: 100, utime: 500, stime: 0, rssPages: 5_000),
            "proc/101/task/101/children": "102",
            "proc/102/stat": FixtureTree.statLine(pid: 102, parent: 101, utime: 70, stime: 0, rssPages: 700),
            "proc/102/task/102/children": "",
            "proc/103/stat": FixtureTree.statLine(pid: 103, parent: 100, utime: 3, stime: 0, rssPages: 30),
            "proc/103/task/103/children": ""
        ])
        let reading = try #require(
            ProcessTreeReader(procRoot: tree.path + "/proc", rootPID: 100, excluding: 101).read())
        #expect(reading.pids.sorted() == [100, 103])
        #expect(reading.ticks == 13)
        #expect(reading.residentPages == 130)
        // A pid outside the tree changes nothing.
        let whole = try #require(ProcessTreeReader(procRoot: tree.path + "/proc", rootPID: 100, excluding: 999).read())
        #expect(whole.pids.sorted() == [100, 101, 102, 103])
    }

    // MARK: The target

    @Test func aTargetIsKnownByItsStartTimeAndCommandLine() throws {
        let tree = try FixtureTree([
            "proc/300/stat": FixtureTree.statLine(pid: 300, parent: 1, utime: 1, stime: 0),
            "proc/300/task/300/children": "",
            "proc/300/cmdline": "python3\u{0}train.py\u{0}--lr\u{0}0.1\u{0}"
        ])
        let target = try AttachTarget(pid: 300, procRoot: tree.path + "/proc")
        #expect(target.startTime == 12_345)
        #expect(target.command == ["python3", "train.py", "--lr", "0.1"])
        #expect(target.isRunning)
        // The pid taken by a process started later is not the target.
        try tree.write(
            "proc/300/stat",
            FixtureTree.statLine(pid: 300, parent: 1, utime: 1, stime: 0).replacingOccurrences(
                of: "12345", with: "12999"))
        #expect(!target.isRunning)
        #expect(throws: AttachError(.noSuchProcess, pid: 301)) {
            try AttachTarget(pid: 301, procRoot: tree.path + "/proc")
        }
        // A zombie has exited.
        try tree.write(
            "proc/302/stat",
            FixtureTree.statLine(pid: 302, parent: 1, utime: 1, stime: 0).replacingOccurrences(of: " S ", with: " Z "))
        #expect(throws: AttachError(.noSuchProcess, pid: 302)) {
            try AttachTarget(pid: 302, procRoot: tree.path + "/proc")
        }
    }

    @Test func aWaitEndsWhenTheTargetExits() throws {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        // Until exec has set up its arguments, a process has its new name but an empty command line.
        let cmdline = "/proc/\(sleeper.processIdentifier)/cmdline"
        for _ in 0..<200 where ((try? Data(contentsOf: URL(fileURLWithPath: cmdline))) ?? Data()).isEmpty {
            usleep(10_000)
        }
        let target = try AttachTarget(pid: sleeper.processIdentifier)
        #expect(target.command == ["/bin/sleep", "30"])
        let pid = sleeper.processIdentifier
        Thread.detachNewThread {
            usleep(200_000)
            kill(pid, SIGKILL)
        }
        #expect(target.wait(orSignals: []) == .exited)
        sleeper.waitUntilExit()
    }

    // MARK: epochs N

    @Test func theEpochsLineIsParsedAndItsNumberCheckedByTheMeter() {
        #expect(TaskChannel.parse("epochs 3") == .epochs(3))
        #expect(TaskChannel.parse("  epochs\t12  ") == .epochs(12))
        #expect(TaskChannel.parse("epochs 0") == .epochs(0))
        #expect(TaskChannel.parse("epochs 99999999999999999999999") == .epochs(.max))
        #expect(TaskChannel.parse("epochs three") == .malformed("epochs three"))
        #expect(TaskChannel.parse("epochs -2") == .malformed("epochs -2"))
        #expect(TaskChannel.parse("epochs") == .malformed("epochs"))
    }

    @Test func anEpochsLineGivesARunWithoutAPlanOneAndTheFirstStands() throws {
        let configuration = RunMeter.Configuration(
            name: "test", scope: .process, location: .worldAverage, pue: .none, pueSource: "test")
        let meter = try RunMeter(configuration: configuration, trackedPID: nil, probe: SteadyProbe())
        try meter.start()
        meter.apply([.epochs(0), .epochs(3), .start("epoch 1"), .stop("epoch 1"), .epochs(4), .epochs(3)])
        let summary = meter.stop()
        #expect(summary.epochPlan?.epochs == 3)
        #expect(summary.epochPlan?.predictAfter == 1)
        #expect(summary.epochsMarked == 1)
        #expect(summary.forecasts.count == 1)
        #expect(summary.notes.contains("ignored 'epochs 0': a run has 1 to 1000000 epochs"))
        #expect(summary.notes.contains("ignored 'epochs 4': the run announced 3 epochs already, which stand"))
        #expect(summary.notes.filter { $0.contains("epochs 3") }.isEmpty, "the same number again is no news")
    }
}
