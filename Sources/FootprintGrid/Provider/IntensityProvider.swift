import FootprintCore
import Synchronization

/// The one place callers above ask for time-resolved intensity: it answers from what is kept (this
/// process's memory, then the store it was given, the ledger) where that covers the question, and
/// otherwise asks its sources in their order, keeps the first answer in both, and says where the
/// answer came from. It never throws: with no source for the zone, or every source failing, the
/// answer is empty and names why, and the caller falls back to the annual average.
///
/// A provider serves one kind of figure: averages (Electricity Maps, the UK National Grid) or the
/// marginal signal (WattTime), never both, so that an answer never mixes them.
public final class IntensityProvider: Sendable {
    /// Which figures a provider serves.
    public enum Signal: Sendable, Hashable {
        /// Average intensities, life-cycle preferred to direct where both are kept.
        case average
        /// Marginal emissions rates.
        case marginal

        var factors: [IntensityFactor] { self == .average ? [.lifecycle, .direct] : [.marginal] }
    }

    /// The sources, asked in this order.
    public let sources: [any IntensitySource]
    public let signal: Signal
    /// How long a kept forecast or latest figure answers before the sources are asked again.
    public let freshFor: Double
    private let store: (any IntensityStore)?
    private let memory = MemoryIntensityStore()
    private let clock: @Sendable () -> Double
    /// History spans already answered in this process, so that the same question is not asked of a
    /// source twice even where the source had no figures for part of it; `Mutex` guards them.
    private let answeredSpans = Mutex<[SpanKey: [IntensityReading]]>([:])

    struct SpanKey: Hashable {
        var zone: String
        var from: Double
        var to: Double
    }

    /// - Parameters:
    ///   - sources: asked in order; those whose figures are not of `signal` are left out.
    ///   - store: where answers are kept beyond the process (the ledger), if anywhere.
    ///   - freshFor: seconds a kept forecast or latest figure is reused (15 minutes by default).
    public init(
        sources: [any IntensitySource], signal: Signal = .average, store: (any IntensityStore)? = nil,
        freshFor: Double = 900, clock: @escaping @Sendable () -> Double = Timestamp.now
    ) {
        self.sources = sources
        self.signal = signal
        self.store = store
        self.freshFor = freshFor
        self.clock = clock
    }

    /// The readings covering `from..<to` (seconds since 1970) in `zone`.
    public func history(zone: String, from: Double, to: Double) async -> IntensityAnswer {
        let code = SourceZone(zone).code
        let key = SpanKey(zone: code, from: from, to: to)
        if let answered = answeredSpans.withLock({ $0[key] }) {
            return IntensityAnswer(readings: answered, origin: .stored(sources: Self.sources(of: answered)))
        }
        for kept in keptStores() {
            if let covering = covering(kept, zone: code, from: from, to: to) {
                return IntensityAnswer(readings: covering, origin: .stored(sources: Self.sources(of: covering)))
            }
        }
        let answer = await ask {
            (source: any IntensitySource) async throws(IntensitySourceError) -> [IntensityReading] in
            try await source.history(zone: code, from: from, to: to)
        }
        if case .fetched = answer.origin { answeredSpans.withLock { $0[key] = answer.readings } }
        return answer
    }

    /// The forecast for `zone` from now on.
    public func forecast(zone: String) async -> IntensityAnswer {
        let code = SourceZone(zone).code
        let now = clock()
        for kept in keptStores() {
            for factor in signal.factors {
                let readings =
                    (try? kept.intensities(
                        zone: code, from: now, to: .greatestFiniteMagnitude, factors: [factor], kinds: [.forecast]))
                    ?? []
                if !readings.isEmpty, readings.allSatisfy({ now - $0.recordedAt < freshFor }) {
                    return IntensityAnswer(readings: readings, origin: .stored(sources: Self.sources(of: readings)))
                }
            }
        }
        return await ask { (source: any IntensitySource) async throws(IntensitySourceError) -> [IntensityReading] in
            try await source.forecast(zone: code)
        }
    }

    /// The figure for the present moment in `zone`.
    public func latest(zone: String) async -> IntensityAnswer {
        let code = SourceZone(zone).code
        let now = clock()
        for kept in keptStores() {
            for factor in signal.factors {
                let readings =
                    (try? kept.intensities(zone: code, from: now, to: now + 1, factors: [factor], kinds: nil)) ?? []
                // An actual figure before a forecast one.
                let fresh = readings.filter { $0.covers(now) && now - $0.recordedAt < freshFor }
                if let reading = fresh.first(where: { $0.kind == .actual }) ?? fresh.first {
                    return IntensityAnswer(readings: [reading], origin: .stored(sources: [reading.source]))
                }
            }
        }
        return await ask { (source: any IntensitySource) async throws(IntensitySourceError) -> [IntensityReading] in
            [try await source.latest(zone: code)]
        }
    }

    private func keptStores() -> [any IntensityStore] {
        [memory] + (store.map { [$0] } ?? [])
    }

    /// Readings of one factor that cover `from..<to` without a gap, an actual figure preferred to a
    /// forecast one for the same interval; nil where no factor covers the span.
    private func covering(_ kept: any IntensityStore, zone: String, from: Double, to: Double) -> [IntensityReading]? {
        for factor in signal.factors {
            guard let readings = try? kept.intensities(zone: zone, from: from, to: to, factors: [factor], kinds: nil),
                !readings.isEmpty
            else { continue }
            var byStart: [Double: IntensityReading] = [:]
            for reading in readings where byStart[reading.start]?.kind != .actual { byStart[reading.start] = reading }
            let chosen = byStart.values.sorted { $0.start < $1.start }
            if IntensitySeries(chosen).covers(from: from, to: to) { return chosen }
        }
        return nil
    }

    /// Asks each source in turn; the first that answers with readings of this provider's signal
    /// wins, and its readings are kept in memory and written to the store.
    private func ask(
        _ question: @Sendable (any IntensitySource) async throws(IntensitySourceError) -> [IntensityReading]
    ) async -> IntensityAnswer {
        var failures: [IntensitySourceError] = []
        for source in sources {
            let readings: [IntensityReading]
            do {
                readings = try await question(source)
            } catch {
                failures.append(error)
                continue
            }
            // A source whose figures are of the other signal is never mixed in.
            let fitting = readings.filter { signal.factors.contains($0.factor) }
            guard !fitting.isEmpty else {
                failures.append(
                    IntensitySourceError(
                        .badResponse,
                        "\(source.name) answered no \(signal == .average ? "average" : "marginal") figures"))
                continue
            }
            _ = try? memory.storeIntensities(fitting)
            var stored: IntensityStoreOutcome?
            var storeProblem: String?
            if let store {
                do {
                    stored = try store.storeIntensities(fitting)
                } catch {
                    storeProblem = "the figures could not be kept in the ledger: \(error)"
                }
            }
            return IntensityAnswer(
                readings: fitting, origin: .fetched(source: source.name), failures: failures, stored: stored,
                storeProblem: storeProblem)
        }
        return IntensityAnswer(readings: [], origin: .none, failures: failures)
    }

    static func sources(of readings: [IntensityReading]) -> [String] {
        Array(Set(readings.map(\.source))).sorted()
    }
}
