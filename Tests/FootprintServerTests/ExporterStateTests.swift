import FootprintCore
import FootprintMeter
import Testing

@testable import FootprintServer

@Suite struct ExporterStateTests {
    func text(_ state: ExporterState) -> String { MetricsText.prometheus(state.registry) }

    @Test func nodeCountersAddIntervalsAndWattsAreTheLatestInterval() {
        var state = ExporterState(settings: roundSettings())
        state.ingest(
            interval(end: 1, cpu: [("package-0", 10), ("package-1", 4)], gpus: [gpu(0, joules: 100)]), runs: [], now: 1)
        state.ingest(
            interval(end: 3, seconds: 2, cpu: [("package-0", 30), ("package-1", 8)], gpus: [gpu(0, joules: 300)]),
            runs: [], now: 3)
        let out = text(state)
        #expect(value(out, #"footprint_node_cpu_joules_total{zone="package-0",method="measured:rapl"}"#) == 40)
        #expect(value(out, #"footprint_node_cpu_watts{zone="package-0",method="measured:rapl"}"#) == 15)
        #expect(value(out, #"footprint_node_cpu_joules_total{zone="package-1",method="measured:rapl"}"#) == 12)
        #expect(value(out, #"footprint_node_dram_joules_total{method="measured:rapl-dram"}"#) == 4)
        #expect(value(out, #"footprint_node_dram_watts{method="measured:rapl-dram"}"#) == 1)
        let gpuLabels = #"{gpu="0",gpu_uuid="GPU-0",gpu_name="Test GPU",method="measured:nvml-energy"}"#
        #expect(value(out, "footprint_node_gpu_joules_total" + gpuLabels) == 400)
        #expect(value(out, "footprint_node_gpu_watts" + gpuLabels) == 150)
    }

    @Test func countersNeverGoBackwardsWhenAGPUDisappearsOrASensorGoesWrong() {
        var state = ExporterState(settings: roundSettings())
        state.ingest(interval(end: 1, gpus: [gpu(0, joules: 100)]), runs: [], now: 1)
        // The GPU is gone, and the CPU figure is nonsense: negative, then not a number.
        state.ingest(interval(end: 2, cpu: [("package-0", -50)]), runs: [], now: 2)
        state.ingest(interval(end: 3, cpu: [("package-0", .nan)], dram: .infinity), runs: [], now: 3)
        let out = text(state)
        let gpuLabels = #"{gpu="0",gpu_uuid="GPU-0",gpu_name="Test GPU",method="measured:nvml-energy"}"#
        #expect(value(out, "footprint_node_gpu_joules_total" + gpuLabels) == 100)
        // Its power is no longer a current figure.
        #expect(value(out, "footprint_node_gpu_watts" + gpuLabels) == nil)
        #expect(value(out, #"footprint_node_cpu_joules_total{zone="package-0",method="measured:rapl"}"#) == 10)
        #expect(value(out, #"footprint_node_dram_joules_total{method="measured:rapl-dram"}"#) == 4)
    }

