/// What an experiment's data say about the claim it tests, by the experiment's stated rule.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// The data meet the rule with room to spare: even the repeats' extremes meet it.
    case confirmed
    /// The data fail the rule: even the repeats' extremes fail it.
    case challenged
    /// The data cannot decide: too few configurations, a sweep whose effect is smaller than the
    /// spread between repeats, or repeats on both sides of the rule's threshold.
    case inconclusive

    /// The verdict on a claim that must hold in every part (every series, every pair): challenged
    /// when any part is, confirmed when all are, else inconclusive. No parts decide nothing.
    public static func combined(_ parts: [Verdict]) -> Verdict {
        if parts.contains(.challenged) { return .challenged }
        if !parts.isEmpty, parts.allSatisfy({ $0 == .confirmed }) { return .confirmed }
        return .inconclusive
    }

    /// The verdict on a figure known to lie in `low...high` against "at least `minimum`".
    static func atLeast(_ minimum: Double, low: Double, high: Double) -> Verdict {
        if low >= minimum { return .confirmed }
        if high < minimum { return .challenged }
        return .inconclusive
    }

    /// The verdict on a figure known to lie in `low...high` against the band `target ± tolerance`.
    static func within(_ target: Double, tolerance: Double, low: Double, high: Double) -> Verdict {
        let band = (target - tolerance)...(target + tolerance)
        if band.contains(low), band.contains(high) { return .confirmed }
        if high < band.lowerBound || low > band.upperBound { return .challenged }
        return .inconclusive
    }
}
