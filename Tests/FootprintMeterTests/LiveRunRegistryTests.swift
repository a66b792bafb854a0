import FootprintCore
import Foundation
import Testing

@testable import FootprintMeter

/// The live run registry: the file a run in progress publishes, what a reader skips, where the
/// folders are, and how the publisher counts energy under the innermost open task.
@Suite struct LiveRunRegistryTests {
    /// This process's start time, so that a run of "this pid" reads as alive.
    let ownStart = ProcessTreeReader.stat(procRoot: "/proc", pid: getpid())?.startTime

    func run(
        _ id: String, pid: Int32 = getpid(), pidStart: UInt64? = nil, startedAt: Double = 1_800_000_000
    )
        -> LiveRun
    {
        LiveRun(
            runID: id, name: "train \(id)", project: "vision", pid: pid, startedAt: startedAt, scope: .process,
            job: JobIdentity(scheduler: .slurm, id: "4242", name: "bert", rank: 1, localRank: 0, worldSize: 4),
            updatedAt: startedAt + 10,
            tasks: [
                LiveTaskEnergy(task: "", energy: [.cpu: SeriesEnergy(joules: 12.5, method: .rapl)]),
                LiveTaskEnergy(
                    task: "epoch 1",
                    energy: [
                        .cpu: SeriesEnergy(joules: 40, method: .rapl),
                        .gpu: SeriesEnergy(joules: 300.25, method: .nvmlEnergy),
                        .ram: SeriesEnergy(joules: 3, method: .ramPerGigabyte)
                    ])
            ], pidStart: pidStart ?? ownStart)
    }

    /// A folder of the test's own, mode 0700 as the meter makes it.
    func privateFolder(_ base: FixtureTree) throws -> String {
        let folder = base.path + "/footprint/runs"
        try LiveRunRegistry.folder(environment: ["XDG_RUNTIME_DIR": base.path]).prepare()
        return folder
    }

    func put(_ run: LiveRun, in folder: String) throws {
        try LiveRunFile.encode(run).write(to: URL(fileURLWithPath: LiveRunRegistry.path(of: run.runID, in: folder)))
    }

    // MARK: The file

    @Test func aRunRoundTripsThroughItsFileWithSnakeCaseKeys() throws {
        let original = run("67a1-00c0ffee")
        let data = try LiveRunFile.encode(original)
        #expect(LiveRunFile.decode(data) == original)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["run_id"] as? String == "67a1-00c0ffee")
        #expect(object["started_at"] as? Double == 1_800_000_000)
        #expect(object["scope"] as? String == "process")
        let tasks = try #require(object["tasks"] as? [[String: Any]])
        let energy = try #require(tasks[1]["energy"] as? [String: [String: Any]])
        #expect(energy["gpu"]?["method"] as? String == "measured:nvml-energy")
        #expect(energy["gpu"]?["joules"] as? Double == 300.25)
    }

