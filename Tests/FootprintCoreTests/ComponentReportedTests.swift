import Testing

@testable import FootprintCore

/// The one rule that leaves a machine's missing GPU out of summaries, reports and the live line.
@Suite struct ComponentReportedTests {
    @Test func onlyAnUnmeasuredGPUWithNoEnergyIsLeftOut() {
        #expect(!Component.gpu.isReported(method: MeasurementMethod.none, energy: .zero))
        #expect(!Component.gpu.isReported(method: nil, energy: .zero), "no method recorded")
        #expect(Component.gpu.isReported(method: .nvmlEnergy, energy: .zero))
        #expect(Component.gpu.isReported(method: MeasurementMethod.none, energy: .joules(5)))
        #expect(Component.cpu.isReported(method: MeasurementMethod.none, energy: .zero))
        #expect(Component.ram.isReported(method: nil, energy: .zero))
    }
}
