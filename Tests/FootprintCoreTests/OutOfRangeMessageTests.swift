import FootprintCore
import Testing

/// What an out-of-range message says it got must not read as inside the range.
@Suite struct OutOfRangeMessageTests {
    @Test(arguments: [
        (PlausibleRange.pue, 0.9999, "got 0.9999"),
        (PlausibleRange.pue, 3.0000001, "got 3.0000001"),
        (PlausibleRange.cpuTDP, 0.4999, "got 0.4999"),
        (PlausibleRange.cpuTDP, 1_000.0001, "got 1,000.0001"),
        (PlausibleRange.gridIntensity, 2_000.001, "got 2,000.001"),
        (PlausibleRange.pue, 1_000, "got 1,000"),
        (PlausibleRange.pue, .nan, "got NaN (not a number)"),
        (PlausibleRange.pue, -.infinity, "got -∞")
    ])
    func theValueShownIsOutsideTheRange(range: PlausibleRange, value: Double, shown: String) {
        let message = OutOfRange(range: range, value: value, origin: "--x").description
        #expect(message.hasSuffix(shown), "\(message)")
    }

    /// `--intensity -0` once gave "co2e_kg": -0.
    @Test func negativeZeroIsZero() throws {
        let checked = try PlausibleRange.gridIntensity.check(-0.0)
        #expect(checked == 0 && checked.sign == .plus)
        #expect(try GridIntensity(checked: -0.0).gramsPerKilowattHour.sign == .plus)
    }
}
