import FootprintCore
import Testing

/// The job view over hand-made runs and samples: a node's machine energy counted once per instant.
@Suite struct JobAccountingTests {
    /// A process-scope run of rank `rank` (local rank `local`) on `node`, started at `start` s.
    func run(
        _ id: String, node: String, rank: Int, local: Int, start: Double, processJoules: Double = 10,
        pue: Double = 1, intensity: Double = 0
    ) -> RunRecord {
        RunRecord(
            id: id, project: nil, name: id, command: [], host: "host-\(node)", pid: nil, startedAt: start,
            intervalSeconds: 1, scope: .process, locationCode: nil, locationName: nil,
            intensity: .gramsPerKilowattHour(intensity), intensitySource: nil, pue: pue, pueSource: nil,
            cpuModel: nil, cpuPowerModel: nil, gpus: [], status: .finished, components: [.cpu: .joules(processJoules)],
            notes: [], job: JobIdentity(scheduler: .slurm, id: "42", rank: rank, localRank: local, node: node))
    }

    /// One-second samples of `watts` machine CPU power (and 1 W of RAM) ending at `ends` (run time).
    func samples(_ ends: ClosedRange<Int>, watts: Double = 100) -> [SampleRecord] {
        ends.map { t in
            SampleRecord(
                t: Double(t), duration: 1, cpuJoules: watts, cpuProcessJoules: watts / 2, gpuJoules: 0,
                gpuProcessJoules: 0, ramJoules: 1, ramProcessJoules: 0.5, cpuUtilization: 0.5, processCPUShare: 0.5)
        }
    }

    func input(_ run: RunRecord, _ samples: [SampleRecord], tasks: [TaskRecord] = []) -> JobAccounting.Input {
        JobAccounting.Input(run: run, samples: samples, tasks: tasks)
    }

