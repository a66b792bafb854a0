import FootprintCore
import Testing

@Suite struct EpochForecasterTests {
    let grid = GridIntensity(gramsPerKilowattHour: 360)

    /// Epochs back to back, each costing `costs[i]` joules and `seconds` seconds, after a start-up
    /// of `startup` joules and seconds.
    func epochs(_ costs: [Double], seconds: Double = 10, startup: Double = 5) -> [EpochForecaster.FinishedEpoch] {
        var energy = startup, time = startup
        return costs.map { cost in
            energy += cost
            time += seconds
            return .init(end: time, runEnergyJoules: energy, taskEnergyJoules: cost, taskSeconds: seconds)
        }
    }

    @Test func equalEpochsForecastTheSumExactly() throws {
        let forecaster = EpochForecaster(epochs: 10, intensity: grid)
        let forecast = try #require(forecaster.forecast(after: epochs([100, 100])))
        // 5 J of start-up, 2 epochs done, 8 more of 100 J.
        #expect(forecast.energyJoules == 1_005)
        #expect(forecast.durationSeconds == 105)
        #expect(forecast.afterEpochs == 2 && forecast.epochs == 10 && forecast.madeAt == 25)
        // No spread: the interval is the forecast itself.
        #expect(forecast.lowEnergyJoules == 1_005 && forecast.highEnergyJoules == 1_005)
        #expect(!forecast.excludedWarmUp)
        #expect(forecast.basis == "spread of 2 epochs")
        #expect(abs(forecast.co2eGrams - 1_005 / 3.6e6 * 360) < 1e-12)
    }

    @Test func beforeAnyEpochThereIsNoForecast() {
        #expect(EpochForecaster(epochs: 3, intensity: grid).forecast(after: []) == nil)
    }

    @Test func oneEpochAssumesItsWidth() throws {
        let forecast = try #require(EpochForecaster(epochs: 5, intensity: grid).forecast(after: epochs([200])))
        #expect(forecast.energyJoules == 205 + 4 * 200)
        #expect(abs(forecast.highEnergyJoules - (1_005 + 0.2 * 800)) < 1e-9)
        #expect(abs(forecast.lowEnergyJoules - (1_005 - 0.2 * 800)) < 1e-9)
        #expect(forecast.basis == "one epoch: ±20 % assumed")
    }

    @Test func theIntervalIsTheSumOfTheRemainingEpochs() throws {
        let costs = [90.0, 110, 100, 100]
        let forecast = try #require(EpochForecaster(epochs: 10, intensity: grid).forecast(after: epochs(costs)))
        // Mean 100, s² = (100 + 100 + 0 + 0) / 3; R = 6 future epochs; t for 3 degrees of freedom.
        let s2 = 200.0 / 3
        let half = 3.182 * (36 * s2 / 4 + 6 * s2).squareRoot()
        #expect(forecast.energyJoules == 405 + 600)
        #expect(abs(forecast.highEnergyJoules - (1_005 + half)) < 1e-9)
        #expect(abs(forecast.lowEnergyJoules - (1_005 - half)) < 1e-9)
        #expect(!forecast.excludedWarmUp)
        #expect(forecast.basis == "spread of 4 epochs")
    }

    @Test func gapsBetweenEpochsCount() throws {
        // Each epoch's task takes 80 J, but 20 J of validation follows it: the run's epochs cost 100.
        var finished: [EpochForecaster.FinishedEpoch] = []
        var energy = 0.0
        for k in 1...3 {
            energy += (k == 1 ? 80 : 100)
            finished.append(.init(end: Double(k) * 10, runEnergyJoules: energy, taskEnergyJoules: 80, taskSeconds: 8))
        }
        let costs = EpochForecaster.costs(of: finished).map(\.energyJoules)
        #expect(costs == [80, 100, 100])
        let forecast = try #require(EpochForecaster(epochs: 4, intensity: grid).forecast(after: finished))
        // 80 is 20 % below the later epochs: set aside, and the forecast is 280 + 100.
        #expect(forecast.excludedWarmUp)
        #expect(forecast.energyJoules == 380)
        #expect(forecast.basis == "spread of 2 epochs; epoch 1 set aside as warm-up")
    }

    @Test func aSlowFirstEpochIsSetAsideOnceLaterOnesExist() throws {
        let forecaster = EpochForecaster(epochs: 10, intensity: grid)
        // After the first alone, nothing to compare it with.
        let first = try #require(forecaster.forecast(after: epochs([300])))
        #expect(!first.excludedWarmUp)
        let later = try #require(forecaster.forecast(after: epochs([300, 100, 102, 98])))
        #expect(later.excludedWarmUp)
        #expect(later.energyJoules == 605 + 6 * 100)
        #expect(later.basis == "spread of 3 epochs; epoch 1 set aside as warm-up")
    }

    @Test func theWarmUpRuleFollowsTheSpread() {
        // Within the 5 % floor: kept.
        #expect(!EpochForecaster.isWarmUp([104, 100, 100]))
        #expect(EpochForecaster.isWarmUp([106, 100, 100]))
        // Noisy later epochs (s = 10): 20 % off is within twice their spread, so kept.
        #expect(!EpochForecaster.isWarmUp([120, 90, 110, 100]))
        #expect(EpochForecaster.isWarmUp([150, 90, 110, 100]))
        // Faster is as much a warm-up as slower (a cache filled before the run).
        #expect(EpochForecaster.isWarmUp([50, 90, 110, 100]))
        #expect(!EpochForecaster.isWarmUp([100]))
        #expect(abs(EpochForecaster.warmUpThreshold(mean: 100, sd: 10, count: 3) - 20 * (4.0 / 3).squareRoot()) < 1e-12)
        #expect(EpochForecaster.warmUpThreshold(mean: 100, sd: nil, count: 1) == 5)
    }

