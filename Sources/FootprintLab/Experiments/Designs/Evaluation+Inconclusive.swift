import FootprintCore

extension Evaluation {
    /// The evaluation made inconclusive because the evidence is incomplete (a run cut short
    /// before the plan's every part was measured): the rule's own verdict word at the end of the
    /// finding gives way to `reason`, so that the finding never names two verdicts.
    func inconclusive(because reason: String) -> Evaluation {
        guard verdict != .inconclusive else { return self }
        var finding = self.finding
        let stated = " (\(verdict.rawValue))."
        if finding.hasSuffix(stated) { finding = String(finding.dropLast(stated.count)) + "." }
        return Evaluation(verdict: .inconclusive, finding: finding + " " + reason + " (inconclusive).", fit: fit)
    }
}
