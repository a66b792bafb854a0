import FootprintCore

extension ExperimentScale {
    /// The shortest an inference configuration is measured for (passes are repeated until it has
    /// lasted this long). `standard` and `paper` take the meter's 1 s (``RepetitionProtocol``);
    /// `smoke` trades that resolution for speed, its figures rough by design.
    public var minimumPhaseSeconds: Double {
        switch self {
        case .smoke: 0.05
        case .standard, .paper: RepetitionProtocol.tickResolvedSeconds
        }
    }
}
