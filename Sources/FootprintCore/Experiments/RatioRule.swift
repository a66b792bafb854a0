/// One ratio a claim predicts to be large: "scratch ÷ fine-tuned energy ≥ 2".
public struct RatioCriterion: Sendable, Hashable {
    /// What is divided by what, in a reader's words; evidence names it to answer it.
    public var name: String
    public var minimum: Double

    public init(_ name: String, atLeast minimum: Double) {
        self.name = name
        self.minimum = minimum
    }
}

/// "A costs at least k times B" for each criterion, optionally "at an accuracy loss of at most d".
///
/// Per pair: the ratio of the medians, and the range the repeats allow (lowest numerator over
/// highest denominator up to the reverse); confirmed when the whole range is ≥ the minimum,
/// challenged when it is wholly below, inconclusive when it straddles it. Per accuracy pair:
/// challenged when the favoured configuration lost more than ``maximumAccuracyDrop``. The claim
/// holds when every pair holds; a criterion with no pair measured leaves it inconclusive.
public struct RatioRule: Sendable, Hashable {
    public var criteria: [RatioCriterion]
    /// Accuracy the favoured configuration may lose against its reference; nil when the claim says
    /// nothing about accuracy.
    public var maximumAccuracyDrop: Double?

    public init(_ criteria: [RatioCriterion], maximumAccuracyDrop: Double? = nil) {
        self.criteria = criteria
        self.maximumAccuracyDrop = maximumAccuracyDrop
    }

    /// The rule in a reader's words, from its thresholds.
    public var text: String {
        let ratios = criteria.map { "\($0.name) ≥ \(Format.significant($0.minimum))" }.joined(separator: " and ")
        let points = maximumAccuracyDrop.map { Format.significant($0 * 100) }
        return ratios + (points.map { ", with at most \($0) points of accuracy lost" } ?? "")
            + " across the repeats' range in every pair → confirmed; wholly below"
            + (points.map { _ in ", or more accuracy lost" } ?? "")
            + " → challenged; a range straddling the threshold → inconclusive"
    }

    /// The verdict on every pair of every criterion and, where the rule limits it, on the accuracy
    /// each favoured configuration kept.
    public func evaluate(_ pairs: [RatioEvidence], accuracy: [AccuracyEvidence] = []) -> Evaluation {
        var ratioFits: [RatioFit] = []
        var sentences: [String] = []
        var parts: [Verdict] = []
        for criterion in criteria {
            let answers = pairs.filter { $0.criterion == criterion.name }
            if answers.isEmpty {
                parts.append(.inconclusive)
                sentences.append("\(criterion.name): not measured")
            }
            for pair in answers {
                guard let ratio = pair.ratio else {
                    parts.append(.inconclusive)
                    sentences.append("\(criterion.name) (\(pair.pair)): no positive energy to divide")
                    continue
                }
                let verdict = Verdict.atLeast(criterion.minimum, low: ratio.low, high: ratio.high)
                parts.append(verdict)
                ratioFits.append(
                    RatioFit(
                        name: criterion.name, pair: pair.pair, value: ratio.value, low: ratio.low,
                        high: ratio.high.isFinite ? ratio.high : nil, minimum: criterion.minimum, verdict: verdict))
                let bound = !pair.numeratorReached ? " or more" : (!pair.denominatorReached ? " or less" : "")
                sentences.append(
                    "\(criterion.name) \(pair.pair.isEmpty ? "" : "(\(pair.pair)) ")×\(Format.significant(ratio.value))"
                        + bound + " (≥ \(Format.significant(criterion.minimum)) needed)")
            }
        }
        var drops: [AccuracyDrop] = []
        if let maximum = maximumAccuracyDrop {
            for pair in accuracy {
                let verdict: Verdict = pair.drop <= maximum ? .confirmed : .challenged
                parts.append(verdict)
                drops.append(AccuracyDrop(pair: pair.pair, drop: pair.drop, maximum: maximum, verdict: verdict))
                sentences.append(
                    "accuracy \(pair.drop >= 0 ? "lost" : "gained") (\(pair.pair)) "
                        + "\(Format.significant(abs(pair.drop) * 100)) points")
            }
        }
        let verdict = Verdict.combined(parts)
        return Evaluation(
            verdict: verdict, finding: Self.sentence(sentences.joined(separator: "; ") + " (\(verdict.rawValue))."),
            fit: ExperimentFit(ratios: ratioFits, accuracyDrops: drops.isEmpty ? nil : drops))
    }

    /// A finding starts with a capital letter, whatever the criterion's name starts with.
    private static func sentence(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
