import FootprintCore
import FootprintLedger
import Foundation

/// A SQLite ledger for the dashboard's tests: two projects, two users, two hosts, a run whose name
/// is markup, a two-node job, a run with a forecast and a run of `lab experiment`.
enum DashboardLedger {
    /// 2027-01-15T08:00:00Z.
    static let start = 1_800_000_000.0

    static func seeded() throws -> Ledger {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("dashboard-\(UUID().uuidString)/ledger.sqlite").path
        let ledger = try Ledger(path: path)
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        let job = JobIdentity(
            scheduler: .slurm, id: "4242", name: "train", rank: 0, localRank: 0, worldSize: 2, node: "node-a",
            pod: nil, namespace: nil)
        let runs:
            [(id: String, name: String, project: String?, user: String?, host: String, day: Double, job: JobIdentity?)] =
                [
                    ("aaaa1111", "train resnet", "vision", "ada", "node-a", 0, nil),
                    ("bbbb2222", "train vit", "vision", "bob", "node-b", 1, nil),
                    ("cccc3333", "<script>alert(1)</script>", "nlp", "ada", "node-a", 2, nil),
                    ("dddd4444", "train rank 0", "vision", "ada", "node-a", 3, job),
                    (
                        "dddd5555", "train rank 1", "vision", "ada", "node-b", 3,
                        {
                            var other = job
                            (other.rank, other.node) = (1, "node-b")
                            return other
                        }()
                    ),
                    (
                        "eeee6666", ExperimentSuiteResult.runNamePrefix + "training-set-size (smoke)", "lab", "bob",
                        "node-a", 4, nil
                    )
                ]
        for (index, seed) in runs.enumerated() {
            let startedAt = start + seed.day * 86_400 + Double(index) * 60
            let header = RunRecord(
                id: seed.id, project: seed.project, name: seed.name, command: ["python", "train.py"], host: seed.host,
                pid: 1, startedAt: startedAt, intervalSeconds: 1, scope: .process, locationCode: "DE",
                locationName: "Germany", intensity: .gramsPerKilowattHour(400), intensitySource: "test", pue: 1.5,
                pueSource: "test", cpuModel: "Test CPU", cpuPowerModel: "test", gpus: [], notes: [], job: seed.job,
                user: seed.user)
            try recorder.begin(header)
            for t in 1...4 {
                recorder.sample(
                    SampleRecord(
                        t: Double(t), duration: 1, cpuJoules: 100 * Double(index + 1),
                        cpuProcessJoules: 60, gpuJoules: 0, gpuProcessJoules: 0, ramJoules: 10, ramProcessJoules: 2,
                        cpuUtilization: 0.5, processCPUShare: 0.6),
                    runID: seed.id)
            }
            recorder.task(
                TaskRecord(name: "epoch 1", start: 0, end: 2, cpuJoules: 50, gpuJoules: 0, ramJoules: 5),
                runID: seed.id)
            if index == 0 {
                recorder.forecast(
                    EpochForecast(
                        madeAt: 2, afterEpochs: 1, epochs: 4, durationSeconds: 4, energyJoules: 500,
                        lowEnergyJoules: 450, highEnergyJoules: 550, co2eGrams: 0.08, excludedWarmUp: false,
                        basis: "test"),
                    runID: seed.id)
            }
            let joules = 4 * (100 * Double(index + 1) * 0.6 + 2) * 1.5
            recorder.end(
                RunEnding(
                    status: .finished, exitCode: 0, duration: 4, cpuJoules: joules, gpuJoules: 0, ramJoules: 0,
                    cpuMethod: .rapl, gpuMethod: MeasurementMethod.none, ramMethod: .ramPerGigabyte,
                    energyJoules: joules, co2eGrams: joules / 9_000, notes: []),
                runID: seed.id)
        }
        try ledger.recordExperiments(ExperimentFixtures.suite(runID: "eeee6666", names: [.trainingSetSize]))
        return ledger
    }
}
