/// The plain statistics the experiment rules need, as functions over values. None of them
/// returns NaN or infinity: where a figure is undefined (no values, no spread in x), the answer
/// is nil, so that JSON never carries a non-number.
public enum Statistics {
    /// The median: the middle value, or the mean of the two middle values of an even count. Nil
    /// for no values or any value that is not finite.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The arithmetic mean; nil for no values or any value that is not finite.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// Ranks from 1, ties sharing the mean of the ranks they span (so [10, 20, 20, 30] ranks
    /// 1, 2.5, 2.5, 4), the convention that keeps Spearman's coefficient symmetric under ties.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            // Positions start...end (0-based) hold equal values: each gets the mean of ranks start+1...end+1.
            let shared = Double(start + end + 2) / 2
            for position in start...end { ranks[order[position]] = shared }
            start = end + 1
        }
        return ranks
    }

    /// Pearson's correlation coefficient; nil for fewer than two pairs, unequal lengths, a value
    /// that is not finite, or a series without variation (the coefficient is 0/0 there).
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2, let meanX = mean(x), let meanY = mean(y) else { return nil }
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - meanX) * (b - meanY)
            sxx += (a - meanX) * (a - meanX)
            syy += (b - meanY) * (b - meanY)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return min(1, max(-1, sxy / (sxx * syy).squareRoot()))
    }

    /// Spearman's rank correlation: Pearson's coefficient of the ranks, ties given their mean rank.
    /// Nil where Pearson's is (fewer than two pairs, or all x or all y tied).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return nil }
        return pearson(ranks(x), ranks(y))
    }

    /// The training/inference overhead factor β of the life-cycle model (Gitzel et al. 2023,
    /// T = β · I · D · E): training energy over the energy of the inferences it contains, measured
    /// as inference energy per sample × samples × epochs. Nil unless every figure is positive.
    public static func beta(
        trainingEnergy: Double, inferenceEnergyPerSample: Double, samples: Int, epochs: Int
    ) -> Double? {
        let inferences = inferenceEnergyPerSample * Double(samples) * Double(epochs)
        guard trainingEnergy > 0, inferences > 0, trainingEnergy.isFinite, inferences.isFinite else { return nil }
        return trainingEnergy / inferences
    }

    /// The share of training energy that is overhead over plain inference on the same samples:
    /// (T − I) / T. Negative when inference cost more than training (noise, or a claim
    /// challenged); nil unless T is positive and both are finite. β = 5 gives 0.8.
    public static func overheadShare(training: Double, inference: Double) -> Double? {
        guard training > 0, training.isFinite, inference.isFinite else { return nil }
        return (training - inference) / training
    }
}

extension Statistics {
    /// Where a sweep jumps most: of consecutive points in x order, the pair whose median energy
    /// grows by the largest factor. Nil for fewer than two points or no positive energy to compare.
    public static func largestStep(_ points: [SweepPoint]) -> (from: Double, to: Double, ratio: Double)? {
        let sorted = points.sorted { $0.x < $1.x }
        var best: (from: Double, to: Double, ratio: Double)?
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.energy.median > 0 && b.energy.median.isFinite {
            let ratio = b.energy.median / a.energy.median
            if ratio > best?.ratio ?? -.infinity { best = (a.x, b.x, ratio) }
        }
        return best
    }
}
