import FootprintCore
import Foundation
import Synchronization
import Testing

@testable import FootprintMeter

/// A probe whose counters grow at a fixed rate with the real monotonic clock: package power 50 W,
/// machine fully busy, tree doing half of it.
final class SteadyProbe: Probe, Sendable {
    let start = monotonicSeconds()
    let reads = Atomic<Int>(0)

    func read() -> ProbeReading {
        reads.add(1, ordering: .relaxed)
        let t = monotonicSeconds()
        let elapsed = t - start
        let ticks = UInt64(elapsed * 200)
        return ProbeReading(
            time: t, machineCPU: MachineCPUTimes(busy: ticks, idle: 0, logicalCPUs: 2),
            rapl: .init(packageMicrojoules: UInt64(elapsed * 50e6), dramMicrojoules: nil),
            memory: MachineMemory(total: 2_000_000_000, available: 1_000_000_000),
            tree: .init(ticks: ticks / 2, residentPages: 0, pids: [1]))
    }
}

@Suite struct SamplerTests {
    let accountant = EnergyAccountant(cpuModel: CPUPowerModel(tdpPerSocket: .watts(65), sockets: 1, tdpSource: "test"))

    @Test func integratesCountersExactly() throws {
        let probe = SteadyProbe()
        let seen = Atomic<Int>(0)
        let sampler = try Sampler(probe: probe, accountant: accountant, interval: 0.05) { _, _ in
            seen.add(1, ordering: .relaxed)
        }
        try sampler.start()
        usleep(330_000)
        let totals = sampler.stop()
        // Five or six full intervals plus the partial one taken at stop.
        #expect(totals.intervals >= 5)
        #expect(seen.load(ordering: .relaxed) == totals.intervals)
        #expect(abs(totals.cpu.machine.joules / totals.duration - 50) < 0.5)
        #expect(totals.cpu.method == .rapl)
        #expect(abs(totals.ram.machine.joules / totals.duration - 0.3725) < 0.01)
    }

    @Test func stopDoesNotWaitForTheNextTick() throws {
        let sampler = try Sampler(probe: SteadyProbe(), accountant: accountant, interval: 5)
        try sampler.start()
        usleep(20_000)
        let before = monotonicSeconds()
        let totals = sampler.stop()
        #expect(monotonicSeconds() - before < 0.5)
        #expect(totals.intervals == 1)
        #expect(totals.duration > 0.01)
    }

    @Test func intervalBelowTheFloorIsRefused() {
        #expect(throws: OutOfRange.self) { try Sampler(probe: SteadyProbe(), accountant: accountant, interval: 0.01) }
        #expect(throws: OutOfRange.self) { try Sampler(probe: SteadyProbe(), accountant: accountant, interval: .nan) }
        // Past an hour, and where the poll timeout's Int32 milliseconds trapped before.
        #expect(throws: OutOfRange.self) { try Sampler(probe: SteadyProbe(), accountant: accountant, interval: 3_601) }
        #expect(throws: OutOfRange.self) { try Sampler(probe: SteadyProbe(), accountant: accountant, interval: 1e308) }
    }
}

/// A probe whose third read takes 130 ms, as a stalled file system or a busy machine might.
final class StallingProbe: Probe, Sendable {
    let inner = SteadyProbe()
    let reads = Atomic<Int>(0)

    func read() -> ProbeReading {
        if reads.add(1, ordering: .relaxed).newValue == 3 { usleep(130_000) }
        return inner.read()
    }
}

@Suite struct LateTickTests {
    @Test func aLateTickSkipsMissedSlotsInsteadOfBursting() throws {
        let durations = Mutex<[Double]>([])
        let accountant = EnergyAccountant(
            cpuModel: CPUPowerModel(tdpPerSocket: .watts(65), sockets: 1, tdpSource: "test"))
        let sampler = try Sampler(probe: StallingProbe(), accountant: accountant, interval: 0.05) { interval, _ in
            durations.withLock { $0.append(interval.duration) }
        }
        let start = monotonicSeconds()
        try sampler.start()
        usleep(420_000)
        let totals = sampler.stop()
        let wall = monotonicSeconds() - start
        let seen = durations.withLock { $0 }
        // After the stall the next tick lands on the schedule's next slot (one short interval that
        // re-aligns it); missed slots are skipped, not caught up in a burst.
        let short = seen.dropLast().filter { $0 < 0.03 }
        #expect(short.count <= 1, "\(seen.map { Int($0 * 1000) })")
        #expect(seen.count <= 8)
        #expect(seen.contains { $0 > 0.12 })
        // Counters integrate exactly across the stall: 50 W over the covered time.
        #expect(abs(totals.cpu.machine.joules / totals.duration - 50) < 0.5)
        #expect(abs(totals.duration - wall) < 0.05)
    }
}
