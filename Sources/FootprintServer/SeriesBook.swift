import Prometheus

/// The series the exporter has registered, each with when it was last updated, so that a series
/// nothing updates for the retention time can be dropped from the registry: exited processes,
/// finished runs and departed containers do not pile up.
struct SeriesBook: Sendable {
    /// One series: its family, its label values in the family's order.
    struct Key: Hashable, Sendable {
        var metric: String
        var values: [String]
    }

    enum Handle: Sendable {
        case counter(Counter)
        case gauge(Gauge)
    }

    struct Entry: Sendable {
        var handle: Handle
        /// When the series was last updated, on the caller's clock (seconds).
        var updated: Double
        /// The last cumulative value seen, for series fed with running totals (runs).
        var total: Double
    }

    let registry: PrometheusCollectorRegistry
    private(set) var entries: [Key: Entry] = [:]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// The series for `values`, registered on first use.
    private mutating func entry(_ metric: ExporterMetric, _ values: [String], now: Double) -> Entry {
        let key = Key(metric: metric.name, values: values)
        if var entry = entries[key] {
            entry.updated = now
            entries[key] = entry
            return entry
        }
        let labels = Array(zip(metric.labels, values))
        let handle: Handle =
            switch metric.kind {
            case .counter: .counter(registry.makeCounter(name: metric.name, labels: labels, help: metric.help))
            case .gauge: .gauge(registry.makeGauge(name: metric.name, labels: labels, help: metric.help))
            }
        let entry = Entry(handle: handle, updated: now, total: 0)
        entries[key] = entry
        return entry
    }

    /// Adds `amount` to a counter. Negative, infinite or NaN amounts add nothing: a counter
    /// never goes backwards whatever a sensor said.
    mutating func add(_ metric: ExporterMetric, _ values: [String], _ amount: Double, now: Double) {
        guard case .counter(let counter) = entry(metric, values, now: now).handle else { return }
        if amount.isFinite, amount > 0 { counter.increment(by: amount) }
    }

    /// Raises a counter to the running total `total`; a total lower than the last one is ignored.
    mutating func raise(_ metric: ExporterMetric, _ values: [String], to total: Double, now: Double) {
        let found = entry(metric, values, now: now)
        guard case .counter(let counter) = found.handle, total.isFinite, total > found.total else { return }
        counter.increment(by: total - found.total)
        entries[Key(metric: metric.name, values: values)]?.total = total
    }

    /// Sets a gauge.
    mutating func set(_ metric: ExporterMetric, _ values: [String], _ value: Double, now: Double) {
        guard case .gauge(let gauge) = entry(metric, values, now: now).handle, value.isFinite else { return }
        gauge.set(to: value)
    }

    /// Drops the series of `metrics` that `keep` refuses.
    mutating func drop(where refuse: (Key, Entry) -> Bool) {
        for (key, entry) in entries where refuse(key, entry) {
            switch entry.handle {
            case .counter(let counter): registry.unregisterCounter(counter)
            case .gauge(let gauge): registry.unregisterGauge(gauge)
            }
            entries[key] = nil
        }
    }

    /// Series registered now.
    var count: Int { entries.count }
}
