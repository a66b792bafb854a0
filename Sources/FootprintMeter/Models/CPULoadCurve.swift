import FootprintCore

/// CPU power as a share of TDP against utilisation, for machines without RAPL.
///
/// The default curve is Teads Engineering's, fitted to SPECpower_ssj2008 results across server
/// CPUs ("Building an AWS EC2 Carbon Emissions Dataset", 2021; also used by Boavizta and the Cloud
/// Carbon Footprint project): 12 % of TDP idle, 32 % at 10 % load, 75 % at 50 %, 102 % at 100 %,
/// interpolated linearly between those points.
public struct CPULoadCurve: Sendable, Hashable {
    /// (utilisation 0…1, share of TDP) points, sorted by utilisation.
    public let points: [Point]

    public struct Point: Sendable, Hashable {
        public let utilization: Double
        public let shareOfTDP: Double
        public init(_ utilization: Double, _ shareOfTDP: Double) {
            self.utilization = utilization
            self.shareOfTDP = shareOfTDP
        }
    }

    /// The Teads/SPECpower curve.
    public static let specPower = CPULoadCurve(points: [
        .init(0, 0.12), .init(0.1, 0.32), .init(0.5, 0.75), .init(1, 1.02)
    ])

    /// Creates a curve from at least two points, sorted here.
    public init(points: [Point]) {
        self.points = points.sorted { $0.utilization < $1.utilization }
    }

    /// The share of TDP drawn at `utilization` (clamped to 0…1).
    public func shareOfTDP(at utilization: Double) -> Double {
        let u = min(max(utilization.isFinite ? utilization : 0, 0), 1)
        guard let first = points.first, let last = points.last else { return 0 }
        if u <= first.utilization { return first.shareOfTDP }
        if u >= last.utilization { return last.shareOfTDP }
        for (a, b) in zip(points, points.dropFirst()) where u <= b.utilization {
            let t = (u - a.utilization) / (b.utilization - a.utilization)
            return a.shareOfTDP + t * (b.shareOfTDP - a.shareOfTDP)
        }
        return last.shareOfTDP
    }
}

/// Modeled CPU power: TDP per socket × sockets × the load curve.
public struct CPUPowerModel: Sendable, Hashable {
    /// TDP of one package; on a virtual machine, the guest's whole share of its host's chip (and
    /// `sockets` is 1: a guest's virtual sockets say nothing about the host's chips).
    public let tdpPerSocket: Power
    /// Packages.
    public let sockets: Int
    /// The load curve.
    public let curve: CPULoadCurve
    /// Where the TDP comes from, for the output.
    public let tdpSource: String

    public init(tdpPerSocket: Power, sockets: Int, curve: CPULoadCurve = .specPower, tdpSource: String) {
        self.tdpPerSocket = tdpPerSocket
        self.sockets = max(sockets, 1)
        self.curve = curve
        self.tdpSource = tdpSource
    }

    /// Power at a utilisation.
    public func power(utilization: Double) -> Power {
        tdpPerSocket * (Double(sockets) * curve.shareOfTDP(at: utilization))
    }

    /// Power with nothing running: the static part.
    public var idlePower: Power { power(utilization: 0) }
}

/// Modeled RAM power: a constant per GB in use (Green Algorithms, Lannelongue et al. 2021).
public struct RAMPowerModel: Sendable, Hashable {
    /// Watts per GB.
    public let wattsPerGigabyte: Double

    public init(wattsPerGigabyte: Double = GreenAlgorithmsMethod.memoryWattsPerGigabyte) {
        self.wattsPerGigabyte = wattsPerGigabyte
    }

    /// Power for `bytes` in use (GB = 10⁹ bytes).
    public func power(bytes: UInt64) -> Power { .watts(Double(bytes) / 1e9 * wattsPerGigabyte) }
}
