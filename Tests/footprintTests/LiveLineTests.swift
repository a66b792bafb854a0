import FootprintCore
import Testing

@testable import footprint

@Suite struct LiveLineTests {
    @Test func componentPowerReadsInItsOwnUnits() {
        // An idle RAM share printed "RAM 6.21e-04 W" while reports said "621 µW".
        #expect(LiveLine.reading(.ram, watts: 6.21e-4) == "RAM 621 µW")
        #expect(LiveLine.reading(.cpu, watts: 0.5) == "CPU 500 mW")
        #expect(LiveLine.reading(.gpu, watts: 312) == "GPU 312 W")
        #expect(LiveLine.reading(.cpu, watts: 0) == "CPU 0 W")
    }
}
