import FootprintCore
import Foundation
import Testing

@testable import FootprintMeter

/// A library must never crash on its caller's numbers: the tracker and the meter refuse them with a
/// typed error before they open a sensor or write a record.
@Suite struct MeterBoundsTests {
    @Test(arguments: [1e308, 3e6, 3_600.5, 0.01, -1, .nan, .infinity])
    func trackerRefusesAnIntervalOutsideItsRange(interval: Double) throws {
        let folder = try FixtureTree()
        let error = #expect(throws: OutOfRange.self) {
            try Tracker(
                Tracker.Options(
                    name: "t", interval: interval, location: .worldAverage,
                    recorder: RunJournal(folder: folder.path)))
        }
        #expect(error?.range == .samplingInterval)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing recorded")
    }

    @Test func meterRefusesATDPOrIntensityOutsideItsRange() throws {
        let folder = try FixtureTree()
        var configuration = RunMeter.Configuration(
            name: "t", scope: .process, location: .worldAverage, pue: .none, pueSource: "t")
        configuration.recorder = RunJournal(folder: folder.path)
        configuration.cpuTDP = 1e308
        #expect(throws: OutOfRange(range: .cpuTDP, value: 1e308)) {
            try RunMeter(configuration: configuration, trackedPID: nil, probe: SteadyProbe())
        }
        configuration.cpuTDP = 95
        configuration.location = ResolvedLocation(
            code: nil, name: "typo", intensity: .gramsPerKilowattHour(1e9), source: "t")
        #expect(throws: OutOfRange.self) {
            try RunMeter(configuration: configuration, trackedPID: nil, probe: SteadyProbe())
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing recorded")
    }

    @Test func theLongestIntervalStillSamples() throws {
        // An hour's interval is allowed: the sampler waits in steps poll can hold and stops at once.
        let accountant = EnergyAccountant(
            cpuModel: CPUPowerModel(tdpPerSocket: .watts(65), sockets: 1, tdpSource: "test"))
        let sampler = try Sampler(probe: SteadyProbe(), accountant: accountant, interval: 3_600)
        try sampler.start()
        usleep(20_000)
        #expect(sampler.stop().intervals == 1)
    }
}
