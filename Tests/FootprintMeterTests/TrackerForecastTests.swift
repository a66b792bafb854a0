import FootprintCore
import FootprintMeter
import Foundation
import Synchronization
import Testing

/// Forecasts of a run from its epoch tasks, in process, through ``Tracker``.
@Suite struct TrackerForecastTests {
    /// Keeps the forecasts it is handed; the rest is thrown away.
    final class ForecastCatcher: RunRecorder {
        let kept = Mutex<[EpochForecast]>([])
        func begin(_ run: RunRecord) throws {}
        func sample(_ record: SampleRecord, runID: String) {}
        func task(_ record: TaskRecord, runID: String) {}
        func end(_ ending: RunEnding, runID: String) {}
        func forecast(_ forecast: EpochForecast, runID: String) { kept.withLock { $0.append(forecast) } }
        var location: String { "memory" }
    }

    static func busy(_ seconds: Double) -> Double {
        var x = 0.0
        let end = monotonicSeconds() + seconds
        while monotonicSeconds() < end { x += sin(x) + 1 }
        return x
    }

    @Test func epochTasksBringForecasts() async throws {
        let catcher = ForecastCatcher()
        let tracker = try Tracker(
            Tracker.Options(
                name: "forecast test", interval: 0.05, location: .worldAverage, recorder: catcher,
                expectedEpochs: 4, predictAfter: 2))
        try tracker.start()
        #expect(tracker.forecast == nil)
        _ = await tracker.measure("load") { Self.busy(0.02) }
        _ = await tracker.measure("Epoch 1") { Self.busy(0.1) }
        #expect(tracker.forecast == nil, "none before --predict-after epochs")
        _ = await tracker.measure("epoch 2") { Self.busy(0.1) }
        let second = try #require(tracker.forecast)
        #expect(second.afterEpochs == 2 && second.epochs == 4)
        #expect(second.energyJoules > 0 && second.lowEnergyJoules <= second.energyJoules)
        #expect(second.energyJoules <= second.highEnergyJoules)
        #expect(second.durationSeconds > second.madeAt)
        for k in 3...4 { _ = await tracker.measure("epoch \(k)") { Self.busy(0.1) } }
        let summary = tracker.stop()
        #expect(summary.epochsMarked == 4)
        #expect(summary.forecasts.map(\.afterEpochs) == [2, 3, 4])
        #expect(catcher.kept.withLock { $0 } == summary.forecasts)
        #expect(summary.prediction == summary.forecasts.first)
        // After the last epoch, the forecast is the run so far: its interval has closed.
        let last = try #require(summary.forecasts.last)
        #expect(last.lowEnergyJoules == last.highEnergyJoules)
        #expect(last.energyJoules <= summary.energy.joules)
    }

    @Test func theSummaryJSONCarriesThePredictions() async throws {
        let tracker = try Tracker(
            Tracker.Options(name: "json", interval: 0.05, location: .worldAverage, recorder: nil, expectedEpochs: 3))
        try tracker.start()
        for k in 1...2 { _ = await tracker.measure("epoch \(k)") { Self.busy(0.05) } }
        let summary = tracker.stop()
        let json = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(summary)) as? [String: Any])
        #expect(json["epochs"] as? Int == 3)
        #expect(json["epochs_marked"] as? Int == 2)
        let prediction = try #require(json["prediction"] as? [String: Any])
        for key in [
            "after_epochs", "epochs", "duration_s", "energy_kwh", "co2e_kg", "low_energy_kwh", "high_energy_kwh"
        ] {
            #expect(prediction[key] != nil, "\(key)")
        }
        #expect(prediction["made_at_s"] == nil)
        #expect(prediction["after_epochs"] as? Int == 1)
        let predictions = try #require(json["predictions"] as? [[String: Any]])
        #expect(predictions.count == 2)
        #expect(predictions.allSatisfy { $0["made_at_s"] is Double })
    }

    @Test func aPlainRunKeepsItsJSON() throws {
        let tracker = try Tracker(
            Tracker.Options(name: "plain", interval: 0.05, location: .worldAverage, recorder: nil))
        try tracker.start()
        let summary = tracker.stop()
        let json = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(summary)) as? [String: Any])
        #expect(json["prediction"] == nil && json["predictions"] == nil && json["epochs"] == nil)
    }

    @Test func anEpochCutShortByTheEndIsNoFinishedEpoch() throws {
        var configuration = RunMeter.Configuration(
            name: "cut", scope: .process, location: .worldAverage, pue: .none, pueSource: "test")
        configuration.interval = 0.05
        configuration.epochPlan = try EpochPlan(epochs: 2)
        let meter = try RunMeter(configuration: configuration, trackedPID: getpid())
        try meter.start()
        meter.startTask("epoch 1")
        // The stop closes it, as every open task, but it was cut short: no finished epoch, no forecast.
        let summary = meter.stop()
        #expect(summary.tasks.map(\.name) == ["epoch 1"])
        #expect(summary.epochsMarked == 0 && summary.forecasts.isEmpty)
    }

    @Test func badPlansAreRefusedBeforeAnythingOpens() {
        #expect(throws: OutOfRange.self) {
            try Tracker(Tracker.Options(name: "x", location: .worldAverage, recorder: nil, expectedEpochs: 0))
        }
        #expect(throws: OutOfRange.self) {
            try Tracker(Tracker.Options(name: "x", location: .worldAverage, recorder: nil, expectedEpochs: 1_000_001))
        }
        #expect(throws: OutOfRange.self) {
            try Tracker(
                Tracker.Options(name: "x", location: .worldAverage, recorder: nil, expectedEpochs: 3, predictAfter: 4))
        }
        #expect(throws: OutOfRange.self) {
            try EpochPlan(epochs: 3, predictAfter: 0)
        }
    }
}
