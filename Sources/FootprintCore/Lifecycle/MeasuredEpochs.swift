/// A run's epochs as its tasks measured them: what `estimate lifecycle --from-run` takes the
/// per-epoch training energy from.
///
/// The first epoch is set aside as a warm-up (caches, allocation, a JIT) when at least two later
/// epochs exist and it differs from their mean by more than their spread (largest minus smallest).
public struct MeasuredEpochs: Sendable, Hashable {
    /// One epoch task.
    public struct Epoch: Sendable, Hashable {
        public let name: String
        /// IT energy in the run's scope.
        public let energy: Energy
        public let seconds: Double
    }

    /// Every matching task, in start order.
    public let all: [Epoch]
    /// Whether the first was set aside as a warm-up.
    public let excludedWarmUp: Bool

    /// The epochs the figures come from.
    public var kept: ArraySlice<Epoch> { excludedWarmUp ? all.dropFirst() : all[...] }

    /// The kept epochs' mean IT energy.
    public var meanEnergy: Energy { .joules(Self.mean(kept.map(\.energy.joules))) }
    /// The kept epochs' mean wall time, seconds.
    public var meanSeconds: Double { Self.mean(kept.map(\.seconds)) }
    /// The kept epochs' sample standard deviation of energy, joules; nil with one epoch.
    public var energyStandardDeviation: Double? { Self.standardDeviation(kept.map(\.energy.joules)) }

    /// The epochs of `tasks` whose names match `pattern` (`*` stands for any text, every other
    /// character for itself).
    /// - Throws: ``MeasuredRunError`` ``MeasuredRunError/Reason/noEpochTasks`` naming the tasks the
    ///   run has, ``MeasuredRunError/Reason/noEnergy`` when the epochs hold none.
    public init(tasks: [TaskRecord], pattern: String) throws(MeasuredRunError) {
        guard !pattern.isEmpty else {
            throw MeasuredRunError(.invalidInput, "the epoch task pattern is empty")
        }
        let epochs = tasks.filter { Self.matches($0.name, pattern: pattern) }.sorted { $0.start < $1.start }.map {
            Epoch(
                name: $0.name, energy: $0.itEnergy, seconds: max($0.duration, 0))
        }
        guard !epochs.isEmpty else {
            throw MeasuredRunError.missing(.noEpochTasks, "no task matches '\(pattern)'", in: tasks)
        }
        all = epochs
        excludedWarmUp = Self.isWarmUp(epochs.map(\.energy.joules))
        guard meanEnergy.joules > 0, meanEnergy.joules.isFinite else {
            throw MeasuredRunError(.noEnergy, "the epoch tasks matching '\(pattern)' hold no energy")
        }
    }

    /// The interval of the energy of `epochs` epochs like the kept ones, as factors of
    /// mean × epochs: the mean's uncertainty (s²/n per epoch, E² times) and each new epoch's own
    /// scatter (s² each, E times), 95 %. Nil with fewer than two kept epochs.
    public func interval(epochs: Double) -> RelativeInterval? {
        guard let s = energyStandardDeviation, epochs > 0 else { return nil }
        let n = Double(kept.count)
        let total = meanEnergy.joules * epochs
        let half = 1.96 * (epochs * epochs * s * s / n + epochs * s * s).squareRoot()
        return RelativeInterval(value: total, low: total - half, high: total + half)
    }

    /// Whether the first of `energies` is a warm-up (see the type's summary).
    static func isWarmUp(_ energies: [Double]) -> Bool {
        guard energies.count >= 3, let first = energies.first else { return false }
        let later = energies.dropFirst()
        guard let least = later.min(), let most = later.max() else { return false }
        return abs(first - mean(Array(later))) > most - least
    }

    /// Whether `name` matches the glob `pattern`, where `*` is any run of characters.
    static func matches(_ name: String, pattern: String) -> Bool {
        let text = Array(name)
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(Array.init)
        guard parts.count > 1 else { return text == parts[0] }
        // Anchored first and last pieces; the middle ones found left to right, each as early as it fits.
        let head = parts[0]
        let tail = parts[parts.count - 1]
        guard text.count >= head.count + tail.count, text.starts(with: head),
            text.reversed().starts(with: tail.reversed())
        else { return false }
        var position = head.count
        let end = text.count - tail.count
        for piece in parts.dropFirst().dropLast() where !piece.isEmpty {
            var found = false
            while position + piece.count <= end {
                if Array(text[position..<position + piece.count]) == piece {
                    position += piece.count
                    found = true
                    break
                }
                position += 1
            }
            if !found { return false }
        }
        return true
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        let m = mean(values)
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }
}
