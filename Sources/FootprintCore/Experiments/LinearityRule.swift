/// "Energy grows linearly with x": a least-squares line through each sweep's medians.
///
/// Per sweep: confirmed when the slope is positive and R² ≥ ``minimumRSquared``; challenged when
/// not; inconclusive with fewer than ``minimumPoints`` distinct x, or when the rise the line
/// predicts across the sweep is smaller than the mean spread between repeats (noise would then
/// decide). The claim holds when it holds for every sweep (``Verdict/combined(_:)``).
public struct LinearityRule: Sendable, Hashable {
    public var minimumRSquared: Double
    public var minimumPoints: Int

    public init(minimumRSquared: Double = 0.95, minimumPoints: Int = 3) {
        self.minimumRSquared = minimumRSquared
        self.minimumPoints = minimumPoints
    }

    /// The rule in a reader's words, from its thresholds.
    public var text: String {
        "least-squares line of median energy against the swept value, per series: R² ≥ "
            + "\(Format.significant(minimumRSquared)) with a positive slope → confirmed, otherwise challenged; "
            + "inconclusive with fewer than \(minimumPoints) distinct values or when the rise across the sweep "
            + "is smaller than the spread between repeats"
    }

    /// The verdict on sweeps of `quantity` (e.g. "training samples"), each judged on its own; the
    /// slope is given in joules per `unit` (e.g. "sample").
    public func evaluate(_ sweeps: [Sweep], quantity: String, unit: String) -> Evaluation {
        var fits: [SeriesFit] = []
        var sentences: [String] = []
        for sweep in sweeps {
            let (fit, sentence) = judge(sweep, quantity: quantity, unit: unit)
            fits.append(fit)
            sentences.append(sentence)
        }
        let verdict = Verdict.combined(fits.map(\.verdict))
        let finding =
            sentences.isEmpty
            ? "No \(quantity) sweep was measured, so linearity cannot be judged (inconclusive)."
            : "Energy against \(quantity): " + sentences.joined(separator: "; ") + " (\(verdict.rawValue))."
        return Evaluation(verdict: verdict, finding: finding, fit: ExperimentFit(series: fits))
    }

    private func judge(_ sweep: Sweep, quantity: String, unit: String) -> (SeriesFit, String) {
        let x = sweep.points.map(\.x)
        let distinct = Set(x).count
        func result(_ verdict: Verdict, _ line: LinearFit?, _ sentence: String) -> (SeriesFit, String) {
            (SeriesFit(name: sweep.name, points: sweep.points.count, line: line, verdict: verdict), sentence)
        }
        guard distinct >= minimumPoints, let line = LinearFit(x: x, y: sweep.points.map(\.energy.median)) else {
            return result(.inconclusive, nil, "\(sweep.name): \(distinct) distinct values, \(minimumPoints) needed")
        }
        let figures =
            "\(sweep.name): \(Energy(joules: line.slope)) per \(unit), "
            + "R² \(Format.fixed(line.rSquared, decimals: 3)) over \(distinct) values"
        let rise = abs(line.slope) * ((x.max() ?? 0) - (x.min() ?? 0))
        let noise = sweep.meanSpreadWidth
        if rise < noise {
            return result(
                .inconclusive, line,
                figures + ", a rise of \(Format.significant(rise)) J below the spread between repeats "
                    + "(\(Format.significant(noise)) J)")
        }
        return result(line.slope > 0 && line.rSquared >= minimumRSquared ? .confirmed : .challenged, line, figures)
    }
}
