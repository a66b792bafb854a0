import FootprintCore

/// A value of one stored column, for a backend to bind as its own argument type.
public enum StoredColumnValue: Sendable, Hashable {
    case text(String?)
    case real(Double?)
    case integer(Int64?)
}

extension StoredRecords {
    /// The `run` row of `run`, column by column in one order, for both backends' upserts: the one
    /// place a run becomes a row when it is stored whole (pushed, pulled, delivered). A run still
    /// recording keeps no totals, as ``LedgerRecorder`` writes it: they are summed from its samples
    /// when it is read.
    public static func runColumns(_ run: RunRecord) -> [(name: String, value: StoredColumnValue)] {
        let ended = run.status != .running
        func total(_ value: Double) -> StoredColumnValue { .real(ended ? value : nil) }
        func integer(_ value: (some BinaryInteger)?) -> StoredColumnValue { .integer(value.map(Int64.init)) }
        let m = run.machine
        return [
            ("id", .text(run.id)), ("source", .text(run.source.rawValue)), ("project", .text(run.project)),
            ("name", .text(run.name)), ("command", .text(JSONText.encode(run.command))), ("host", .text(run.host)),
            ("pid", integer(run.pid)), ("started_at", .real(run.startedAt)),
            ("interval_s", .real(run.intervalSeconds)), ("scope", .text(run.scope.rawValue)),
            ("location_code", .text(run.locationCode)), ("location_name", .text(run.locationName)),
            ("intensity_g_per_kwh", .real(run.intensity.gramsPerKilowattHour)),
            ("intensity_source", .text(run.intensitySource)), ("pue", .real(run.pue)),
            ("pue_source", .text(run.pueSource)), ("cpu_model", .text(run.cpuModel)),
            ("cpu_power_model", .text(run.cpuPowerModel)), ("gpus", .text(JSONText.encode(run.gpus))),
            ("status", .text(run.status.rawValue)), ("exit_code", integer(run.exitCode)),
            ("duration_s", total(run.duration)),
            ("cpu_j", total(run.components[.cpu]?.joules ?? 0)), ("gpu_j", total(run.components[.gpu]?.joules ?? 0)),
            ("ram_j", total(run.components[.ram]?.joules ?? 0)),
            ("cpu_method", .text(run.methods[.cpu]?.rawValue)), ("gpu_method", .text(run.methods[.gpu]?.rawValue)),
            ("ram_method", .text(run.methods[.ram]?.rawValue)), ("energy_j", total(run.energy.joules)),
            ("co2e_g", total(run.emissions.grams)), ("notes", .text(JSONText.encode(run.notes))),
            ("extra", .text(run.extra)), ("logical_cpus", integer(m?.logicalCPUs)),
            ("memory_total_bytes", .integer(m.map { Int64(clamping: $0.memoryTotalBytes) })),
            ("mean_memory_used_bytes", .real(m?.meanMemoryUsedBytes)),
            ("mean_cpu_utilization", .real(m?.meanCPUUtilization)),
            ("mean_gpu_utilization_percent", .real(m?.meanGPUUtilization)),
            ("operating_system", .text(m?.operatingSystem)), ("job_scheduler", .text(run.job?.scheduler.rawValue)),
            ("job_id", .text(run.job?.id)), ("job_name", .text(run.job?.name)), ("job_rank", integer(run.job?.rank)),
            ("job_local_rank", integer(run.job?.localRank)), ("job_world_size", integer(run.job?.worldSize)),
            ("job_node", .text(run.job?.node)), ("job_pod", .text(run.job?.pod)),
            ("job_namespace", .text(run.job?.namespace)), ("user", .text(run.user)),
            ("pricing", .text(StoredPricing.encode(run.pricing))), ("planned", .text(StoredPricing.encode(run.planned)))
        ]
    }
}
