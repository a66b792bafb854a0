import FootprintCore

/// The result of a measured run: energy by component, CO2e, tasks, and how each figure was obtained.
public struct RunSummary: Sendable, Encodable {
    /// One component's totals.
    public struct ComponentTotals: Sendable, Encodable {
        /// IT energy in the chosen scope.
        public var energy: Energy
        /// The whole machine's.
        public var machine: Energy
        /// The process tree's share.
        public var process: Energy
        /// How it was obtained.
        public var method: MeasurementMethod

        enum CodingKeys: String, CodingKey {
            case energyKWh = "energy_kwh", machineKWh = "machine_energy_kwh", processKWh = "process_energy_kwh", method
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(energy.kilowattHours, forKey: .energyKWh)
            try c.encode(machine.kilowattHours, forKey: .machineKWh)
            try c.encode(process.kilowattHours, forKey: .processKWh)
            try c.encode(method.rawValue, forKey: .method)
        }
    }

    /// One marked phase.
    public struct TaskTotals: Sendable, Encodable {
        public var name: String
        public var duration: Double
        /// Seconds from the run's start to the task's end, on the clock of ``SampleRecord/t``: the
        /// samples that end within ``duration`` before it are the task's, and price it by the hour.
        public var end: Double = 0
        /// Facility energy of the task in the chosen scope.
        public var energy: Energy
        public var emissions: CarbonMass
        /// IT energy by component.
        public var components: [Component: Energy]

        enum CodingKeys: String, CodingKey {
            case name, durationS = "duration_s", energyKWh = "energy_kwh", co2eKg = "co2e_kg"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(duration, forKey: .durationS)
            try c.encode(energy.kilowattHours, forKey: .energyKWh)
            try c.encode(emissions.kilograms, forKey: .co2eKg)
        }
    }

    public var runID: String
    public var name: String
    public var project: String?
    public var command: [String]
    public var startedAt: String
    public var duration: Double
    /// The command's exit code, for `footprint run`.
    public var exitCode: Int32?
    /// Finished, interrupted when a signal cut the run short, or running in a snapshot.
    public var status: RunStatus
    public var scope: Scope
    /// Facility energy: IT energy in scope × PUE.
    public var energy: Energy
    public var emissions: CarbonMass
    public var pue: PUE
    public var pueSource: String
    public var location: ResolvedLocation
    /// How ``emissions`` were priced: at ``location``'s annual average until the run is priced by
    /// the hour (``price(_:)``).
    public var basis: PricingBasis
    /// The mean intensity ``emissions`` were priced at: ``location``'s until the run is priced by the hour.
    public var pricedIntensity: GridIntensity
    /// What `footprint run --start best` planned; nil for a run started at once.
    public var planned: PlannedStartRecord? = nil
    public var components: [Component: ComponentTotals]
    public var tasks: [TaskTotals]
    /// The epochs the run announced, when it did (`--epochs`, ``Tracker/Options/expectedEpochs``).
    public var epochPlan: EpochPlan? = nil
    /// Tasks that matched the plan's pattern and ended: the epochs finished.
    public var epochsMarked: Int = 0
    /// Every forecast, in the order made: the first after ``EpochPlan/predictAfter`` epochs.
    public var forecasts: [EpochForecast] = []
    /// What could not be measured, and what to do about it.
    public var notes: [String]
    /// Where the run's samples were written.
    public var journal: String?
    /// The machine the run was measured on.
    public var machine: MachineFacts
    /// For `footprint run`: processes of the command's tree still running when the run ended
    /// (empty when none were, or `--wait-tree` waited for them); nil where there is no command.
    public var outlivingProcesses: [CommandTree.Survivor]?
    /// For `footprint attach`: the process whose tree was measured; nil for every other run.
    public var attachedPID: Int32?
    /// The batch job the run belongs to; nil outside any.
    public var job: JobIdentity? = nil

    /// What the run knew about its machine.
    public struct MachineFacts: Sendable, Encodable {
        public var cpuModel: String?
        public var gpuNames: [String]
        /// Counts, memory, utilisation and OS: what the ledger keeps for CodeCarbon's columns.
        public var usage: MachineUsage

        enum CodingKeys: String, CodingKey { case cpuModel = "cpu_model", gpuNames = "gpus" }

