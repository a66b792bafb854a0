import Foundation
import Testing

@testable import FootprintCore

/// Every experiment's rule, fed synthetic data made to give each verdict: the verdict must come
/// out of the data, whichever it is.
@Suite struct ExperimentRuleTests {
    /// Synthetic evidence for `rule` that should yield `verdict`.
    static func evaluate(_ rule: VerdictRule, toward verdict: Verdict) -> Evaluation {
        switch rule {
        case .linearity(let rule):
            let x: [Double] = [1_000, 2_000, 4_000, 7_000, 10_000]
            let medians: [Double] =
                switch verdict {
                case .confirmed: x.map { 0.002 * $0 + 5 }
                // A step, not a line: R² 0.5.
                case .challenged: [1, 1, 1, 1, 30]
                case .inconclusive: x.map { 0.002 * $0 + 5 }
                }
            let half = verdict == .inconclusive ? 50.0 : 0.1  // rise 18 J against a 100 J spread
            let points = zip(x, medians).map {
                SweepPoint(x: $0, energy: Spread(median: $1, minimum: $1 - half, maximum: $1 + half))
            }
            return rule.evaluate([Sweep(name: "2x64", points: points)], quantity: "training samples", unit: "sample")
        case .rankCorrelation(let rule):
            let x: [Double] = [1e3, 5e3, 2e4, 8e4, 3e5]
            let medians: [Double] = verdict == .challenged ? [9, 7, 8, 3, 1] : [1, 2, 2.5, 9, 20]
            let half = verdict == .inconclusive ? 30.0 : 0.01
            let points = zip(x, medians).map {
                SweepPoint(x: $0, energy: Spread(median: $1, minimum: max(0, $1 - half), maximum: $1 + half))
            }
            return rule.evaluate([Sweep(name: "width 25", points: points)], quantity: "trainable parameters")
        case .overheadShare(let rule):
            let (training, inference): (Spread, Spread) =
                switch verdict {
                case .confirmed:
                    (Spread(median: 500, minimum: 495, maximum: 505), Spread(median: 100, minimum: 98, maximum: 102))
                case .challenged: (Spread(exactly: 200), Spread(exactly: 100))
                // 0.625 to 0.917: one edge inside the band, one outside.
                case .inconclusive:
                    (Spread(median: 500, minimum: 400, maximum: 600), Spread(median: 100, minimum: 50, maximum: 150))
                }
            return rule.evaluate([
                OverheadEvidence(label: "10x100, 100,000 samples", training: training, inference: inference)
            ])
        case .ratios(let rule):
            let pairs = rule.criteria.map { criterion in
                let denominator = Spread(median: 1, minimum: 0.99, maximum: 1.01)
                let numerator: Spread =
                    switch verdict {
                    case .confirmed: Spread(exactly: criterion.minimum * 1.5)
                    case .challenged: Spread(exactly: criterion.minimum * 0.5)
                    case .inconclusive:
                        Spread(
                            median: criterion.minimum, minimum: criterion.minimum * 0.8,
                            maximum: criterion.minimum * 1.2)
                    }
                return RatioEvidence(
                    criterion: criterion.name, pair: "A", numerator: numerator, denominator: denominator)
            }
            let accuracy = [AccuracyEvidence(pair: "A", reference: 0.95, candidate: 0.95)]
            return rule.evaluate(pairs, accuracy: accuracy)
        }
    }

    /// The ratio rule an experiment is judged by.
    static func ratioRule(of name: ExperimentName) throws -> RatioRule {
        guard case .ratios(let rule) = name.definition.rule else { throw RuleKindMismatch() }
        return rule
    }

    struct RuleKindMismatch: Error {}

    @Test(arguments: ExperimentName.allCases, Verdict.allCases)
    func ruleYieldsTheVerdictTheDataShow(name: ExperimentName, verdict: Verdict) throws {
        let definition = name.definition
        let evaluation = Self.evaluate(definition.rule, toward: verdict)
        #expect(evaluation.verdict == verdict, "\(name): \(evaluation.finding)")
        #expect(evaluation.finding.hasSuffix("(\(verdict.rawValue))."), "\(evaluation.finding)")
        #expect(evaluation.finding.first?.isUppercase == true, "\(evaluation.finding)")
        // The result carries the definition's words and the evaluation's verdict, and its JSON is
        // finite throughout.
        let result = ExperimentResult(definition: definition, evaluation: evaluation, configurations: [])
        #expect(result.verdict == verdict && result.rule == definition.rule.text && result.claim == definition.claim)
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .throw
        let decoded = try JSONDecoder().decode(ExperimentResult.self, from: try encoder.encode(result))
        #expect(decoded == result)
    }

