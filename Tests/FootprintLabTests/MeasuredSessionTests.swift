import FootprintCore
import Synchronization
import Testing

@testable import FootprintLab
@testable import FootprintMeter

/// A probe whose clock moves only when it is read: each reading is half a second and 25 J of
/// package energy (RAPL, 50 W) after the one before, so a task's energy is a count of readings.
/// Its clock starts at the monotonic clock's now, as a real probe's does: the sampler schedules its
/// ticks on that clock, and a probe clock far behind it would make the first tick due at once, a
/// reading that races the test's own.
final class StepProbe: Probe, Sendable {
    let reads = Atomic<Int>(0)
    let origin = monotonicSeconds()

    func read() -> ProbeReading {
        let step = Double(reads.add(1, ordering: .relaxed).newValue)
        return ProbeReading(
            time: origin + step / 2, machineCPU: MachineCPUTimes(busy: UInt64(step * 100), idle: 0, logicalCPUs: 2),
            rapl: .init(packageMicrojoules: UInt64(step * 25e6), dramMicrojoules: nil),
            memory: MachineMemory(total: 2_000_000_000, available: 1_000_000_000))
    }
}

@Suite struct MeasuredSessionTests {
    /// Machine scope, an hour between samples (the sampler's own thread never reads during a test),
    /// nothing recorded.
    static func session(maximumPasses: Int = 3) throws -> MeasuredSession {
        var configuration = RunMeter.Configuration(
            name: "test", scope: .machine, location: try ResolvedLocation(intensity: 400, origin: "test"),
            pue: try PUE(1.5), pueSource: "test")
        configuration.interval = 3_600
        configuration.recorder = nil
        return try MeasuredSession(
            configuration: configuration, probe: StepProbe(),
            repetition: RepetitionProtocol(samplingInterval: 0.05, maximumPasses: maximumPasses))
    }

    @Test func aTaskIsTheEnergyBetweenItsStartAndStopWithItsMethods() throws {
        let session = try Self.session()
        try session.start()
        let (value, energy) = session.measure("training") { 42 }
        #expect(value == 42)
        #expect(energy.name == "training")
        // One reading between start and stop: 25 J of package energy, × PUE 1.5 at the facility.
        #expect(energy.components[.cpu]?.joules == 25)
        #expect(energy.methods[.cpu] == .rapl)
        #expect(energy.methods[.ram] == .ramPerGigabyte)
        #expect(abs(energy.facility.joules - energy.it.joules * 1.5) <= 1e-9 * energy.facility.joules)
        let summary = session.finish()
        #expect(summary.tasks.map(\.name) == ["training"])
        #expect(summary.status == .finished)
    }

    @Test func repeatedWorkIsDividedOverEveryPassAndSample() throws {
        let session = try Self.session(maximumPasses: 3)
        try session.start()
        let calls = Mutex(0)
        let inference = session.measureRepeated("inference", samplesPerPass: 4) { calls.withLock { $0 += 1 } }
        // The passes take no measurable time, so the bound stops them; the warm-up is not measured.
        #expect(inference.passes == 3)
        #expect(calls.withLock { $0 } == 4)
        #expect(inference.total.components[.cpu]?.joules == 25)
        #expect(inference.perSample.components[.cpu]?.joules == 25.0 / 12)
        #expect(inference.perSample.methods[.cpu] == .rapl)
        session.finish()
    }

    @Test func aTaskThatThrowsStillEnds() throws {
        struct Failure: Error {}
        let session = try Self.session()
        try session.start()
        #expect(throws: Failure.self) { try session.measure("broken") { throw Failure() } }
        #expect(session.finish().tasks.map(\.name) == ["broken"])
    }
}
