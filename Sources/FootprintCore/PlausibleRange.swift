/// The values a number a user types can plausibly take, and what it means: every physical or timing
/// input (a PUE, a grid intensity, a TDP, a sampling interval) is checked against one before it is used,
/// so that a typo such as `--pue 1000` or `--interval 1e308` is refused instead of recorded or trapped on.
public struct PlausibleRange: Sendable, Hashable {
    /// What the number is, for messages when it has no origin of its own: "PUE", "grid intensity".
    public let quantity: String
    /// The smallest value allowed (or, when `includesLower` is false, the bound it must exceed).
    public let lower: Double
    /// The largest value allowed.
    public let upper: Double
    /// Whether `lower` itself is allowed.
    public let includesLower: Bool
    /// The unit, as printed after a number ("s", "W", "g CO2e/kWh"); empty for ratios.
    public let unit: String
    /// What the number means, for the message ("facility energy ÷ IT energy"); nil when the unit says it.
    public let meaning: String?

    public init(
        quantity: String, lower: Double, upper: Double, includesLower: Bool = true, unit: String = "",
        meaning: String? = nil
    ) {
        self.quantity = quantity
        self.lower = lower
        self.upper = upper
        self.includesLower = includesLower
        self.unit = unit
        self.meaning = meaning
    }

    /// Whether `value` is finite and inside the range.
    public func contains(_ value: Double) -> Bool {
        value.isFinite && value <= upper && (includesLower ? value >= lower : value > lower)
    }

    /// `value` (-0 as 0), or ``OutOfRange`` naming `origin` (the flag, variable or file key it came from).
    @discardableResult
    public func check(_ value: Double, origin: String? = nil) throws(OutOfRange) -> Double {
        guard contains(value) else { throw OutOfRange(range: self, value: value, origin: origin) }
        // -0 is 0: a "-0 g CO2e" figure, or a -0 in the ledger, says nothing but looks like a fault.
        return value == 0 ? 0 : value
    }

    /// "from 1 to 3", "more than 0 and at most 31,536,000 s".
    public var text: String {
        let unit = self.unit.isEmpty ? "" : " " + self.unit
        return includesLower
            ? "from \(Format.significant(lower, digits: 6)) to \(Format.significant(upper, digits: 6))\(unit)"
            : "more than \(Format.significant(lower, digits: 6)) and at most \(Format.significant(upper, digits: 6))\(unit)"
    }

    /// Power usage effectiveness. 1 is a facility with no overhead at all; the worst averages the Uptime
    /// Institute surveys have reported are about 2.5 (2007), so above 3 is a mistake, not a data centre.
    public static let pue = PlausibleRange(quantity: "PUE", lower: 1, upper: 3, meaning: "facility energy ÷ IT energy")

    /// How long one request to an intensity API may take. Two seconds by default, so that nothing
    /// waits on a slow API; a minute is the most a run or plan should ever wait on one.
    public static let intensityRequestTimeout = PlausibleRange(
        quantity: "intensity request time limit", lower: 0.1, upper: 60, unit: "s")

    /// Grid carbon intensity. 0 is a fully low-carbon supply; lignite, the dirtiest fuel, emits about
    /// 1,100–1,300 g CO2e/kWh over its life cycle, so no grid averages anywhere near 2,000.
    public static let gridIntensity = PlausibleRange(
        quantity: "grid intensity", lower: 0, upper: 2_000, unit: "g CO2e/kWh")

    /// CPU thermal design power of what this machine has of a chip. The largest server CPUs are rated
    /// 500 W (AMD EPYC 9005, Intel Xeon 6900P), hence 1,000; a VM with one vCPU of a 384-thread,
    /// 500 W chip has a share of about 1.3 W, hence 0.5.
    public static let cpuTDP = PlausibleRange(quantity: "CPU TDP", lower: 0.5, upper: 1_000, unit: "W")
}

/// A number outside its ``PlausibleRange``: say which number, what it may be, and what was given.
public struct OutOfRange: Error, CustomStringConvertible, Sendable, Hashable {
    /// The range the value missed; match on it (`error.range == .pue`).
    public let range: PlausibleRange
    /// What was given.
    public let value: Double
    /// Where the value came from ("--pue", "FOOTPRINT_PUE", "./footprint.toml: pue"), when known.
    public let origin: String?

    public init(range: PlausibleRange, value: Double, origin: String? = nil) {
        self.range = range
        self.value = value
        self.origin = origin
    }

    /// The same error, naming where the value came from.
    public func given(by origin: String) -> OutOfRange { OutOfRange(range: range, value: value, origin: origin) }

    /// For example "--pue must be from 1 to 3 (facility energy ÷ IT energy); got 1000".
    public var description: String {
        let name = origin ?? range.quantity
        return "\(name) must be \(range.text)" + (range.meaning.map { " (\($0))" } ?? "") + "; got \(shownValue)"
    }

    /// The value as given when up to ten figures say it, else with as many figures as it takes not
    /// to read as inside the range: 3,600.0001 s is not "3,600" beside "at most 3,600", 0.4999 W not
    /// "0.5" beside "from 0.5", 31,536,001 s not "31,540,000".
    var shownValue: String {
        if value.isNaN { return "NaN (not a number)" }
        guard value.isFinite else { return Format.significant(value) }
        func readBack(_ text: String) -> Double? { Double(text.replacingOccurrences(of: ",", with: "")) }
        for digits in 3...10 {
            let text = Format.significant(value, digits: digits)
            if readBack(text) == value { return text }
        }
        for digits in 3...17 {
            let text = Format.significant(value, digits: digits)
            if let shown = readBack(text), !range.contains(shown) { return text }
        }
        return "\(value)"
    }
}