    @Test func lostAccuracyChallengesALeverThatSavesEnergy() throws {
        let rule = try Self.ratioRule(of: .pruning)
        let pair = RatioEvidence(
            criterion: ExperimentName.Criterion.denseOverSparseInference, pair: "90 %", numerator: Spread(exactly: 5),
            denominator: Spread(exactly: 1))
        let kept = rule.evaluate([pair], accuracy: [AccuracyEvidence(pair: "90 %", reference: 0.95, candidate: 0.94)])
        #expect(kept.verdict == .confirmed)
        let lost = rule.evaluate([pair], accuracy: [AccuracyEvidence(pair: "90 %", reference: 0.95, candidate: 0.80)])
        #expect(lost.verdict == .challenged)
        #expect(lost.finding.contains("accuracy lost (90 %) 15 points"), "\(lost.finding)")
        #expect(lost.fit.accuracyDrops?.first?.verdict == .challenged)
    }

    @Test func aRunStoppedShortBoundsItsRatio() throws {
        let rule = try Self.ratioRule(of: .transferLearning)
        let fineTuned = RatioEvidence(
            criterion: ExperimentName.Criterion.fineTunedOverDedicated, pair: "", numerator: Spread(exactly: 90),
            denominator: Spread(exactly: 1))
        // From scratch never reached the target: 30× is a lower bound, enough to confirm.
        let scratch = RatioEvidence(
            criterion: ExperimentName.Criterion.scratchOverFineTuned, pair: "", numerator: Spread(exactly: 30),
            denominator: Spread(exactly: 1), numeratorReached: false)
        let evaluation = rule.evaluate([scratch, fineTuned])
        #expect(evaluation.verdict == .confirmed, "\(evaluation.finding)")
        #expect(evaluation.finding.contains("×30 or more (≥ 2 needed)"), "\(evaluation.finding)")
        #expect(evaluation.fit.ratios?.first?.high == nil, "an unbounded ratio has no high end in JSON")
        // Below the threshold but only a lower bound: the data cannot decide.
        var short = scratch
        short.numerator = Spread(exactly: 1.5)
        #expect(rule.evaluate([short, fineTuned]).verdict == .inconclusive)
        // The fine-tuned run stopped short: its ratio is an upper bound, which cannot confirm.
        var unfinished = fineTuned
        unfinished.denominatorReached = false
        #expect(rule.evaluate([scratch, unfinished]).verdict == .inconclusive)
    }

    @Test func aCriterionNotMeasuredLeavesTheClaimOpen() throws {
        let rule = try Self.ratioRule(of: .modelShape)
        let only = RatioEvidence(
            criterion: ExperimentName.Criterion.deepOverWideAtParameters, pair: "40k", numerator: Spread(exactly: 3),
            denominator: Spread(exactly: 1))
        let evaluation = rule.evaluate([only])
        #expect(evaluation.verdict == .inconclusive)
        #expect(evaluation.finding.contains("not measured"))
    }

    @Test func tooFewPointsCannotShowALine() {
        let rule = LinearityRule()
        let points = [SweepPoint(x: 1, energy: Spread(exactly: 1)), SweepPoint(x: 2, energy: Spread(exactly: 2))]
        let evaluation = rule.evaluate([Sweep(name: "m", points: points)], quantity: "epochs", unit: "epoch")
        #expect(evaluation.verdict == .inconclusive)
        #expect(evaluation.fit.series?.first?.line == nil)
        #expect(rule.evaluate([], quantity: "epochs", unit: "epoch").verdict == .inconclusive)
    }

    @Test func everySeriesMustHoldForTheClaimToHold() {
        let line = (1...5).map { SweepPoint(x: Double($0), energy: Spread(exactly: 3 * Double($0))) }
        let step = zip(1...5, [1.0, 1, 1, 1, 30]).map { SweepPoint(x: Double($0), energy: Spread(exactly: $1)) }
        let evaluation = LinearityRule().evaluate(
            [Sweep(name: "small", points: line), Sweep(name: "large", points: step)], quantity: "epochs",
            unit: "epoch")
        #expect(evaluation.verdict == .challenged)
        #expect(evaluation.fit.series?.map(\.verdict) == [.confirmed, .challenged])
        #expect(evaluation.finding.contains("small: 3 J per epoch, R² 1 over 5 values"), "\(evaluation.finding)")
    }

    @Test func verdictsCombineStrictly() {
        #expect(Verdict.combined([.confirmed, .confirmed]) == .confirmed)
        #expect(Verdict.combined([.confirmed, .inconclusive]) == .inconclusive)
        #expect(Verdict.combined([.inconclusive, .challenged]) == .challenged)
        #expect(Verdict.combined([]) == .inconclusive)
    }
}
