/// What a rule made of an experiment's data: the verdict, one sentence that carries the figures
/// behind it, and the figures themselves.
public struct Evaluation: Sendable, Hashable {
    public var verdict: Verdict
    public var finding: String
    public var fit: ExperimentFit

    public init(verdict: Verdict, finding: String, fit: ExperimentFit) {
        self.verdict = verdict
        self.finding = finding
        self.fit = fit
    }
}
