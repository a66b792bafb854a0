import FootprintCore
import Testing

@testable import FootprintLab

/// The inference repetition protocol's arithmetic, on given durations: no clock is read.
@Suite struct RepetitionProtocolTests {
    @Test func minimumIsTheLongerOfOneSecondAndTenIntervals() {
        #expect(RepetitionProtocol(samplingInterval: 0.05).minimumSeconds == 1)
        #expect(RepetitionProtocol(samplingInterval: 0.1).minimumSeconds == 1)
        #expect(RepetitionProtocol(samplingInterval: 0.5).minimumSeconds == 5)
        #expect(RepetitionProtocol(samplingInterval: 2).minimumSeconds == 20)
    }

    @Test func passesRepeatUntilTheMinimumHasPassed() {
        let rule = RepetitionProtocol(samplingInterval: 0.1)
        #expect(rule.needsAnotherPass(after: 0, elapsed: 0))
        #expect(rule.needsAnotherPass(after: 0, elapsed: 5), "at least one pass, however long the wait")
        #expect(rule.needsAnotherPass(after: 40, elapsed: 0.999))
        #expect(!rule.needsAnotherPass(after: 41, elapsed: 1.0))
        #expect(!rule.needsAnotherPass(after: 1, elapsed: 3), "one pass longer than the minimum is enough")
        // Passes of 1/256 s (exact in binary): the loop stops at the 256th.
        var passes = 0
        while rule.needsAnotherPass(after: passes, elapsed: Double(passes) / 256) { passes += 1 }
        #expect(passes == 256)
    }

    @Test func passesAreBoundedWhateverTheirDuration() {
        let rule = RepetitionProtocol(samplingInterval: 0.1, maximumPasses: 1_000)
        #expect(rule.needsAnotherPass(after: 999, elapsed: 0))
        #expect(!rule.needsAnotherPass(after: 1_000, elapsed: 0), "a pass that takes no time ends at the bound")
        #expect(RepetitionProtocol(samplingInterval: 0.1, maximumPasses: 0).maximumPasses == 1)
    }

    @Test func perSampleEnergyDividesOverEveryPassAndSample() {
        let energy = Energy(joules: 12)
        #expect(RepetitionProtocol.perSample(energy, passes: 400, samplesPerPass: 360).joules == 12.0 / 144_000)
        #expect(RepetitionProtocol.perSample(energy, passes: 0, samplesPerPass: 360) == .zero)
        let phase = PhaseEnergy(
            name: "inference", duration: 1.2, facility: Energy(joules: 15),
            components: [.cpu: Energy(joules: 10), .ram: Energy(joules: 2)],
            methods: [.cpu: .tdpLoad, .ram: .ramPerGigabyte])
        let repeated = RepeatedPhase(total: phase, passes: 3, samplesPerPass: 5)
        #expect(repeated.perSample.facility.joules == 1)
        #expect(repeated.perSample.components[.cpu]?.joules == 10.0 / 15)
        #expect(repeated.perSample.methods[.cpu] == .tdpLoad)
        #expect(!RepetitionProtocol(samplingInterval: 0.1).isUnresolved(1.0))
        #expect(RepetitionProtocol(samplingInterval: 0.1).isUnresolved(0.4))
    }
}