    @Test func noisyEpochsWidenTheInterval() throws {
        let forecaster = EpochForecaster(epochs: 20, intensity: grid)
        let steady = try #require(forecaster.forecast(after: epochs([100, 101, 99, 100, 100])))
        let noisy = try #require(forecaster.forecast(after: epochs([100, 130, 70, 120, 80])))
        #expect(steady.energyJoules == noisy.energyJoules)
        #expect(
            noisy.highEnergyJoules - noisy.lowEnergyJoules > 10 * (steady.highEnergyJoules - steady.lowEnergyJoules))
        #expect(noisy.lowEnergyJoules < noisy.energyJoules && noisy.energyJoules < noisy.highEnergyJoules)
    }

    @Test func theLowEndIsNeverBelowWhatWasUsed() throws {
        let forecast = try #require(
            EpochForecaster(epochs: 4, intensity: grid).forecast(after: epochs([100, 10, 190])))
        // A wide interval (t = 4.3 for three epochs this far apart) would reach below the 305 J used.
        #expect(forecast.energyJoules == 405)
        #expect(forecast.lowEnergyJoules == 305)
    }

    @Test func allOrMoreEpochsFinishedForecastTheRunSoFar() throws {
        let forecaster = EpochForecaster(epochs: 2, intensity: grid)
        for count in [2, 3] {
            let finished = epochs(Array(repeating: 100, count: count))
            let forecast = try #require(forecaster.forecast(after: finished))
            #expect(forecast.energyJoules == finished.last?.runEnergyJoules)
            #expect(forecast.lowEnergyJoules == forecast.highEnergyJoules)
            #expect(forecast.durationSeconds == finished.last?.end)
            #expect(forecast.basis == "all 2 epochs finished")
        }
    }

    @Test func theSampleStandardDeviation() {
        #expect(Statistics.standardDeviation([90, 110, 100, 100]) == (200.0 / 3).squareRoot())
        #expect(Statistics.standardDeviation([5]) == nil)
        #expect(Statistics.standardDeviation([1, .nan]) == nil)
    }

    @Test func tQuantiles() {
        #expect(StudentT.quantile975(degreesOfFreedom: 1) == 12.706)
        #expect(StudentT.quantile975(degreesOfFreedom: 30) == 2.042)
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 31) - 2.0395) < 0.001)
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 120) - 1.9799) < 0.001)
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 100_000) - 1.95998) < 0.001)
    }
}

@Suite struct EpochTaskPatternTests {
    @Test func theDefaultTakesEpochsInAnyCase() throws {
        let pattern = EpochTaskPattern.standard
        for name in ["epoch 1", "Epoch 12", "EPOCH 3/10", "epoch x"] { #expect(pattern.matches(name)) }
        for name in ["epoch", "epochs 1", "validation", "pre epoch 1", ""] { #expect(!pattern.matches(name)) }
    }

    @Test func starsMatchAnyRunIncludingNone() throws {
        let pattern = try EpochTaskPattern("train*ep*")
        #expect(pattern.matches("train ep 1"))
        #expect(pattern.matches("trainep"))
        #expect(pattern.matches("training step"))
        #expect(!pattern.matches("eval ep 1"))
        let exact = try EpochTaskPattern("Step")
        #expect(exact.matches("step") && !exact.matches("steps"))
        #expect(try EpochTaskPattern("*").matches("anything"))
        #expect(try EpochTaskPattern("a*b*c").matches("aXbYbZc"))
        #expect(!(try EpochTaskPattern("a*b*c").matches("aXbYbZ")))
    }

    @Test func emptyAndOverlongPatternsAreRefused() {
        for text in ["", "   "] {
            #expect(throws: InvalidInput.self) { try EpochTaskPattern(text) }
        }
        #expect(throws: InvalidInput.self) { try EpochTaskPattern(String(repeating: "*", count: 201)) }
        #expect((try? EpochTaskPattern(String(repeating: "*", count: 200))) != nil)
    }

    @Test func aLongNameAgainstManyStarsStaysQuick() throws {
        let pattern = try EpochTaskPattern(String(repeating: "a*", count: 99) + "b")
        #expect(!pattern.matches(String(repeating: "a", count: 4_000)))
    }
}

@Suite struct EnergyRangeTests {
    @Test func aRangeReadsInTheUnitOfItsLargerEnd() {
        #expect(Energy.range(.joules(3_240), .joules(3_960)) == "0.9–1.1 Wh")
        #expect(Energy.range(.joules(9.49), .joules(12.1)) == "9.49–12.1 J")
        #expect(Energy.range(.joules(0.5), .joules(2)) == "0.5–2 J")
        #expect(Energy.range(.zero, .zero) == "0 J")
        // The single figures read as before.
        #expect(Energy.joules(3_240).description == "3,240 J")
        #expect(Energy.joules(0.000_5).description == "500 µJ")
    }
}
