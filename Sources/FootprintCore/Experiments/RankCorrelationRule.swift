/// "Energy rises with x, if not smoothly": Spearman's rank correlation of each sweep's median
/// energy with x (model size in trainable parameters, one sweep per width).
///
/// Per sweep: confirmed when ρ ≥ ``minimumSpearman``; challenged when below (or when every energy
/// is the same: no rise at all); inconclusive with fewer than ``minimumPoints`` distinct x, or
/// energies that differ by less than the mean spread between repeats. The claim holds when it
/// holds for every sweep.
public struct RankCorrelationRule: Sendable, Hashable {
    public var minimumSpearman: Double
    public var minimumPoints: Int

    public init(minimumSpearman: Double = 0.8, minimumPoints: Int = 4) {
        self.minimumSpearman = minimumSpearman
        self.minimumPoints = minimumPoints
    }

    /// The rule in a reader's words, from its thresholds.
    public var text: String {
        "Spearman rank correlation of median energy with the swept value, per series: ρ ≥ "
            + "\(Format.significant(minimumSpearman)) → confirmed, otherwise challenged; inconclusive with fewer "
            + "than \(minimumPoints) distinct values or when the energies differ by less than the spread between repeats"
    }

    /// The verdict on sweeps of `quantity` (e.g. "trainable parameters"); the finding also names
    /// each sweep's largest step, where energy jumps most from one point to the next.
    public func evaluate(_ sweeps: [Sweep], quantity: String) -> Evaluation {
        var fits: [SeriesFit] = []
        var sentences: [String] = []
        for sweep in sweeps {
            let x = sweep.points.map(\.x)
            let energies = sweep.points.map(\.energy.median)
            let distinct = Set(x).count
            let rho = Statistics.spearman(x, energies)
            let range = (energies.max() ?? 0) - (energies.min() ?? 0)
            let verdict: Verdict
            var sentence = "\(sweep.name): ρ \(rho.map { Format.fixed($0, decimals: 2) } ?? "undefined")"
            if distinct < minimumPoints {
                verdict = .inconclusive
                sentence += " over \(distinct) distinct values (\(minimumPoints) needed)"
            } else if range < sweep.meanSpreadWidth {
                verdict = .inconclusive
                sentence += ", energies within the spread between repeats"
            } else {
                // Distinct x with every energy tied leaves ρ undefined: energy did not rise at all.
                verdict = (rho ?? 0) >= minimumSpearman ? .confirmed : .challenged
                if let step = Statistics.largestStep(sweep.points) {
                    sentence +=
                        ", largest jump ×\(Format.significant(step.ratio)) from \(Format.significant(step.from)) "
                        + "to \(Format.significant(step.to))"
                }
            }
            fits.append(SeriesFit(name: sweep.name, points: sweep.points.count, spearman: rho, verdict: verdict))
            sentences.append(sentence)
        }
        let verdict = Verdict.combined(fits.map(\.verdict))
        let finding =
            sentences.isEmpty
            ? "No sweep of \(quantity) was measured, so the trend cannot be judged (inconclusive)."
            : "Energy against \(quantity): " + sentences.joined(separator: "; ") + " (\(verdict.rawValue))."
        return Evaluation(verdict: verdict, finding: finding, fit: ExperimentFit(series: fits))
    }
}
