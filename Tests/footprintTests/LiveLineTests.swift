import FootprintCore
import Testing

@testable import footprint

@Suite struct LiveLineTests {
    @Test func componentPowerReadsInItsOwnUnits() {
        // An idle RAM share printed "RAM 6.21e-04 W" while reports said "621 µW".
        #expect(LiveLine.reading(.ram, watts: 6.21e-4) == "RAM 621 µW")
        #expect(LiveLine.reading(.cpu, watts: 0.5) == "CPU 500 mW")
        #expect(LiveLine.reading(.gpu, watts: 312) == "GPU 312 W")
        #expect(LiveLine.reading(.cpu, watts: 0) == "CPU 0 W")
    }
}

@Suite struct ForecastTextTests {
    let forecast = EpochForecast(
        madeAt: 20, afterEpochs: 2, epochs: 10, durationSeconds: 100, energyJoules: 3_600,
        lowEnergyJoules: 3_240, highEnergyJoules: 3_960, co2eGrams: 0.4, excludedWarmUp: false,
        basis: "spread of 2 epochs")

    @Test func theLiveLineShowsTheIntervalAndTheTimeLeft() {
        #expect(ForecastText.live(forecast, elapsed: 40) == "forecast 1 Wh (0.9–1.1 Wh), 60 s left")
        // Past the forecast's end, nothing is left rather than a negative time.
        #expect(ForecastText.live(forecast, elapsed: 130).hasSuffix(", 0 s left"))
    }

    @Test func anUpdateSaysWhenAndHow() {
        #expect(
            ForecastText.update(forecast)
                == "forecast after 2 of 10 epochs: 1 Wh (0.9–1.1 Wh), 400 mg CO2e, 100 s in all (spread of 2 epochs)"
        )
    }

}
