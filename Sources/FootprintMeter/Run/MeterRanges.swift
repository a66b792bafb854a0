import FootprintCore

extension PlausibleRange {
    /// Seconds between samples. Below 0.05 s the reading itself (a walk of `/proc` and the sensors, a
    /// few milliseconds) becomes a noticeable share of the load being measured; above an hour a run
    /// has no power curve left to speak of, and the live line would sit still for longer than that.
    public static let samplingInterval = PlausibleRange(
        quantity: "the sampling interval", lower: 0.05, upper: 3_600, unit: "s")

    /// How long `footprint monitor` may be asked to run: up to a year, 365 days. Longer is a typo,
    /// and a deadline that far out cannot be waited for anyway.
    public static let monitorDuration = PlausibleRange(
        quantity: "the duration", lower: 0, upper: 31_536_000, includesLower: false,
        unit: "s", meaning: "365 days at most")
}

extension RunMeter.Configuration {
    /// Checks every number the caller gave against its ``PlausibleRange``: the sampling interval, the
    /// CPU TDP, the PUE and the grid intensity. ``RunMeter`` calls it before it opens anything, so that
    /// a bad number is an error to catch, never a trap in the sampler or a row in a ledger.
    /// - Throws: ``OutOfRange`` for the first number outside its range.
    public func validate() throws(OutOfRange) {
        try PlausibleRange.samplingInterval.check(interval)
        if let cpuTDP { try PlausibleRange.cpuTDP.check(cpuTDP) }
        try PlausibleRange.pue.check(pue.value)
        try PlausibleRange.gridIntensity.check(location.intensity.gramsPerKilowattHour)
    }
}
