import FootprintCore
import Foundation
import Testing

/// The physical inputs are bounded in their Core types, so that every caller gets the same check.
@Suite struct PlausibleRangeTests {
    @Test func pueIsOneToThree() throws {
        #expect(try PUE(1).value == 1)
        #expect(try PUE(3).value == 3)
        for bad in [0.99, 3.01, 1_000, 1e308, .infinity] {
            #expect(throws: OutOfRange(range: .pue, value: bad, origin: "--pue")) { try PUE(bad, origin: "--pue") }
        }
        #expect(throws: OutOfRange.self) { try PUE(.nan) }
        let error = OutOfRange(range: .pue, value: 1_000, origin: "./footprint.toml: pue")
        #expect(
            error.description == "./footprint.toml: pue must be from 1 to 3 (facility energy ÷ IT energy); got 1,000")
    }

    @Test func aDecodedPUEIsCheckedToo() throws {
        let good = try JSONDecoder().decode(PUE.self, from: Data(#"{"value": 1.2}"#.utf8))
        #expect(good.value == 1.2)
        #expect(throws: OutOfRange.self) { try JSONDecoder().decode(PUE.self, from: Data(#"{"value": 1000}"#.utf8)) }
        #expect(try JSONEncoder().encode(good) == Data(#"{"value":1.2}"#.utf8))
    }

    @Test func gridIntensityIsZeroToTwoThousand() throws {
        #expect(try GridIntensity(checked: 0).gramsPerKilowattHour == 0)
        #expect(try GridIntensity(checked: 2_000).gramsPerKilowattHour == 2_000)
        for bad in [-1, 2_000.5, 1e308, .nan] {
            #expect(throws: OutOfRange.self) { try GridIntensity(checked: bad) }
            #expect(throws: OutOfRange.self) { try ResolvedLocation(intensity: bad, origin: "--intensity") }
        }
        #expect(
            try ResolvedLocation(intensity: 300, origin: "FOOTPRINT_INTENSITY").source == "given by FOOTPRINT_INTENSITY"
        )
    }

    /// The bounds hold for every figure Footprint ships, so they refuse only typos.
    @Test func everyBundledFigureIsInsideTheBounds() {
        for region in GridCatalog.bundled.regions {
            #expect(PlausibleRange.gridIntensity.contains(region.intensity.gramsPerKilowattHour), "\(region.code)")
        }
        for preset in PUEPreset.all { #expect(PlausibleRange.pue.contains(preset.pue.value), "\(preset.name)") }
        for cpu in HardwareCatalog.bundled.cpus {
            #expect(PlausibleRange.cpuTDP.contains(cpu.tdp.watts), "\(cpu.name)")
        }
    }

    @Test func rangesSayWhatTheyAllow() {
        #expect(PlausibleRange.cpuTDP.text == "from 0.5 to 1,000 W")
        #expect(
            OutOfRange(range: .gridIntensity, value: 5_000).description
                == "grid intensity must be from 0 to 2,000 g CO2e/kWh; got 5,000")
    }
}