        /// One flat object: the model and GPUs beside the usage's own keys.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(cpuModel, forKey: .cpuModel)
            try container.encode(gpuNames, forKey: .gpuNames)
            try usage.encode(to: encoder)
        }
    }

    /// Prices the run as `pricing` does: its emissions, its tasks' (each by the intervals that end
    /// within it), the basis and the mean intensity. The energy stays as measured.
    public mutating func price(_ pricing: RunPricing) {
        emissions = pricing.emissions(for: energy)
        pricedIntensity = pricing.meanIntensity
        basis = pricing.basis
        for index in tasks.indices {
            let task = tasks[index]
            tasks[index].emissions = pricing.intensity(from: task.end - task.duration, to: task.end)
                .emissions(for: task.energy)
        }
    }

    /// IT energy in scope, before PUE.
    public var itEnergy: Energy { components.values.reduce(.zero) { $0 + $1.energy } }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", name, project, command, startedAt = "started_at", durationS = "duration_s"
        case exitCode = "exit_code", status, scope, energyKWh = "energy_kwh", itEnergyKWh = "it_energy_kwh"
        case co2eKg = "co2e_kg", pue, pueSource = "pue_source", location, components, tasks, notes, journal, machine
        case outlivingProcesses = "outliving_processes", attachedPID = "attached_pid", job
        case epochs, epochsMarked = "epochs_marked", prediction, predictions, planned
    }

    /// `location`: the place as resolved, and how the run was priced there.
    enum LocationKeys: String, CodingKey {
        case code, name, intensity = "intensity_g_per_kwh", source, basis, basisKind = "basis_kind"
        case hourlyShare = "hourly_share", pricedIntensity = "priced_intensity_g_per_kwh"
    }

    /// `planned`, for a run `--start best` planned.
    enum PlannedKeys: String, CodingKey {
        case start, end, deadline, intensity = "intensity_g_per_kwh", nowIntensity = "now_intensity_g_per_kwh", basis
    }

    /// The forecast made once ``EpochPlan/predictAfter`` epochs had ended, nil when there were fewer.
    public var prediction: EpochForecast? { forecasts.first }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(runID, forKey: .runID)
        try c.encode(name, forKey: .name)
        try c.encode(project, forKey: .project)
        try c.encode(command, forKey: .command)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(duration, forKey: .durationS)
        try c.encode(exitCode, forKey: .exitCode)
        try c.encode(status, forKey: .status)
        try c.encode(scope, forKey: .scope)
        try c.encode(energy.kilowattHours, forKey: .energyKWh)
        try c.encode(itEnergy.kilowattHours, forKey: .itEnergyKWh)
        try c.encode(emissions.kilograms, forKey: .co2eKg)
        try c.encode(pue.value, forKey: .pue)
        try c.encode(pueSource, forKey: .pueSource)
        var place = c.nestedContainer(keyedBy: LocationKeys.self, forKey: .location)
        try place.encode(location.code, forKey: .code)
        try place.encode(location.name, forKey: .name)
        try place.encode(location.intensity.gramsPerKilowattHour, forKey: .intensity)
        try place.encode(location.source, forKey: .source)
        try place.encode(basis.label, forKey: .basis)
        try place.encode(basis.kind.rawValue, forKey: .basisKind)
        try place.encode(basis.hourlyShare, forKey: .hourlyShare)
        try place.encode(pricedIntensity.gramsPerKilowattHour, forKey: .pricedIntensity)
        try c.encode(
            Dictionary(uniqueKeysWithValues: components.map { ($0.key.rawValue, $0.value) }), forKey: .components)
        try c.encode(tasks, forKey: .tasks)
        try c.encode(notes, forKey: .notes)
        try c.encode(journal, forKey: .journal)
        try c.encode(machine, forKey: .machine)
        try c.encodeIfPresent(outlivingProcesses, forKey: .outlivingProcesses)
        try c.encodeIfPresent(attachedPID, forKey: .attachedPID)
        try c.encode(job.map(JobJSON.init), forKey: .job)
        // Only for a run `--start best` planned: a plain run's JSON stays as it was.
        if let planned {
            var plan = c.nestedContainer(keyedBy: PlannedKeys.self, forKey: .planned)
            try plan.encode(Timestamp.iso8601UTC(planned.start), forKey: .start)
            try plan.encode(Timestamp.iso8601UTC(planned.end), forKey: .end)
            try plan.encode(Timestamp.iso8601UTC(planned.deadline), forKey: .deadline)
            try plan.encode(planned.intensity.gramsPerKilowattHour, forKey: .intensity)
            try plan.encode(planned.nowIntensity.gramsPerKilowattHour, forKey: .nowIntensity)
            try plan.encode(planned.basis, forKey: .basis)
        }
        // Only for a run that announced its epochs: a plain run's JSON stays as it was.
        if let epochPlan {
            try c.encode(epochPlan.epochs, forKey: .epochs)
            try c.encode(epochsMarked, forKey: .epochsMarked)
            // Both keys always, null and [] before any forecast, so that a script can rely on them.
            try c.encode(ForecastJSON.prediction(forecasts), forKey: .prediction)
            try c.encode(forecasts.map { ForecastJSON($0, madeAt: true) }, forKey: .predictions)
        }
    }
}
