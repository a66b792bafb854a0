import FootprintCore
import Foundation

/// One axis of an experiment chart: linear, or logarithmic where the values span decades (model
/// sizes, batch sizes, energies a hundredfold apart), with round ticks.
struct PlotScale: Sendable {
    enum Kind: Sendable { case linear, log10, log2 }

    let kind: Kind
    let lower: Double
    let upper: Double
    let ticks: [Double]

    /// Where `value` falls between the ends, 0 to 1; nil for a value this axis cannot place (not
    /// finite, or not positive on a logarithmic axis).
    func fraction(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch kind {
        case .linear:
            return upper > lower ? (value - lower) / (upper - lower) : 0.5
        case .log10, .log2:
            guard value > 0 else { return nil }
            let low = log10(lower), high = log10(upper)
            return high > low ? (log10(value) - low) / (high - low) : 0.5
        }
    }

    /// The value at a fraction of the axis (the inverse of ``fraction(_:)``).
    func value(at fraction: Double) -> Double {
        switch kind {
        case .linear: lower + fraction * (upper - lower)
        case .log10, .log2: pow(10, log10(lower) + fraction * (log10(upper) - log10(lower)))
        }
    }

    /// A linear axis over `values` (and 0, unless `includeZero` is false), about `ticks` ticks.
    static func linear(_ values: [Double], includeZero: Bool = true, ticks count: Int = 5) -> PlotScale {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if high <= low { (low, high) = high == 0 ? (0, 1) : (low - abs(low) / 2, high + abs(high) / 2) }
        let step = SVGChart.niceCeiling((high - low) / Double(max(count, 2)))
        let lower = (low / step * (1 + 1e-12)).rounded(.down) * step
        let upper = (high / step * (1 - 1e-12)).rounded(.up) * step
        let n = Int(((upper - lower) / step).rounded())
        return PlotScale(
            kind: .linear, lower: lower, upper: upper, ticks: (0...max(n, 0)).map { lower + Double($0) * step })
    }

    /// A logarithmic axis over the positive `values`, whole powers of ten (or two) at its ends;
    /// a linear one when none is positive.
    static func logarithmic(_ values: [Double], base2: Bool = false, maximumTicks: Int? = nil) -> PlotScale {
        // Batch sizes 1 to 512 keep every power of two.
        let maximumTicks = maximumTicks ?? (base2 ? 10 : 8)
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let smallest = positive.min(), let largest = positive.max() else { return linear(values) }
        let base = base2 ? 2.0 : 10.0
        let logBase = { (v: Double) in log(v) / log(base) }
        let low = (logBase(smallest) + 1e-9).rounded(.down)
        var high = (logBase(largest) - 1e-9).rounded(.up)
        if high <= low { high = low + 1 }
        let exponents = Array(stride(from: low, through: high, by: 1))
        let every = max(1, Int((Double(exponents.count) / Double(maximumTicks)).rounded(.up)))
        var ticks = exponents.enumerated().filter { $0.offset % every == 0 }.map { pow(base, $0.element) }
        // Within one decade the powers alone leave two ticks: add 2 and 5 times the lower one.
        if !base2, exponents.count == 2 { ticks = [1, 2, 5, 10].map { $0 * pow(10, low) } }
        return PlotScale(kind: base2 ? .log2 : .log10, lower: pow(base, low), upper: pow(base, high), ticks: ticks)
    }

    /// Logarithmic when every value is positive and they span at least two decades, else linear
    /// from zero: a hundredfold range on a linear axis squeezes the small values onto the floor.
    static func automatic(_ values: [Double], decades: Double = 2) -> PlotScale {
        let finite = values.filter(\.isFinite)
        guard let smallest = finite.min(), let largest = finite.max(), smallest > 0,
            log10(largest / smallest) >= decades
        else { return linear(values) }
        return logarithmic(finite)
    }

    /// An axis title that says when the axis is logarithmic: "energy (J)" → "energy (J, log)".
    func title(_ text: String) -> String {
        guard kind != .linear else { return text }
        return text.hasSuffix(")") ? text.dropLast() + ", log)" : text + " (log)"
    }

    /// A tick's text: short for big numbers (20k, 1.5M), plain otherwise.
    static func tickText(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e6 && magnitude < 1e9 { return Format.significant(value / 1e6) + "M" }
        if magnitude >= 1e4 && magnitude < 1e6 { return Format.significant(value / 1e3) + "k" }
        return Format.significant(value)
    }
}
