import Testing

@testable import FootprintCore

/// The one rule that leaves a machine's missing GPU out of summaries, reports and the live line.
@Suite struct ComponentReportedTests {
    @Test func onlyAnUnmeasuredGPUWithNoEnergyIsLeftOut() {
        #expect(!Component.gpu.isReported(method: "none", energy: .zero))
        #expect(!Component.gpu.isReported(method: "", energy: .zero))
        #expect(Component.gpu.isReported(method: "measured:nvml-energy", energy: .zero))
        #expect(Component.gpu.isReported(method: "none", energy: .joules(5)))
        #expect(Component.cpu.isReported(method: "none", energy: .zero))
        #expect(Component.ram.isReported(method: "", energy: .zero))
    }
}
