import ArgumentParser
import FootprintCore
import FootprintLab
import FootprintLedger
import FootprintMeter
import Foundation

/// How `lab train` measures itself: the location, PUE and ledger options of `footprint run`, the
/// project (`lab` by default), and `--no-ledger`.
struct LabMeterOptions: ParsableArguments {
    @Option(help: "The project the run is recorded under (default: lab).") var project: String?
    @Option(
        help: ArgumentHelp(
            "Seconds between the meter's samples, 0.05 to 3600 (default 0.1: training runs are short).",
            valueName: "seconds"))
    var interval: Double?
    @Option(help: ArgumentHelp("CPU TDP in watts (0.5 to 1000), as for `footprint run`.", valueName: "watts"))
    var cpuTdp: Double?
    @OptionGroup var carbon: CarbonOptions
    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Measure the training and the inference, but record no run in the ledger.") var noLedger = false

    /// Short runs need short intervals for the polled sensors; the phases themselves are read at
    /// their start and stop whatever the interval (see `RepetitionProtocol`).
    static let defaultInterval = 0.1

    /// The meter's session for a run named `name`, its options checked and the ledger opened, not
    /// yet started: a ledger that cannot be written is refused before any training.
    func session(name: String) throws -> MeasuredSession {
        try recordedSession(name: name).session
    }

    /// The session, and the ledger its run is recorded in (nil with `--no-ledger`), for what a
    /// command stores beside the run.
    func recordedSession(name: String) throws -> (session: MeasuredSession, ledger: Ledger?) {
        let configuration = try MeterOptions.configuration(
            name: nil, defaultName: name, project: project, defaultProject: "lab", interval: interval,
            defaultInterval: Self.defaultInterval, cpuTdp: cpuTdp, carbon: carbon, ledger: noLedger ? nil : ledger,
            scope: .process, command: CommandLine.arguments)
        do {
            // A server's runs are recorded into its spool: what goes beside one goes there too.
            let ledger =
                (configuration.recorder as? LedgerRecorder)?.ledger
                ?? (configuration.recorder as? DeliveringRecorder)?.spool.ledger
            return (try MeasuredSession(configuration: configuration), ledger)
        } catch {
            throw CommandFailure.keepingKnown(error)
        }
    }
}

extension MeasuredSession {
    /// Ends the run and prices it by the hour in a ledger file, as `footprint run` does, then says
    /// on stderr what that could not do, what its ledger could not record, or (a server's) what
    /// happened to the delivery.
    @discardableResult
    func finishReporting(status: RunStatus = .finished) -> RunSummary {
        var summary = finish(status: status)
        let measured = summary.notes.count
        if let ledger = (recorder as? LedgerRecorder)?.ledger { summary.priceByTheHour(in: ledger) }
        let notes = summary.notes.dropFirst(measured) + LedgerOptions.notes(of: recorder)
        for note in notes { Terminal.standardError("note: " + Terminal.sanitized(note)) }
        return summary
    }
}

/// The measured energy of a `lab train` run, as `--json` gives it beside the training's figures.
struct LabEnergyReport: Encodable {
    var runID: String?
    var scope: Scope
    var pue: Double
    var methods: [Component: MeasurementMethod]
    var training: PhaseEnergy
    var trainingUnresolved: Bool
    var inference: RepeatedPhase?
    var minimumSeconds: Double
    /// What the meter could not measure and assumed instead (a CPU not in the catalog, no RAPL).
    var notes: [String]

    init(session: MeasuredSession, recorded: Bool, training: PhaseEnergy, inference: RepeatedPhase?) {
        runID = recorded ? session.runID : nil
        scope = session.scope
        pue = session.pue.value
        methods = training.methods
        self.training = training
        trainingUnresolved = session.repetition.isUnresolved(training.duration)
        self.inference = inference
        minimumSeconds = session.repetition.minimumSeconds
        notes = session.notes
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", scope = "energy_scope", pue, methods = "energy_methods"
        case trainingEnergy = "training_energy_j", trainingIT = "training_it_energy_j"
        case trainingSeconds = "training_measured_seconds", trainingUnresolved = "training_energy_unresolved"
        case inferencePerSample = "inference_energy_j_per_sample", inferenceIT = "inference_it_energy_j_per_sample"
        case inferencePasses = "inference_passes", inferenceSamples = "inference_samples_per_pass"
        case inferenceSeconds = "inference_measured_seconds", minimumSeconds = "measurement_minimum_seconds"
        case notes = "energy_notes"
    }

    static func byComponent<T>(_ values: [Component: T]) -> [String: T] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(runID, forKey: .runID)
        try c.encode(scope, forKey: .scope)
        try c.encode(pue, forKey: .pue)
        try c.encode(Self.byComponent(methods.mapValues(\.rawValue)), forKey: .methods)
        try c.encode(training.facility.joules, forKey: .trainingEnergy)
        try c.encode(Self.byComponent(training.components.mapValues(\.joules)), forKey: .trainingIT)
        try c.encode(training.duration, forKey: .trainingSeconds)
        try c.encode(trainingUnresolved, forKey: .trainingUnresolved)
        try c.encode(minimumSeconds, forKey: .minimumSeconds)
        try c.encode(notes, forKey: .notes)
        guard let inference else { return }
        let perSample = inference.perSample
        try c.encode(perSample.facility.joules, forKey: .inferencePerSample)
        try c.encode(Self.byComponent(perSample.components.mapValues(\.joules)), forKey: .inferenceIT)
        try c.encode(inference.passes, forKey: .inferencePasses)
        try c.encode(inference.samplesPerPass, forKey: .inferenceSamples)
        try c.encode(inference.total.duration, forKey: .inferenceSeconds)
    }

    /// The text lines: the energies, how they were measured and obtained, and where the run is.
    var lines: [String] {
        var lines: [String] = []
        let seconds = FootprintCore.Duration.seconds
        let inferred = inference.map { "; inference \($0.perSample.facility) per sample" } ?? ""
        lines.append(
            "energy      training \(training.facility)\(inferred); \(scope.rawValue) scope, PUE \(Format.significant(pue))"
        )
        var measured = [
            "training once (\(seconds(training.duration)))"
                + (trainingUnresolved ? ": rough, under the \(seconds(minimumSeconds)) the meter resolves" : "")
        ]
        if let inference {
            measured.append(
                "inference repeated \(Format.count(inference.passes)) times over \(inference.samplesPerPass) test "
                    + "samples (\(seconds(inference.total.duration)))")
        }
        lines.append("measured    " + measured.joined(separator: "; "))
        let shown = Component.allCases.compactMap { component -> String? in
            guard let method = methods[component], method != .none else { return nil }
            return "\(component.rawValue.uppercased()) \(method)"
        }
        var method = "method      " + shown.joined(separator: ", ")
        if methods[.cpu] == .tdpLoad { method += " (no RAPL energy counters here: CPU energy is modeled from load)" }
        lines.append(method)
        if let runID { lines.append("run         \(runID) in the ledger (footprint runs show \(runID))") }
        return lines
    }
}

/// Two values encoded as one JSON object: the training's figures and their energy.
struct MergedJSON<First: Encodable, Second: Encodable>: Encodable {
    var first: First
    var second: Second?

    func encode(to encoder: any Encoder) throws {
        try first.encode(to: encoder)
        try second?.encode(to: encoder)
    }
}