    @Test func anotherVersionAnUnknownComponentOrNegativeJoulesAreNoRun() throws {
        let good = String(decoding: try LiveRunFile.encode(run("a")), as: UTF8.self)
        #expect(LiveRunFile.decode(Data(good.utf8)) != nil)
        #expect(
            LiveRunFile.decode(Data(good.replacingOccurrences(of: "\"version\":1", with: "\"version\":2").utf8)) == nil)
        #expect(LiveRunFile.decode(Data(good.replacingOccurrences(of: "\"ram\":", with: "\"tpu\":").utf8)) == nil)
        #expect(
            LiveRunFile.decode(Data(good.replacingOccurrences(of: "\"joules\":3", with: "\"joules\":-3").utf8)) == nil)
        #expect(LiveRunFile.decode(Data("{\"run_id\": \"x\"}".utf8)) == nil)
        #expect(LiveRunFile.decode(Data("not json".utf8)) == nil)
    }

    @Test func aRunIdIsMadeASafeFileName() {
        #expect(LiveRunRegistry.path(of: "67a1-00c0ffee", in: "/f") == "/f/67a1-00c0ffee.json")
        #expect(LiveRunRegistry.path(of: "../etc/passwd", in: "/f") == "/f/_._etc_passwd.json")
        #expect(LiveRunRegistry.path(of: "a b/é", in: "/f") == "/f/a_b__.json")
    }

    // MARK: Reading

    @Test func theReaderSkipsWhatItCannotParseAndRunsWhoseMeterIsGone() throws {
        let base = try FixtureTree()
        let folder = try privateFolder(base)
        try put(run("live", startedAt: 1_800_000_100), in: folder)
        try put(run("earlier", startedAt: 1_800_000_000), in: folder)
        // A meter that was killed: its pid answers no more.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        try put(run("killed", pid: gone.processIdentifier), in: folder)
        // A later process that got the meter's pid is not the meter.
        try put(run("reused", pidStart: (ownStart ?? 0) + 1), in: folder)
        try Data("{\"version\": 1, \"run_id\": \"half".utf8).write(to: URL(fileURLWithPath: folder + "/half.json"))
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: folder + "/garbage.json"))
        // A write in progress, and what is no run file.
        try LiveRunFile.encode(run("temporary")).write(to: URL(fileURLWithPath: folder + "/.temporary.json.tmp"))
        try LiveRunFile.encode(run("other")).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        let runs = LiveRunRegistry.read(folders: [folder, base.path + "/missing"])
        #expect(runs.map(\.runID) == ["earlier", "live"])
        #expect(runs.last == run("live", startedAt: 1_800_000_100))
    }

    @Test func aFolderOthersMayWriteInOrOneNamingAnotherUserIsNotRead() throws {
        let base = try FixtureTree()
        let folder = try privateFolder(base)
        try put(run("a"), in: folder)
        #expect(LiveRunRegistry.read(folders: [folder]).count == 1)
        chmod(folder, 0o777)
        #expect(LiveRunRegistry.read(folders: [folder]).isEmpty)
        chmod(folder, 0o700)
        // A link in the folder's place is not followed.
        try FileManager.default.createSymbolicLink(atPath: base.path + "/link", withDestinationPath: folder)
        #expect(LiveRunRegistry.read(folders: [base.path + "/link"]).isEmpty)
        // A folder whose name says it is another user's, but is not theirs.
        let other = base.path + "/footprint-\(geteuid() + 1)/runs"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        chmod(other, 0o700)
        try put(run("b"), in: other)
        #expect(LiveRunRegistry.read(folders: [other]).isEmpty)
        #expect(LiveRunRegistry.trustedOwner(of: "/run/user/\(geteuid() + 1)/footprint/runs") == nil)
    }

    @Test func theFoldersAreTheUsersOwnAndForRootEveryUsers() throws {
        let base = try FixtureTree()
        for path in ["run/1000/footprint/runs", "run/1001/footprint", "tmp/footprint-1002/runs", "tmp/other/runs"] {
            try FileManager.default.createDirectory(atPath: base.path + "/" + path, withIntermediateDirectories: true)
        }
        let environment = ["XDG_RUNTIME_DIR": "/run/user/7"]
        let user = LiveRunRegistry.folders(
            environment: environment, userID: 7, runtimeRoot: base.path + "/run", temporaryRoot: base.path + "/tmp")
        #expect(user == ["/run/user/7/footprint/runs"])
        let root = LiveRunRegistry.folders(
            environment: [:], userID: 0, runtimeRoot: base.path + "/run", temporaryRoot: base.path + "/tmp")
        #expect(
            root == [
                "/tmp/footprint-0/runs", base.path + "/run/1000/footprint/runs", base.path + "/tmp/footprint-1002/runs"
            ])
        #expect(
            LiveRunRegistry.folders(environment: ["TMPDIR": "/scratch"], userID: 5) == ["/scratch/footprint-5/runs"])
    }

    // MARK: Publishing

    /// Totals after `intervals` intervals with these machine and attributed joules.
    func totals(_ intervals: Int, cpu: Double, ram: Double, machineCPU: Double? = nil) -> Sampler.Totals {
        var totals = Sampler.Totals()
        totals.cpu = ComponentEnergy(
            machine: Energy(joules: machineCPU ?? cpu * 2), attributed: Energy(joules: cpu), method: .rapl)
        totals.ram = ComponentEnergy(
            machine: Energy(joules: ram * 2), attributed: Energy(joules: ram), method: .ramPerGigabyte)
        totals.intervals = intervals
        return totals
    }

    func energy(_ run: LiveRun, _ task: String, _ component: Component) -> Double? {
        run.tasks.first { $0.task == task }?.energy[component]?.joules
    }

    @Test func eachIntervalCountsUnderTheInnermostTaskOpenAtItsEnd() throws {
        let base = try FixtureTree()
        let folder = RuntimeFolder(path: base.path + "/runs")
        let publisher = LiveRunPublisher(folder: folder, run: run("p").with(tasks: []))
        #expect(publisher.openingProblem == nil)
        publisher.observe(totals(1, cpu: 1, ram: 0.5), scope: .process)
        publisher.opened("epoch", totals: totals(2, cpu: 3, ram: 1), scope: .process)
        publisher.observe(totals(3, cpu: 6, ram: 1.5), scope: .process)
        publisher.opened("batch", totals: totals(3, cpu: 6, ram: 1.5), scope: .process)
        publisher.observe(totals(4, cpu: 10, ram: 2), scope: .process)
        // A checkpoint's observer call that ran late adds nothing.
        publisher.observe(totals(3, cpu: 6, ram: 1.5), scope: .process)
        publisher.closed("batch", totals: totals(5, cpu: 11, ram: 2.5), scope: .process)
        publisher.observe(totals(6, cpu: 15, ram: 3), scope: .process)
        publisher.closed("epoch", totals: totals(6, cpu: 15, ram: 3), scope: .process)
        publisher.observe(totals(7, cpu: 16, ram: 3.5), scope: .process)
        let live = publisher.run
        #expect(live.tasks.map(\.task) == ["", "epoch", "batch"])
        // Outside: 1 before the epoch, 2 up to its start, 1 after it; the epoch: 3, then 4 after the
        // batch; the batch: 4, then 1 up to its stop.
        #expect(energy(live, "", .cpu) == 4)
        #expect(energy(live, "epoch", .cpu) == 7)
        #expect(energy(live, "batch", .cpu) == 5)
        #expect(energy(live, "", .ram) == 1.5)
        #expect(live.tasks.first?.energy[.cpu]?.method == .rapl)
        #expect(energy(live, "", .gpu) == nil, "no GPU: no series")
        // The file holds what was counted when it was last written (the first observation).
        let file = LiveRunRegistry.path(of: "p", in: folder.path)
        let written = try #require(LiveRunFile.decode(try Data(contentsOf: URL(fileURLWithPath: file))))
        #expect(written.tasks.map(\.task) == [""])
        #expect(abs(written.updatedAt - Date().timeIntervalSince1970) < 600, "updated now")
        publisher.end()
        #expect(!FileManager.default.fileExists(atPath: file))
        publisher.observe(totals(8, cpu: 20, ram: 4), scope: .process)
        #expect(!FileManager.default.fileExists(atPath: file), "nothing is written after the end")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no temporary file is left")
    }

    @Test func theMachineScopeCountsTheMachinesEnergy() throws {
        let base = try FixtureTree()
        let publisher = LiveRunPublisher(
            folder: RuntimeFolder(path: base.path + "/runs"), run: run("m").with(tasks: []))
        publisher.observe(totals(1, cpu: 1, ram: 1, machineCPU: 9), scope: .machine)
        #expect(energy(publisher.run, "", .cpu) == 9)
        #expect(energy(publisher.run, "", .ram) == 2)
        publisher.end()
    }

    @Test func aFolderThatCannotBeMadeIsOneNoteAndNothingElse() throws {
        let base = try FixtureTree(["file": "not a folder"])
        let publisher = LiveRunPublisher(folder: RuntimeFolder(path: base.path + "/file/runs"), run: run("n"))
        let note = try #require(publisher.openingProblem)
        #expect(note.contains("live run registry"))
        #expect(note.contains(base.path + "/file/runs"))
        publisher.observe(totals(1, cpu: 1, ram: 1), scope: .process)
        #expect(publisher.writeProblems.isEmpty)
        publisher.end()
    }

    @Test func aMeterPublishesWhileItSamplesAndRemovesItsFileAtTheEnd() throws {
        let base = try FixtureTree()
        var configuration = RunMeter.Configuration(
            name: "published", scope: .machine, location: .fromSystem(environment: [:]), pue: .none, pueSource: "test")
        configuration.interval = 0.05
        configuration.liveRunFolder = base.path + "/runs"
        configuration.job = JobIdentity(scheduler: .manual, id: "by-hand")
        let meter = try RunMeter(configuration: configuration, trackedPID: getpid())
        try meter.start()
        meter.startTask("warm up")
        let file = LiveRunRegistry.path(of: meter.id, in: base.path + "/runs")
        var seen: LiveRun?
        for _ in 0..<100 where seen?.tasks.contains(where: { $0.task == "warm up" }) != true {
            usleep(50_000)
            seen = LiveRunRegistry.read(folders: [base.path + "/runs"]).first
        }
        let live = try #require(seen)
        #expect(live.runID == meter.id)
        #expect(live.name == "published")
        #expect(live.scope == .machine)
        #expect(live.job?.id == "by-hand")
        #expect(live.pid == getpid())
        #expect(live.tasks.contains { $0.task == "warm up" })
        meter.stopTask("warm up")
        let summary = meter.stop()
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(!summary.notes.contains { $0.contains("live run registry") })
    }
}

extension LiveRun {
    fileprivate func with(tasks: [LiveTaskEnergy]) -> LiveRun {
        var copy = self
        copy.tasks = tasks
        return copy
    }
}
