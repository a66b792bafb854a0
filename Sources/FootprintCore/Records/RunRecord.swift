/// Who recorded a run.
public enum RunSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// Measured by footprint.
    case footprint
    /// A row of a CodeCarbon `emissions.csv`, imported.
    case codecarbon
}

/// One run: what is known when it starts (``RunRecorder/begin(_:)`` records that) and, as the
/// ledger reads it back, the totals it ended with. The meter, the ledger and the reports share it.
public struct RunRecord: Sendable, Hashable {
    public var id: String
    public var source: RunSource
    public var project: String?
    public var name: String
    public var command: [String]
    public var host: String
    /// The recording footprint process, to tell a live run from one whose recorder died; nil for
    /// an imported run.
    public var pid: Int32?
    /// Seconds since 1970.
    public var startedAt: Double
    public var intervalSeconds: Double?
    public var scope: Scope
    public var locationCode: String?
    public var locationName: String?
    public var intensity: GridIntensity
    public var intensitySource: String?
    public var pue: Double
    public var pueSource: String?
    public var cpuModel: String?
    public var cpuPowerModel: String?
    public var gpus: [String]
    public var status: RunStatus
    public var exitCode: Int32?
    public var duration: Double
    /// IT energy in the run's scope, by component.
    public var components: [Component: Energy]
    /// How each component's figure was obtained; a component is absent until the run ends with
    /// its method (a run still recording, or one whose recorder died).
    public var methods: [Component: MeasurementMethod]
    /// Facility energy.
    public var energy: Energy
    public var emissions: CarbonMass
    public var notes: [String]
    /// Columns kept from an import that footprint has no field for (JSON object text).
    public var extra: String?
    /// What the run saw of its machine; nil for runs recorded before the ledger kept it, imported
    /// runs and interrupted ones.
    public var machine: MachineUsage?
    /// The batch job the run belongs to (Slurm, torchrun, Kubernetes, or `--job`); nil outside any.
    public var job: JobIdentity?
    /// The account that recorded the run (the login name of footprint's effective user); nil for
    /// imported runs and runs recorded before the ledger kept it.
    public var user: String?
    /// How ``emissions`` were priced; nil for a run priced at ``intensity`` throughout, as every run
    /// was before hourly pricing (and an imported one is).
    public var pricing: PricingBasis?
    /// What `run --start best` planned for the run; nil for a run started at once.
    public var planned: PlannedStartRecord?

    /// A run record; the totals default to those of a run that has just started.
    public init(
        id: String, source: RunSource = .footprint, project: String?, name: String, command: [String], host: String,
        pid: Int32?, startedAt: Double, intervalSeconds: Double?, scope: Scope, locationCode: String?,
        locationName: String?, intensity: GridIntensity, intensitySource: String?, pue: Double, pueSource: String?,
        cpuModel: String?, cpuPowerModel: String?, gpus: [String], status: RunStatus = .running,
        exitCode: Int32? = nil, duration: Double = 0, components: [Component: Energy] = [:],
        methods: [Component: MeasurementMethod] = [:], energy: Energy = .zero, emissions: CarbonMass = .zero,
        notes: [String], extra: String? = nil, machine: MachineUsage? = nil, job: JobIdentity? = nil,
        user: String? = nil, pricing: PricingBasis? = nil, planned: PlannedStartRecord? = nil
    ) {
        self.id = id
        self.source = source
        self.project = project
        self.name = name
        self.command = command
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.intervalSeconds = intervalSeconds
        self.scope = scope
        self.locationCode = locationCode
        self.locationName = locationName
        self.intensity = intensity
        self.intensitySource = intensitySource
        self.pue = pue
        self.pueSource = pueSource
        self.cpuModel = cpuModel
        self.cpuPowerModel = cpuPowerModel
        self.gpus = gpus
        self.status = status
        self.exitCode = exitCode
        self.duration = duration
        self.components = components
        self.methods = methods
        self.energy = energy
        self.emissions = emissions
        self.notes = notes
        self.extra = extra
        self.machine = machine
        self.job = job
        self.user = user
        self.pricing = pricing
        self.planned = planned
    }

    /// The node the run ran on: the scheduler's name for it, else the run's host.
    public var node: String { job?.node ?? host }

    /// When the run ended, seconds since 1970.
    public var endedAt: Double { startedAt + duration }

    /// IT energy in the run's scope.
    public var itEnergy: Energy { components.values.reduce(.zero, +) }

    /// How the run's emissions were priced: its ``pricing``, else the annual average of its place
    /// throughout (every run priced before hourly pricing, imported runs, runs no reading covered).
    /// One rule for every output that names the basis.
    public var pricingBasis: PricingBasis {
        pricing ?? .annual(source: intensitySource ?? "source not recorded")
    }

    /// The intensity the run's emissions were priced at: its mean over the hours where it was
    /// priced by the hour, else the annual ``intensity``.
    public var pricedIntensity: GridIntensity {
        guard pricing != nil, energy.joules > 0 else { return intensity }
        return .gramsPerKilowattHour(emissions.grams / energy.kilowattHours)
    }

    /// A task of this run at the facility: its IT energy × the run's PUE, and the emissions of
    /// that at the run's priced intensity (a report with the samples prices a task by its own
    /// intervals instead). One rule for `runs show`, `runs --json` and the reports.
    public func facilityFootprint(of task: TaskRecord) -> (energy: Energy, emissions: CarbonMass) {
        let energy = task.itEnergy * pue
        return (energy, pricedIntensity.emissions(for: energy))
    }
}

extension TaskRecord {
    /// IT energy in the run's scope, all components.
    public var itEnergy: Energy { .joules(cpuJoules + gpuJoules + ramJoules) }

    /// Seconds from the task's start to its end.
    public var duration: Double { end - start }
}
