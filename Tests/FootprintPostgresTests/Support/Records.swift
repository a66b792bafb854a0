import FootprintCore
import FootprintLedger

/// Runs, samples and bundles for the PostgreSQL-specific tests.
enum Records {
    static func run(
        _ id: String, status: RunStatus = .finished, host: String = "node-7", project: String? = "p",
        startedAt: Double = 1_800_000_000
    ) -> RunRecord {
        RunRecord(
            id: id, project: project, name: "train \(id)", command: ["python", "train.py"], host: host, pid: 4242,
            startedAt: startedAt, intervalSeconds: 1, scope: .process, locationCode: "DE", locationName: "Germany",
            intensity: .gramsPerKilowattHour(400), intensitySource: "test", pue: 1.5, pueSource: "test",
            cpuModel: "Test CPU", cpuPowerModel: "test", gpus: ["NVIDIA H100"], status: status,
            exitCode: status == .running ? nil : 0, duration: status == .running ? 0 : 30,
            components: status == .running ? [:] : [.cpu: .joules(600), .gpu: .joules(900), .ram: .joules(30)],
            methods: status == .running ? [:] : [.cpu: .rapl, .gpu: .nvmlEnergy, .ram: .ramPerGigabyte],
            energy: .joules(status == .running ? 0 : 2295), emissions: .grams(status == .running ? 0 : 0.255),
            notes: ["a note"], user: "ana")
    }

    static func sample(_ t: Double) -> SampleRecord {
        SampleRecord(
            t: t, duration: 1, cpuJoules: 100, cpuProcessJoules: 60, gpuJoules: 300, gpuProcessJoules: 300,
            ramJoules: 10, ramProcessJoules: 2, cpuUtilization: 0.5, processCPUShare: 0.6)
    }

    static func samples(_ count: Int, from first: Double = 1) -> [SampleRecord] {
        (0..<count).map { sample(first + Double($0)) }
    }

    static func bundle(_ run: RunRecord, samples: [SampleRecord]) -> RunBundle {
        RunBundle(
            run: run, samples: samples,
            tasks: [
                TaskRecord(name: "epoch 1", start: 0, end: 10, cpuJoules: 1, gpuJoules: 2, ramJoules: 3),
                TaskRecord(name: "epoch 2", start: 10, end: 20, cpuJoules: 4, gpuJoules: 5, ramJoules: 6)
            ],
            forecasts: [
                EpochForecast(
                    madeAt: 12, afterEpochs: 1, epochs: 10, durationSeconds: 100, energyJoules: 5000,
                    lowEnergyJoules: 4000, highEnergyJoules: 6000, co2eGrams: 0.5, excludedWarmUp: true,
                    basis: "linear")
            ], experiments: nil)
    }
}
