import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// A short fixed-seed fuzz pass of the spec reader: the graph fixtures and the examples cut short,
/// with bytes replaced by tokens that matter to it (names, joins, extreme numbers). Whatever the
/// input, a count or a ``ModelError`` with a message; a trap would end the test process.
@Suite struct SpecFuzzPassTests {
    static let tokens = [
        "-1", "0", "1e9", "1000000000", "9007199254740993", "\"add\"", "\"concat\"", "\"input\"", "\"inputs\"",
        "\"nodes\"", "\"layers\"", "[", "]", "{", "}", ",", ":", "\"groups\"", "\"dilation\"", "\"stride\"",
        "\"padding\"", "\"same\"", "\"convtranspose3d\"", "\"upsample\"", "\"reshape\"", "[-1]", "[1, 7]", "null"
    ]

    @Test func mutatedSpecsCountOrFailWithAReason() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let seeds = try [
            "Fixtures/spec/inception-3a.json", "Fixtures/spec/unet-small.json", "../../Examples/digits-cnn.json"
        ]
        .map { try Array(Data(contentsOf: fixtures.appendingPathComponent($0))) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var counted = 0
        for round in 0..<1_500 {
            var bytes = seeds[round % seeds.count]
            for _ in 0...next(3) {
                let at = next(bytes.count)
                let cut = min(bytes.count - at, next(12))
                bytes.replaceSubrange(at..<(at + cut), with: Array(Self.tokens[next(Self.tokens.count)].utf8))
            }
            if next(8) == 0 { bytes = Array(bytes.prefix(next(bytes.count))) }
            do {
                let count = try SpecModel.parse(Data(bytes)).count()
                _ = (count.parameters, count.forwardFLOPs, count.activationElements)
                counted += 1
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
        #expect(counted > 0)
    }
}
