import FootprintCore
import Foundation
import Synchronization
import Testing

@testable import FootprintMeter

/// A probe that records whether two reads ever overlapped: `LinuxProbe`'s files and the RAPL and
/// cgroup sensors are safe only one read at a time, and the Sampler's lock is what ensures it.
final class OverlapProbe: Probe, Sendable {
    let inner = SteadyProbe()
    let inFlight = Atomic<Int>(0)
    let overlapped = Atomic<Bool>(false)
    /// Set while the first read is held open, for the test to act meanwhile.
    let firstReadEntered = Atomic<Bool>(false)
    let reads = Atomic<Int>(0)

    func read() -> ProbeReading {
        if inFlight.add(1, ordering: .acquiringAndReleasing).newValue > 1 { overlapped.store(true, ordering: .relaxed) }
        defer { inFlight.subtract(1, ordering: .acquiringAndReleasing) }
        if reads.add(1, ordering: .relaxed).newValue == 1 {
            firstReadEntered.store(true, ordering: .releasing)
            usleep(50_000)
        }
        return inner.read()
    }
}

@Suite struct ProbeExclusionTests {
    @Test func startWaitsForACheckpointsReadOfTheProbe() throws {
        let probe = OverlapProbe()
        let accountant = EnergyAccountant(
            cpuModel: CPUPowerModel(tdpPerSocket: .watts(65), sockets: 1, tdpSource: "test"))
        let sampler = try Sampler(probe: probe, accountant: accountant, interval: 5)
        // A task line can arrive on the task pipe's thread while the sampler is still starting.
        let checkpoint = Thread { _ = sampler.checkpoint() }
        checkpoint.start()
        while !probe.firstReadEntered.load(ordering: .acquiring) { usleep(1_000) }
        try sampler.start()
        sampler.stop()
        let overlapped = probe.overlapped.load(ordering: .relaxed)
        #expect(!overlapped)
    }
}
