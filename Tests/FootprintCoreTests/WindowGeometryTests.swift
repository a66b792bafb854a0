import Foundation
import Testing

@testable import FootprintCore

/// Conv2d and pooling output sizes, worked out in one place (``WindowGeometry``) for the analysis
/// and the lab.
@Suite struct WindowGeometryTests {
    func geometry(_ layer: Layer, _ height: Int, _ width: Int) throws -> WindowGeometry {
        try #require(try WindowGeometry(layer, height: height, width: width))
    }

    @Test func samePaddingKeepsTheSizeAtStrideOne() throws {
        let g = try geometry(.conv2d(filters: 4, kernel: 3, stride: 1, padding: .same, bias: true), 28, 27)
        #expect((g.padding, g.outputHeight, g.outputWidth) == (1, 28, 27))
        let five = try geometry(.conv2d(filters: 4, kernel: 5, stride: 1, padding: .same, bias: true), 7, 7)
        #expect((five.padding, five.outputHeight) == (2, 7))
    }

    @Test func validPaddingShrinksByKernelMinusOne() throws {
        let g = try geometry(.conv2d(filters: 4, kernel: 3, stride: 1, padding: .valid, bias: true), 28, 9)
        #expect((g.padding, g.outputHeight, g.outputWidth) == (0, 26, 7))
    }

    /// ⌊(side + 2·padding − kernel) / stride⌋ + 1, odd sides rounding down.
    @Test func strideAboveOneAndOddSidesRoundDown() throws {
        let conv = try geometry(.conv2d(filters: 1, kernel: 3, stride: 2, padding: .explicit(1), bias: false), 7, 8)
        #expect((conv.outputHeight, conv.outputWidth) == (4, 4))
        let pool = try geometry(.maxPool2d(size: 2, stride: 2), 7, 5)
        #expect((pool.padding, pool.outputHeight, pool.outputWidth) == (0, 3, 2))
        let overlapping = try geometry(.avgPool2d(size: 3, stride: 2), 9, 10)
        #expect((overlapping.outputHeight, overlapping.outputWidth) == (4, 4))
    }

    @Test func aWindowLargerThanTheInputIsAFault() {
        #expect(throws: WindowGeometry.Fault.windowLargerThanInput) {
            try WindowGeometry(
                .conv2d(filters: 1, kernel: 7, stride: 1, padding: .valid, bias: true), height: 4, width: 9)
        }
        #expect(throws: WindowGeometry.Fault.windowLargerThanInput) {
            try WindowGeometry(.maxPool2d(size: 3, stride: 3), height: 9, width: 2)
        }
        // Padding can make a kernel fit.
        #expect(throws: Never.self) {
            try WindowGeometry(
                .conv2d(filters: 1, kernel: 7, stride: 1, padding: .explicit(2), bias: true), height: 3, width: 3)
        }
    }

    @Test func otherLayersHaveNoGeometry() throws {
        #expect(try WindowGeometry(.dense(units: 3, bias: true), height: 4, width: 4) == nil)
        #expect(try WindowGeometry(.flatten, height: 4, width: 4) == nil)
    }

    @Test func paddedSidesPastTheCountLimitAreTooLarge() {
        #expect(throws: WindowGeometry.Fault.tooLarge) {
            try WindowGeometry(height: Int.max - 1, width: 1, window: 1, stride: 1, padding: 1)
        }
        #expect(throws: WindowGeometry.Fault.tooLarge) {
            try WindowGeometry(height: 1, width: 1, window: 1, stride: 1, padding: Int.max / 2 + 1)
        }
    }

    /// The analysis keeps its own words for a window that does not fit.
    @Test func theAnalysisStillNamesTheLayerThatDoesNotFit() throws {
        let conv = Layer.conv2d(filters: 2, kernel: 7, stride: 1, padding: .valid, bias: true)
        let pool = Layer.maxPool2d(size: 5, stride: 5)
        for (layer, words) in [(conv, "kernel does not fit"), (pool, "window is larger than the image")] {
            do {
                _ = try ModelSpec(name: "m", input: [1, 4, 4], layers: [layer]).analyze()
                Issue.record("\(layer) was accepted")
            } catch {
                #expect(error.reason == .shapeMismatch)
                #expect(error.message.contains(words), "\(error.message)")
            }
        }
    }
}