    @Test func twoRanksOverlappingOnANodeCountItOnce() throws {
        // Rank 0 samples 1000–1010, rank 1 (started 5 s later) 1005–1015: 15 s of node, not 20.
        let account = try #require(
            JobAccounting.account(
                jobID: "42",
                runs: [
                    input(run("b", node: "n1", rank: 1, local: 1, start: 1005), samples(1...10)),
                    input(run("a", node: "n1", rank: 0, local: 0, start: 1000), samples(1...10))
                ]))
        let node = try #require(account.nodes.first)
        #expect(account.nodes.count == 1 && node.name == "n1")
        #expect(abs((node.components[.cpu]?.joules ?? 0) - 1_500) < 1e-9)
        #expect(abs((node.components[.ram]?.joules ?? 0) - 15) < 1e-9)
        #expect(abs(account.energy.joules - 1_515) < 1e-9)
        #expect(account.duration == 15 && account.startedAt == 1000)
        #expect(node.ranks.map(\.runID) == ["a", "b"])
        #expect(abs(node.ranks[0].share - 10 / 1_515) < 1e-12)
        #expect(account.runIDs == ["a", "b"])
    }

    /// The lower local rank measures the node, whatever order the runs started in: a local rank 1
    /// that started first keeps only what rank 0 did not cover.
    @Test func aLowerLocalRankStartingLateStillMeasuresFirst() throws {
        let early = run("early", node: "n1", rank: 1, local: 1, start: 1000)
        let late = run("late", node: "n1", rank: 0, local: 0, start: 1008)
        // The late rank 0 at 200 W, the early rank 1 at 100 W: the overlap 1008–1010 is rank 0's 200 W.
        let account = try #require(
            JobAccounting.account(
                jobID: "42", runs: [input(early, samples(1...10)), input(late, samples(1...10, watts: 200))]))
        let cpu = account.nodes[0].components[.cpu]?.joules ?? 0
        #expect(abs(cpu - (8 * 100 + 10 * 200)) < 1e-9)
    }

    @Test func aGapBetweenRanksIsNotFilled() throws {
        // 1000–1005 and 1010–1015: no overlap, both count whole; the job lasts 15 s.
        let account = try #require(
            JobAccounting.account(
                jobID: "42",
                runs: [
                    input(run("a", node: "n1", rank: 0, local: 0, start: 1000), samples(1...5)),
                    input(run("b", node: "n1", rank: 1, local: 1, start: 1010), samples(1...5))
                ]))
        #expect(abs((account.nodes[0].components[.cpu]?.joules ?? 0) - 1_000) < 1e-9)
        #expect(account.duration == 15)
    }

    /// A sample half covered by a lower-ordered run contributes half.
    @Test func aPartlyCoveredSampleContributesItsUncoveredFraction() throws {
        let a = run("a", node: "n1", rank: 0, local: 0, start: 1000)
        let b = run("b", node: "n1", rank: 1, local: 1, start: 1000.5)
        let account = try #require(
            JobAccounting.account(jobID: "42", runs: [input(a, samples(1...2)), input(b, samples(1...2))]))
        // a covers 1000–1002; b's samples are 1000.5–1001.5 (covered) and 1001.5–1002.5 (half).
        #expect(abs((account.nodes[0].components[.cpu]?.joules ?? 0) - 250) < 1e-9)
    }

    @Test func aRunWithoutSamplesContributesItsTotals() throws {
        var imported = run("c", node: "n1", rank: 1, local: 1, start: 1000, processJoules: 30)
        imported.duration = 5
        let account = try #require(
            JobAccounting.account(
                jobID: "42",
                runs: [input(run("a", node: "n1", rank: 0, local: 0, start: 1000), samples(1...2)), input(imported, [])]
            ))
        #expect(abs((account.nodes[0].itEnergy.joules) - (202 + 30)) < 1e-9)
        #expect(account.nodes[0].ranks.first { $0.runID == "c" }?.processEnergy.joules == 30)
    }

    /// Two nodes are two machines: both count whole, each at its run's PUE and intensity.
    @Test func twoNodesAddUpAtTheirOwnPUEAndIntensity() throws {
        let account = try #require(
            JobAccounting.account(
                jobID: "42",
                runs: [
                    input(
                        run("a", node: "n1", rank: 0, local: 0, start: 1000, pue: 1.5, intensity: 100), samples(1...2)),
                    input(run("b", node: "n2", rank: 1, local: 0, start: 1000, pue: 1, intensity: 400), samples(1...2))
                ]))
        #expect(account.nodes.map(\.name) == ["n1", "n2"])
        #expect(abs(account.nodes[0].energy.joules - 202 * 1.5) < 1e-9)
        #expect(abs(account.energy.joules - (202 * 1.5 + 202)) < 1e-9)
        let grams = (202 * 1.5 * 100 + 202 * 400) / 3.6e6
        #expect(abs(account.emissions.grams - grams) < 1e-12)
        // A rank's share is of its own node: IT 10 J × PUE 1.5 of 303 J.
        #expect(abs(account.nodes[0].ranks[0].share - 15 / 303) < 1e-12)
    }

    @Test func aRunWithoutANodeNameIsItsHost() throws {
        var bare = run("a", node: "n1", rank: 0, local: 0, start: 1000)
        bare.job?.node = nil
        let account = try #require(JobAccounting.account(jobID: "42", runs: [input(bare, samples(1...1))]))
        #expect(account.nodes.map(\.name) == ["host-n1"])
    }

    @Test func tasksAreMergedByName() throws {
        let a = run("a", node: "n1", rank: 0, local: 0, start: 1000, pue: 2)
        let b = run("b", node: "n2", rank: 1, local: 0, start: 1003)
        let account = try #require(
            JobAccounting.account(
                jobID: "42",
                runs: [
                    input(
                        a, [],
                        tasks: [
                            TaskRecord(name: "epoch 1", start: 0, end: 4, cpuJoules: 10, gpuJoules: 0, ramJoules: 0),
                            TaskRecord(name: "eval", start: 4, end: 5, cpuJoules: 1, gpuJoules: 0, ramJoules: 0)
                        ]),
                    input(
                        b, [],
                        tasks: [TaskRecord(name: "epoch 1", start: 0, end: 6, cpuJoules: 5, gpuJoules: 0, ramJoules: 0)]
                    )
                ]))
        #expect(account.tasks.map(\.name) == ["epoch 1", "eval"])
        let epoch = account.tasks[0]
        #expect(epoch.start == 0 && epoch.end == 9 && epoch.count == 2)
        #expect(epoch.energy.joules == 10 * 2 + 5)
    }

    /// A node's emissions are its samples at the intensities they were priced at (an hourly-priced
    /// run's hours), those without one at the run's priced intensity; its tasks by their own samples.
    @Test func anHourlyPricedRunCountsItsHours() throws {
        var a = run("a", node: "n1", rank: 0, local: 0, start: 1000, pue: 2, intensity: 400)
        // Ten 101 J samples: the first five at 100 g/kWh, the rest at 500.
        let priced = samples(1...10).enumerated().map { index, sample in
            var sample = sample
            sample.intensity = index < 5 ? 100 : 500
            return sample
        }
        a.pricing = PricingBasis(
            kind: .hourly, hourlySources: ["Electricity Maps"], factor: .lifecycle, annualSource: "Ember, 2023",
            hourlyShare: 1)
        a.energy = .joules(1_010 * 2)
        a.emissions = GridIntensity.gramsPerKilowattHour(300).emissions(for: a.energy)
        let tasks = [
            TaskRecord(name: "first half", start: 0, end: 5, cpuJoules: 250, gpuJoules: 0, ramJoules: 2.5),
            TaskRecord(name: "second half", start: 5, end: 10, cpuJoules: 250, gpuJoules: 0, ramJoules: 2.5)
        ]
        let account = try #require(JobAccounting.account(jobID: "42", runs: [input(a, priced, tasks: tasks)]))
        let expected = (505.0 * 2 * 100 + 505.0 * 2 * 500) / 3_600_000
        #expect(abs(account.emissions.grams - expected) < 1e-12)
        // Each task at its own hours, not the run's mean of 300.
        let firstHalf = try #require(account.tasks.first { $0.name == "first half" })
        #expect(abs(firstHalf.emissions.grams - 252.5 * 2 * 100 / 3_600_000) < 1e-12)
        // Samples without intensities: the run's priced intensity (300), not its annual 400.
        let unpriced = try #require(
            JobAccounting.account(jobID: "42", runs: [input(a, samples(1...10), tasks: tasks)]))
        #expect(abs(unpriced.emissions.grams - 1_010.0 * 2 * 300 / 3_600_000) < 1e-12)
    }

    @Test func noRunsIsNoJob() {
        #expect(JobAccounting.account(jobID: "42", runs: []) == nil)
    }
}
