/// One experiment, measured and judged: the seam between the lab (which runs it), the report
/// (which renders it) and the ledger (which stores it).
public struct ExperimentResult: Sendable, Hashable, Codable {
    public var name: ExperimentName
    public var claim: String
    public var source: String
    /// Always the rule's evaluation of this result's data: the only initialiser that makes a
    /// new result takes an ``Evaluation``, never a verdict.
    public private(set) var verdict: Verdict
    /// One sentence that carries the figures behind the verdict.
    public private(set) var finding: String
    /// The rule in a reader's words.
    public var rule: String
    public private(set) var fit: ExperimentFit
    /// The configurations the evaluation was drawn from; fixed with it.
    public private(set) var configurations: [ConfigurationResult]

    /// The result of `definition`'s experiment, judged by `evaluation` (the definition's rule
    /// applied to evidence drawn from `configurations`).
    public init(definition: ExperimentDefinition, evaluation: Evaluation, configurations: [ConfigurationResult]) {
        name = definition.name
        claim = definition.claim
        source = definition.source
        rule = definition.rule.text
        verdict = evaluation.verdict
        finding = evaluation.finding
        fit = evaluation.fit
        self.configurations = configurations
    }
}

/// The engine that ran the configurations.
public enum ExperimentEngine: String, Sendable, Hashable, Codable, CaseIterable {
    /// Footprint's own engine, in process.
    case lab
    /// The shipped PyTorch script, as a child process measured by the meter.
    case pytorch
}

/// How big the configurations are.
public enum ExperimentScale: String, Sendable, Hashable, Codable, CaseIterable {
    /// All eleven within about two minutes on a 2-core machine: tests and CI.
    case smoke
    /// All eleven within about twenty minutes.
    case standard
    /// The paper's own sizes, however long they take.
    case paper
}

/// What `footprint lab experiment … --json` prints: one object, the run's experiments.
public struct ExperimentSuiteResult: Sendable, Hashable, Codable {
    /// How the name of the ledger run that measures a suite begins ("lab experiment NAME… (scale)"):
    /// how a reader of the ledger finds suites without asking every run for one.
    public static let runNamePrefix = "lab experiment "

    /// The ledger run the configurations were measured in.
    public var runID: String
    public var engine: ExperimentEngine
    public var scale: ExperimentScale
    /// The machine in a line: host, CPU and GPUs, and whether energy was measured or modeled.
    public var machine: String
    /// Measured repeats per configuration (after the discarded warm-up).
    public var repeats: Int
    /// `finished`, or `interrupted` when Ctrl-C stopped the suite: the experiments are then those
    /// begun, the last one judged on the configurations it measured.
    public var status: RunStatus
    /// When the suite started, ISO 8601.
    public var started: String
    /// The device the engine ran on: "cpu" or "cuda".
    public var device: String
    public var experiments: [ExperimentResult]

    public init(
        runID: String, engine: ExperimentEngine, scale: ExperimentScale, machine: String, repeats: Int,
        status: RunStatus = .finished, started: String, device: String = "cpu", experiments: [ExperimentResult]
    ) {
        self.runID = runID
        self.engine = engine
        self.scale = scale
        self.machine = machine
        self.repeats = repeats
        self.status = status
        self.started = started
        self.device = device
        self.experiments = experiments
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case engine, scale, machine, repeats, status, started, device, experiments
    }
}
