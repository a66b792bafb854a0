import Hummingbird
import Synchronization

/// The latest rendering of the metrics, which scrapes read: the sampler renders after each interval
/// and publishes here, so a scrape costs a lock and a reference copy, never a rendering.
public final class MetricsSnapshot: Sendable {
    /// What a scrape gets.
    public struct Rendering: Sendable {
        public var prometheus: ByteBuffer
        public var openMetrics: ByteBuffer
        /// When the sampler last finished a round, on the monotonic clock (nil: not yet).
        public var sampledAt: Double?
    }

    /// Seconds without a finished round after which `/healthz` says sampling has stopped.
    public let staleAfter: Double
    private let latest: Mutex<Rendering>

    /// - Parameter staleAfter: seconds without a sample before the exporter reports itself unhealthy.
    public init(staleAfter: Double) {
        self.staleAfter = staleAfter
        latest = Mutex(Rendering(prometheus: ByteBuffer(), openMetrics: ByteBuffer(), sampledAt: nil))
    }

    /// The rendering scrapes see from now on.
    public func publish(prometheus: String, openMetrics: String, sampledAt: Double) {
        let rendering = Rendering(
            prometheus: ByteBuffer(string: prometheus), openMetrics: ByteBuffer(string: openMetrics),
            sampledAt: sampledAt)
        latest.withLock { $0 = rendering }
    }

    /// The latest rendering.
    public var current: Rendering { latest.withLock { $0 } }

    /// Whether sampling works: a round finished within ``staleAfter`` seconds of `now`.
    public func healthy(now: Double) -> Bool {
        guard let sampledAt = current.sampledAt else { return false }
        return now - sampledAt <= staleAfter
    }
}
