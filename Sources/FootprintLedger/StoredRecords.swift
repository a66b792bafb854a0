import FootprintCore
import Foundation

/// The sums of a run's samples that a run still being recorded takes its totals from.
public struct SampleSums: Sendable, Hashable {
    public var cpuJoules: Double
    public var gpuJoules: Double
    public var ramJoules: Double
    /// The time of its last sample: how long it has run so far.
    public var lastTime: Double

    public init(cpuJoules: Double, gpuJoules: Double, ramJoules: Double, lastTime: Double) {
        (self.cpuJoules, self.gpuJoules, self.ramJoules, self.lastTime) = (cpuJoules, gpuJoules, ramJoules, lastTime)
    }
}

/// Rows of both backends read as the run vocabulary: one reading of a stored run, sample, task,
/// forecast and experiment suite, whichever database the row came from.
public enum StoredRecords {
    /// The query of a running run's sums, its id bound at `placeholder` (`?` in SQLite, `$1` in
    /// PostgreSQL): a run of the machine scope sums the machine's energy, others their process's share.
    public static func sampleSumsSQL(scope: Scope, placeholder: String) -> String {
        let suffix = scope == .machine ? "" : "_process"
        return """
            SELECT COALESCE(SUM(cpu\(suffix)_j), 0) AS cpu, COALESCE(SUM(gpu\(suffix)_j), 0) AS gpu,
                   COALESCE(SUM(ram\(suffix)_j), 0) AS ram, COALESCE(MAX(t), 0) AS t FROM sample WHERE run_id = \(placeholder)
            """
    }

    /// A row of ``sampleSumsSQL(scope:placeholder:)``.
    public static func sampleSums(_ row: some LedgerRow) throws -> SampleSums {
        SampleSums(
            cpuJoules: try row.real("cpu") ?? 0, gpuJoules: try row.real("gpu") ?? 0,
            ramJoules: try row.real("ram") ?? 0, lastTime: try row.real("t") ?? 0)
    }

    /// A `run` row as a run, its stored words parsed into the run vocabulary here, once. A run
    /// still marked running gets its totals from its samples (`sums`, called with its id and
    /// scope), and is interrupted when its recording process on this host is gone; one marked
    /// running on another host stays running, as this machine cannot check it.
    /// - Throws: ``LedgerError`` with reason `.unknownStoredValue` for a status, scope, source or
    ///   method this version does not know (a newer footprint wrote it): never a guess.
    public static func run(
        _ row: some LedgerRow, sums: (_ id: String, _ scope: Scope) throws -> SampleSums?
    ) throws -> RunRecord {
        let id = try row.text(required: "id")
        let stored = try vocabulary(of: row, id: id)
        var status = stored.status
        let host = try row.text(required: "host")
        let pid = try row.int32("pid")
        let startedAt = try row.real(required: "started_at")
        let pue = try row.real(required: "pue")
        let intensity = GridIntensity.gramsPerKilowattHour(try row.real(required: "intensity_g_per_kwh"))
        var components: [Component: Energy] = [:]
        var duration = try row.real("duration_s") ?? 0
        var energy = Energy.joules(try row.real("energy_j") ?? 0)
        let storedEmissions = try row.real("co2e_g")
        var emissions = CarbonMass.grams(storedEmissions ?? 0)
        let pricing = StoredPricing.decode(PricingBasis.self, from: try row.text("pricing"))
        for c in Component.allCases {
            components[c] = .joules(try row.real("\(c.rawValue)_j") ?? 0)
        }
        if status == .running {
            if host == Host.name(), let pid, !Ledger.isAlive(pid, recordingSince: startedAt) {
                status = .interrupted
            }
            if let totals = try sums(id, stored.scope) {
                components = [
                    .cpu: .joules(totals.cpuJoules), .gpu: .joules(totals.gpuJoules), .ram: .joules(totals.ramJoules)
                ]
                duration = totals.lastTime
                energy = components.values.reduce(Energy.zero, +) * pue
                // An interrupted run priced by the hour keeps that figure; others are priced at
                // the annual intensity as their samples come.
                if pricing == nil || storedEmissions == nil { emissions = intensity.emissions(for: energy) }
            }
        }
        return RunRecord(
            id: id, source: stored.source, project: try row.text("project"), name: try row.text(required: "name"),
            command: JSONText.decode(try row.text("command")), host: host, pid: pid, startedAt: startedAt,
            intervalSeconds: try row.real("interval_s"), scope: stored.scope,
            locationCode: try row.text("location_code"), locationName: try row.text("location_name"),
            intensity: intensity, intensitySource: try row.text("intensity_source"), pue: pue,
            pueSource: try row.text("pue_source"), cpuModel: try row.text("cpu_model"),
            cpuPowerModel: try row.text("cpu_power_model"), gpus: JSONText.decode(try row.text("gpus")),
            status: status, exitCode: try row.int32("exit_code"), duration: duration, components: components,
            methods: stored.methods, energy: energy, emissions: emissions,
            notes: JSONText.decode(try row.text("notes")), extra: try row.text("extra"),
            machine: try machineUsage(row), job: try job(row, id: id), user: try row.text("user"),
            pricing: pricing, planned: StoredPricing.decode(PlannedStartRecord.self, from: try row.text("planned")))
    }

