import FootprintMeter

/// Where the exporter finds the runs in progress on this node: the live run registry, or a test's list.
public protocol LiveRunSource: Sendable {
    /// The runs in progress now; a run that ended is absent.
    func liveRuns() -> [LiveRun]
}

/// No runs: a node where nothing publishes them.
public struct NoLiveRuns: LiveRunSource {
    public init() {}
    public func liveRuns() -> [LiveRun] { [] }
}
