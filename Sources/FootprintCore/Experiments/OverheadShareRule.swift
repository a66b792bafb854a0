/// "Training overhead approaches a share of training energy near `target`" (Gitzel et al. 2023:
/// about 80 %, β ≈ 5): (T − I) / T for training energy T and the energy I of inference over the
/// same samples and epochs.
///
/// Per model: confirmed when the whole range the repeats allow — lowest (T_min − I_max) / T_min
/// to highest (T_max − I_min) / T_max — lies in `target ± tolerance`; challenged when it lies
/// wholly outside; inconclusive when it straddles an edge. The runner passes the models the claim
/// is about (the largest at each training-set size, where the share should have levelled off).
public struct OverheadShareRule: Sendable, Hashable {
    public var target: Double
    public var tolerance: Double

    public init(target: Double = 0.8, tolerance: Double = 0.1) {
        self.target = target
        self.tolerance = tolerance
    }

    /// The rule in a reader's words, from its thresholds.
    public var text: String {
        "overhead share (training − inference) / training of the largest model at each training-set size: "
            + "within \(Format.percent(target)) ± \(Format.significant(tolerance * 100)) points across the "
            + "repeats' range → confirmed, wholly outside → challenged, straddling an edge → inconclusive"
    }

    /// The verdict on the models the claim is about, each judged on its own.
    public func evaluate(_ models: [OverheadEvidence]) -> Evaluation {
        var fits: [ShareFit] = []
        var sentences: [String] = []
        var parts: [Verdict] = []
        for model in models {
            let training = model.training
            let inference = model.inference
            guard let share = Statistics.overheadShare(training: training.median, inference: inference.median),
                let low = Statistics.overheadShare(training: training.minimum, inference: inference.maximum),
                let high = Statistics.overheadShare(training: training.maximum, inference: inference.minimum)
            else {
                parts.append(.inconclusive)
                sentences.append("\(model.label): no positive training energy")
                continue
            }
            let verdict = Verdict.within(target, tolerance: tolerance, low: low, high: high)
            let beta = inference.median > 0 ? training.median / inference.median : nil
            parts.append(verdict)
            fits.append(ShareFit(label: model.label, share: share, low: low, high: high, beta: beta, verdict: verdict))
            sentences.append(
                "\(model.label): \(Format.percent(share)) (\(Format.percent(low)) to \(Format.percent(high))"
                    + (beta.map { ", β \(Format.significant($0))" } ?? "") + ")")
        }
        let verdict = Verdict.combined(parts)
        let finding =
            sentences.isEmpty
            ? "No training and inference pair was measured, so the overhead cannot be judged (inconclusive)."
            : "Training overhead as a share of training energy, against the paper's \(Format.percent(target)): "
                + sentences.joined(separator: "; ") + " (\(verdict.rawValue))."
        return Evaluation(verdict: verdict, finding: finding, fit: ExperimentFit(shares: fits))
    }
}
