import FootprintCore

/// One measurement a calibration or its validation asks for: a network run for one pass.
public struct CalibrationWorkload: Sendable {
    /// What is measured, for tables and task names ("dense 256×256, batch 32").
    public var label: String
    public var pass: CalibratedPass
    /// The network; its analysis gives the features.
    public var spec: ModelSpec
    public var batch: Int
    /// The work the engine runs: `.train` for training, `.inference` for inference.
    public var workload: Workload

    public init(label: String, pass: CalibratedPass, spec: ModelSpec, batch: Int, workload: Workload) {
        self.label = label
        self.pass = pass
        self.spec = spec
        self.batch = batch
        self.workload = workload
    }
}

/// A workload's measured cost per sample: the medians of its repeats.
public struct MeasuredCost: Sendable {
    public var workload: CalibrationWorkload
    /// Samples one repeat processed (samples × epochs or passes × runs).
    public var samples: Int
    /// IT joules per sample (before PUE, in the session's scope), median of the repeats.
    public var joulesPerSample: Double
    /// Seconds per sample, median of the repeats.
    public var secondsPerSample: Double
    /// IT joules per sample of every repeat, in order.
    public var repeatJoules: [Double]
}

/// Measures calibration workloads on an engine: each once unmeasured (the warm-up: cold caches,
/// first-touch pages, an engine's lazy start), then `repeats` times as tasks of the session's run.
public struct CalibrationBench {
    public let engine: any WorkloadEngine
    public let session: MeasuredSession
    public let repeats: Int
    public let shouldStop: () -> Bool

    public init(
        engine: any WorkloadEngine, session: MeasuredSession, repeats: Int,
        shouldStop: @escaping () -> Bool = { false }
    ) {
        self.engine = engine
        self.session = session
        self.repeats = max(1, repeats)
        self.shouldStop = shouldStop
    }

    /// Measures one workload; its repeats are tasks named "`prefix`: `label` (r/N)".
    /// - Throws: ``ExperimentInterrupted`` when ``shouldStop`` answers true, or the engine's
    ///   ``WorkloadError``.
    public func measure(_ planned: CalibrationWorkload, prefix: String) throws -> MeasuredCost {
        _ = try engine.run(planned.workload.warmUp, task: nil, session: session, shouldStop: shouldStop)
        var joules: [Double] = []
        var seconds: [Double] = []
        var samples = 0
        for index in 1...repeats {
            let task = "\(prefix): \(planned.label) (\(index)/\(repeats))"
            let outcome = try engine.run(planned.workload, task: task, session: session, shouldStop: shouldStop)
            let processed = Double(max(outcome.samplesProcessed, 1))
            joules.append((outcome.energy?.it.joules ?? 0) / processed)
            seconds.append(outcome.seconds / processed)
            samples = outcome.samplesProcessed
        }
        return MeasuredCost(
            workload: planned, samples: samples, joulesPerSample: Statistics.median(joules) ?? 0,
            secondsPerSample: Statistics.median(seconds) ?? 0, repeatJoules: joules)
    }
}