    /// The job a row names; nil for a run outside any job and rows from before jobs were kept.
    /// - Throws: ``LedgerError`` with reason `.unknownStoredValue` for a scheduler this version does not know.
    static func job(_ row: some LedgerRow, id: String) throws -> JobIdentity? {
        guard let jobID = try row.text("job_id") else { return nil }
        let storedScheduler = try row.text("job_scheduler") ?? JobIdentity.Scheduler.manual.rawValue
        let scheduler: JobIdentity.Scheduler
        do throws(UnknownStoredValue) {
            scheduler = try StoredValue.parse(storedScheduler, as: "job scheduler")
        } catch {
            throw unknown(error, id: id)
        }
        return JobIdentity(
            scheduler: scheduler, id: jobID, name: try row.text("job_name"), rank: try row.int("job_rank"),
            localRank: try row.int("job_local_rank"), worldSize: try row.int("job_world_size"),
            node: try row.text("job_node"), pod: try row.text("job_pod"), namespace: try row.text("job_namespace"))
    }

    /// A row's stored words: status, scope, source and the method of each component.
    static func vocabulary(
        of row: some LedgerRow, id: String
    ) throws -> (status: RunStatus, scope: Scope, source: RunSource, methods: [Component: MeasurementMethod]) {
        let status = try row.text(required: "status"), scope = try row.text(required: "scope")
        let source = try row.text("source") ?? RunSource.footprint.rawValue
        var stored: [Component: String?] = [:]
        for c in Component.allCases { stored[c] = try row.text("\(c.rawValue)_method") }
        do throws(UnknownStoredValue) {
            var methods: [Component: MeasurementMethod] = [:]
            for c in Component.allCases {
                methods[c] = try StoredValue.method(stored[c] ?? nil, of: c)
            }
            return (
                try StoredValue.parse(status, as: "status"), try StoredValue.parse(scope, as: "scope"),
                try StoredValue.parse(source, as: "source"), methods
            )
        } catch {
            throw unknown(error, id: id)
        }
    }

    static func unknown(_ error: UnknownStoredValue, id: String) -> LedgerError {
        LedgerError(
            .unknownStoredValue,
            "run \(id) has \(error); a newer footprint wrote it: update footprint to read this ledger")
    }

    /// The machine facts of a run that ended with them.
    static func machineUsage(_ row: some LedgerRow) throws -> MachineUsage? {
        guard let cpus = try row.int("logical_cpus"), let memory = try row.integer("memory_total_bytes"),
            let used = try row.real("mean_memory_used_bytes"), let utilization = try row.real("mean_cpu_utilization"),
            let os = try row.text("operating_system")
        else { return nil }
        return MachineUsage(
            logicalCPUs: cpus, memoryTotalBytes: UInt64(max(memory, 0)), meanMemoryUsedBytes: used,
            meanCPUUtilization: utilization, meanGPUUtilization: try row.real("mean_gpu_utilization_percent"),
            operatingSystem: os)
    }

    /// A `sample` row.
    public static func sample(_ row: some LedgerRow) throws -> SampleRecord {
        SampleRecord(
            t: try row.real(required: "t"), duration: try row.real(required: "dt"),
            cpuJoules: try row.real(required: "cpu_j"), cpuProcessJoules: try row.real(required: "cpu_process_j"),
            gpuJoules: try row.real(required: "gpu_j"), gpuProcessJoules: try row.real(required: "gpu_process_j"),
            ramJoules: try row.real(required: "ram_j"), ramProcessJoules: try row.real(required: "ram_process_j"),
            cpuUtilization: try row.real(required: "cpu_utilization"),
            processCPUShare: try row.real(required: "process_cpu_share"), intensity: try row.real("g_per_kwh"))
    }

    /// A `task` row.
    public static func task(_ row: some LedgerRow) throws -> TaskRecord {
        TaskRecord(
            name: try row.text(required: "name"), start: try row.real(required: "start_s"),
            end: try row.real(required: "end_s"), cpuJoules: try row.real(required: "cpu_j"),
            gpuJoules: try row.real(required: "gpu_j"), ramJoules: try row.real(required: "ram_j"))
    }

    /// A `forecast` row.
    public static func forecast(_ row: some LedgerRow) throws -> EpochForecast {
        EpochForecast(
            madeAt: try row.real(required: "made_at_s"), afterEpochs: Int(try row.integer(required: "after_epochs")),
            epochs: Int(try row.integer(required: "epochs")), durationSeconds: try row.real(required: "duration_s"),
            energyJoules: try row.real(required: "energy_j"), lowEnergyJoules: try row.real(required: "low_energy_j"),
            highEnergyJoules: try row.real(required: "high_energy_j"), co2eGrams: try row.real(required: "co2e_g"),
            excludedWarmUp: try row.boolean("excluded_warm_up") ?? false, basis: try row.text(required: "basis"))
    }
}