    @Test func co2eIsNodeEnergyTimesPUETimesIntensity() {
        var state = ExporterState(settings: roundSettings())
        // 3.6 MJ = 1 kWh of CPU, GPU and memory together: × 1.5 × 400 g/kWh = 600 g.
        state.ingest(
            interval(end: 1, cpu: [("package-0", 1_000_000)], dram: 600_000, gpus: [gpu(0, joules: 2_000_000)]),
            runs: [], now: 1)
        let out = text(state)
        let grams = value(out, #"footprint_node_co2e_grams_total{location="DE"}"#) ?? 0
        #expect(abs(grams - 600) < 1e-9)
        #expect(value(out, #"footprint_grid_intensity_grams_per_kwh{location="DE",source="test grid"}"#) == 400)
        #expect(value(out, #"footprint_pue{source="test facility"}"#) == 1.5)
        #expect(value(out, #"footprint_exporter_info{version="9.9.9",node="node-a"}"#) == 1)
    }

    @Test func theTopProcessesGetSeriesAndTheRestAreSummedIntoOther() {
        var state = ExporterState(settings: roundSettings(processes: 2))
        let first = [process(1, cpu: 5), process(2, cpu: 3), process(3, cpu: 1), process(4, cpu: 1)]
        state.ingest(interval(end: 1, processes: first), runs: [], now: 1)
        var out = text(state)
        func series(_ pid: String, _ comm: String) -> String {
            #"footprint_process_joules_total{component="cpu",method="measured:rapl",pid="\#(pid)",comm="\#(comm)",container_id=""}"#
        }
        #expect(value(out, series("1", "p1")) == 5)
        #expect(value(out, series("2", "p2")) == 3)
        #expect(value(out, series("", "other")) == 2)
        #expect(samples(out, "footprint_process_joules_total").count == 3)
        // Process 3 overtakes process 2: from now on its energy has a series of its own, and 2's goes
        // to "other"; the series still add up to everything the processes used.
        state.ingest(
            interval(end: 2, processes: [process(1, cpu: 5), process(2, cpu: 1), process(3, cpu: 10)]), runs: [], now: 2
        )
        out = text(state)
        #expect(value(out, series("3", "p3")) == 10)
        #expect(value(out, series("2", "p2")) == 3)
        #expect(value(out, series("", "other")) == 3)
        let sum = samples(out, "footprint_process_joules_total").compactMap {
            $0.split(separator: " ").last.flatMap { Double($0) }
        }.reduce(0, +)
        #expect(sum == 26)
    }

    @Test func noProcessSeriesOfTheirOwnWithZeroProcesses() {
        var state = ExporterState(settings: roundSettings(processes: 0))
        state.ingest(interval(end: 1, processes: [process(1, cpu: 5), process(2, cpu: 3)]), runs: [], now: 1)
        let lines = samples(text(state), "footprint_process_joules_total")
        #expect(lines.count == 1)
        #expect(lines.first?.hasSuffix(" 8.0") == true)
    }

    @Test func containersAndJobsSumTheirProcessesWithTheProjectOfALiveRun() {
        var state = ExporterState(settings: roundSettings())
        let container = String(repeating: "a", count: 64)
        let job0 = JobIdentity(scheduler: .slurm, id: "4242", rank: 0)
        let job1 = JobIdentity(scheduler: .slurm, id: "4242", rank: 1)
        let processes = [
            process(1, cpu: 2, container: container, pod: "trainer-0", job: job0),
            process(2, cpu: 3, container: container, pod: "trainer-0", job: job0),
            process(3, cpu: 7, job: job1), process(4, cpu: 1)
        ]
        let run = LiveRun(
            runID: "r1", name: "train", project: "llm", pid: 1, startedAt: 0, scope: .process, job: job0,
            updatedAt: 1, tasks: [])
        state.ingest(interval(end: 1, processes: processes), runs: [run], now: 1)
        let out = text(state)
        #expect(
            value(
                out,
                #"footprint_container_joules_total{component="cpu",method="measured:rapl",container_id="\#(container)",pod="trainer-0",namespace="ml"}"#
            ) == 5)
        #expect(samples(out, "footprint_container_joules_total").count == 1)
        #expect(
            value(
                out,
                #"footprint_job_joules_total{component="cpu",method="measured:rapl",job_id="4242",rank="0",project="llm"}"#
            ) == 5)
        #expect(
            value(
                out,
                #"footprint_job_joules_total{component="cpu",method="measured:rapl",job_id="4242",rank="1",project="llm"}"#
            ) == 7)
    }

    @Test func runTotalsAreKeptMonotonic() {
        var state = ExporterState(settings: roundSettings())
        func run(_ joules: Double) -> LiveRun {
            LiveRun(
                runID: "r1", name: "train", project: nil, pid: 1, startedAt: 0, scope: .process, job: nil, updatedAt: 1,
                tasks: [
                    LiveTaskEnergy(task: "epoch 1", energy: [.gpu: SeriesEnergy(joules: joules, method: .nvmlEnergy)])
                ])
        }
        let series =
            #"footprint_run_joules_total{component="gpu",method="measured:nvml-energy",run_id="r1",name="train",project="",task="epoch 1"}"#
        state.ingest(nil, runs: [run(50)], now: 1)
        #expect(value(text(state), series) == 50)
        state.ingest(nil, runs: [run(40)], now: 2)
        #expect(value(text(state), series) == 50)
        state.ingest(nil, runs: [run(80)], now: 3)
        #expect(value(text(state), series) == 80)
    }

    @Test func seriesUnchangedForTheRetentionTimeAreDropped() {
        var state = ExporterState(settings: roundSettings(retain: 10))
        state.ingest(interval(end: 1, gpus: [gpu(0, joules: 1)], processes: [process(1, cpu: 5)]), runs: [], now: 1)
        let countAtStart = state.seriesCount
        // Process 1 exited and the GPU went away; their series stay for 10 s after their last update.
        state.ingest(interval(end: 11), runs: [], now: 11)
        #expect(samples(text(state), "footprint_process_joules_total").count == 1)
        #expect(samples(text(state), "footprint_node_gpu_joules_total").count == 1)
        state.ingest(interval(end: 12), runs: [], now: 12)
        let out = text(state)
        #expect(samples(out, "footprint_process_joules_total").isEmpty)
        #expect(samples(out, "footprint_node_gpu_joules_total").isEmpty)
        #expect(value(out, #"footprint_node_cpu_joules_total{zone="package-0",method="measured:rapl"}"#) == 30)
        #expect(state.seriesCount < countAtStart)
        // The constant figures stay whatever the time.
        #expect(value(out, #"footprint_pue{source="test facility"}"#) == 1.5)
    }

    @Test func everyFamilyOfTheTableIsServed() {
        var state = ExporterState(settings: roundSettings())
        let job = JobIdentity(scheduler: .slurm, id: "7", rank: 0)
        let run = LiveRun(
            runID: "r", name: "n", project: "p", pid: 1, startedAt: 0, scope: .process, job: job, updatedAt: 1,
            tasks: [LiveTaskEnergy(task: "", energy: [.cpu: SeriesEnergy(joules: 1, method: .rapl)])])
        state.ingest(
            interval(end: 1, gpus: [gpu(0, joules: 1)], processes: [process(1, cpu: 1, container: "c", job: job)]),
            runs: [run], now: 1)
        let out = text(state)
        for metric in ExporterMetric.all {
            #expect(out.contains("# TYPE \(metric.name) \(metric.kind.rawValue)\n"), "\(metric.name)")
            #expect(out.contains("# HELP \(metric.name) \(metric.help)\n"), "\(metric.name)")
            #expect(!samples(out, metric.name).isEmpty, "\(metric.name)")
        }
    }
}
