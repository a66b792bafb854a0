import FootprintCore

/// A run as `runs --json`, `runs show --json` and the dashboard's `/api/runs` print it: the one
/// shape of a run in every JSON output.
public struct RunJSON: Encodable, Sendable {
    public var id, name, status, startedAt, scope, host, source: String
    public var project: String?
    /// The account that recorded the run; absent for imported runs and those recorded before it was kept.
    public var user: String?
    public var durationS, energyKWh, co2eKg, pue, intensity: Double
    public var exitCode: Int32?
    public var locationCode: String?
    public var components: [String: [String: String]]
    public var componentsKWh: [String: Double]
    public var command: [String]
    public var tasks: [[String: String]]?
    public var sampleCount: Int?
    /// Absent for runs recorded before the ledger kept it, imported and interrupted runs.
    public var machine: MachineUsage?
    /// The run's job, null outside any.
    public var job: JobField
    /// Where the run was priced and how, as `footprint run --json` prints it.
    public var location: RunLocationJSON
    /// What `run --start best` planned, null for a run started at once.
    public var planned: PlannedJSON
    /// The figures the run carried before its current one, oldest first: in `report --json` and
    /// the dashboard's report, where the ledger keeps them; absent elsewhere.
    public var pricingHistory: [RunPriceJSON]?

    /// A job object, or null: `job` is always there, so that a script can rely on it.
    public struct JobField: Encodable, Sendable {
        public var value: JobIdentity?
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(JobJSON(value)) } else { try container.encodeNil() }
        }
    }

    /// - Parameter pricing: the run's intervals as priced (``RunReportModel/recordedPricing``),
    ///   so that each task is priced by its own; without it, at the run's priced intensity.
    public init(_ run: RunRecord, tasks: [TaskRecord]? = nil, pricing: RunPricing? = nil) {
        (id, name, status, scope, host, source, project, user) = (
            run.id, run.name, run.status.rawValue, run.scope.rawValue, run.host, run.source.rawValue, run.project,
            run.user
        )
        startedAt = Timestamp.iso8601UTC(run.startedAt)
        (durationS, energyKWh, co2eKg, pue) = (run.duration, run.energy.kilowattHours, run.emissions.kilograms, run.pue)
        intensity = run.intensity.gramsPerKilowattHour
        (exitCode, locationCode, command, machine) = (run.exitCode, run.locationCode, run.command, run.machine)
        job = JobField(value: run.job)
        location = RunLocationJSON(run)
        planned = PlannedJSON(value: run.planned)
        components = Dictionary(
            uniqueKeysWithValues: Component.allCases.map { ($0.rawValue, ["method": run.methods[$0]?.rawValue ?? ""]) })
        componentsKWh = Dictionary(
            uniqueKeysWithValues: Component.allCases.map { ($0.rawValue, (run.components[$0] ?? .zero).kilowattHours) })
        self.tasks = tasks?.map { task in
            let footprint = run.facilityFootprint(of: task, pricing: pricing)
            return [
                "name": task.name, "duration_s": "\(task.duration)",
                "energy_kwh": "\(footprint.energy.kilowattHours)", "co2e_kg": "\(footprint.emissions.kilograms)"
            ]
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, status, scope, host, source, project, user, pue, command, tasks, components, machine, job
        case location, planned, pricingHistory = "pricing_history"
        case startedAt = "started_at", durationS = "duration_s", energyKWh = "energy_kwh", co2eKg = "co2e_kg"
        case intensity = "intensity_g_per_kwh", exitCode = "exit_code", locationCode = "location_code"
        case componentsKWh = "components_kwh", sampleCount = "sample_count"
    }
}
