import FootprintGrid
import Testing

@Suite struct IntensitySourceErrorTests {
    @Test func anErrorReadsAsItsMessageAndMatchesOnItsReason() {
        let error = IntensitySourceError(.missingKey, "set ELECTRICITYMAPS_API_KEY")
        #expect(error.description == "set ELECTRICITYMAPS_API_KEY")
        #expect(error.reason == .missingKey)
        #expect(error.reason != .timedOut)
    }
}
