/// How an experiment turns its data into a verdict: one of four rules, each data the code
/// evaluates (its thresholds) and a sentence for the reader made from the same thresholds, so
/// that what the output states and what the code does cannot drift apart.
public enum VerdictRule: Sendable, Hashable {
    case linearity(LinearityRule)
    case rankCorrelation(RankCorrelationRule)
    case overheadShare(OverheadShareRule)
    case ratios(RatioRule)

    /// The rule in a reader's words.
    public var text: String {
        switch self {
        case .linearity(let rule): rule.text
        case .rankCorrelation(let rule): rule.text
        case .overheadShare(let rule): rule.text
        case .ratios(let rule): rule.text
        }
    }
}
