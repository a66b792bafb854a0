import FootprintCore

/// A publisher of time-resolved grid intensity (Electricity Maps, the UK National Grid's Carbon
/// Intensity API, WattTime), behind which each client hides its URLs, its key and its response
/// shapes. Every call is bounded in time (2 s by default) and fails with an
/// ``IntensitySourceError``, never a hang: a run or a plan that asks goes on without the answer.
public protocol IntensitySource: Sendable {
    /// The source as output names it ("Electricity Maps").
    var name: String { get }

    /// The most recent figure for a zone.
    func latest(zone: String) async throws(IntensitySourceError) -> IntensityReading

    /// Past figures for a zone over `from..<to` (seconds since 1970), oldest first; as much of the
    /// span as the source keeps.
    func history(zone: String, from: Double, to: Double) async throws(IntensitySourceError) -> [IntensityReading]

    /// Forecast figures for a zone from now on, oldest first, as far ahead as the source forecasts.
    func forecast(zone: String) async throws(IntensitySourceError) -> [IntensityReading]
}

/// Why a source gave no figures, with what a user can do about it.
public struct IntensitySourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, to match on.
    public struct Reason: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The source needs a key and none is configured.
        public static let missingKey = Reason(rawValue: "missing-key")
        /// The source refused the key (401 or 403).
        public static let unauthorized = Reason(rawValue: "unauthorized")
        /// The source does not know the zone, or the zone has no such data there.
        public static let unknownZone = Reason(rawValue: "unknown-zone")
        /// No answer within the time allowed.
        public static let timedOut = Reason(rawValue: "timed-out")
        /// No connection: the name did not resolve, the host refused, the network is down.
        public static let unreachable = Reason(rawValue: "unreachable")
        /// Another 4xx or 5xx status.
        public static let httpStatus = Reason(rawValue: "http-status")
        /// An answer footprint could not read: not the documented shape.
        public static let badResponse = Reason(rawValue: "bad-response")
    }

    public var reason: Reason
    /// One line for the user: what happened and what to do.
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
