import Testing

@testable import FootprintCore

@Suite struct UnitsTests {
    @Test func energyConversions() {
        #expect(Energy.kilowattHours(1).joules == 3_600_000)
        #expect(Energy.megawattHours(2).kilowattHours == 2_000)
        #expect(Energy.wattHours(1).joules == 3_600)
        #expect((Power.watts(100) * Duration.hours(2)).kilowattHours == 0.2)
        #expect((Energy.joules(7_200) / Duration.seconds(3_600)).watts == 2)
    }

    @Test func carbonConversions() {
        #expect(CarbonMass.pounds(1).grams == 453.59237)
        #expect(abs(CarbonMass.kilograms(1).pounds - 2.20462) < 1e-5)
        #expect(CarbonMass.tonnes(1).kilograms == 1_000)
        let grid = GridIntensity.gramsPerKilowattHour(400)
        #expect(grid.emissions(for: .kilowattHours(2.5)).grams == 1_000)
        #expect(abs(GridIntensity.poundsPerKilowattHour(0.954).gramsPerKilowattHour - 432.73) < 0.01)
    }

    @Test(arguments: [
        (26.84, "26.8"), (0.5, "0.5"), (1_289.376, "1,289"), (1_219_470.0, "1,220,000"),
        (0.001234, "0.00123"), (4.9553856e17, "4.96e+17"), (100.0, "100"), (0.0, "0"), (-12.345, "-12.3")
    ])
    func significantFigures(value: Double, expected: String) {
        #expect(Format.significant(value) == expected)
    }

    @Test func readableUnits() {
        #expect(Energy.kilowattHours(26.84).description == "26.8 kWh")
        #expect(Energy.joules(0.0348).description == "34.8 mJ")
        #expect(Energy.joules(8.04e-6).description == "8.04 µJ")
        #expect(CarbonMass.grams(0.00425).description == "4.25 mg CO2e")
        #expect(Format.significant(1e9) == "1e+09")
        #expect(Energy.megawattHours(1_287).description == "1,287 MWh")
        #expect(CarbonMass.tonnes(552).description == "552 t CO2e")
        #expect(Duration.hours(3).description == "3 h")
        #expect(Duration.seconds(2.23e-4).description == "223 µs")
        #expect(Duration.seconds(5e-8).description == "50 ns")
        #expect(Duration.seconds(0.00953).description == "0.00953 s")
        #expect(Duration.seconds(0).description == "0 s")
        #expect(Power.watts(1_415.78).description == "1.42 kW")
        #expect(Power.watts(0.000787).description == "787 µW")
        #expect(Power.watts(0.25).description == "250 mW")
        #expect(Power.watts(0).description == "0 W")
        #expect(Format.percent(0.8) == "80 %")
    }
}
