import Foundation
import Testing

@testable import FootprintCore

@Suite struct SafeTensorsTests {
    /// A file as the format describes it, built byte by byte here rather than by the writer.
    static func file(header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: (length ?? UInt64(headerBytes.count)).littleEndian) { bytes += $0 }
        return bytes + headerBytes + data
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    @Test func writtenFilesReadBackExactlyWithTheirMetadata() throws {
        let tensors = [
            SafeTensors.Tensor(
                name: "layers.0.weight", shape: [2, 3], values: [1, -2, 3.5, .pi, -0.0, Float.leastNormalMagnitude / 4]),
            SafeTensors.Tensor(name: "layers.0.bias", shape: [2], values: [0.25, -7]),
            SafeTensors.Tensor(name: "empty", shape: [0, 4], values: [])
        ]
        let bytes = SafeTensors.encode(tensors, metadata: ["format": "pt", "note": "quote \" and\nline"])
        let length = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(length % 8 == 0, "the data starts 8-byte aligned")
        #expect(bytes[8] == UInt8(ascii: "{"))
        let file = try SafeTensors(parsing: bytes)
        #expect(file.metadata == ["format": "pt", "note": "quote \" and\nline"])
        #expect(file.entries.map(\.name) == ["layers.0.weight", "layers.0.bias", "empty"], "in the order written")
        for tensor in tensors {
            let entry = try #require(file.entry(named: tensor.name))
            #expect(entry.dtype == .f32 && entry.shape == tensor.shape)
            let values = try #require(file.floats(entry))
            #expect(values.map(\.bitPattern) == tensor.values.map(\.bitPattern), "bit for bit, -0 and subnormals too")
        }
    }

    @Test func aFileWrittenByTheFormatsRulesReads() throws {
        // Another writer's choices: no metadata, tensors listed out of byte order, other dtypes, a
        // scalar, and header padding of spaces.
        let data = Self.floats([1, 2]) + [7, 0] + Self.floats([9])
        let header = """
            {"b": {"dtype": "F16", "shape": [1], "data_offsets": [8, 10]}, \
            "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, \
            "s": {"dtype": "F32", "shape": [], "data_offsets": [10, 14]}}\u{20}\u{20}
            """
        let file = try SafeTensors(parsing: Self.file(header: header, data: data))
        #expect(file.metadata.isEmpty)
        #expect(file.entries.map(\.name) == ["a", "b", "s"])
        #expect(file.entry(named: "a").flatMap(file.floats) == [1, 2])
        #expect(file.entry(named: "s").flatMap(file.floats) == [9])
        #expect(file.entry(named: "b").map(file.floats) == .some(nil), "F16 is not read as F32")
    }

    @Test(arguments: [
        (Array("{}".utf8.prefix(5)), SafeTensorsError.Reason.truncated),
        (file(header: "{}", length: 1 << 62), .headerTooLarge),
        (file(header: "{}", length: 100_000_001), .headerTooLarge),
        (file(header: "{}", length: 9), .truncated),
        (file(header: "[1, 2]"), .notSafeTensors),
        (file(header: "{\"a\": "), .invalidHeader),
        (file(header: "{\"a\": 1}"), .invalidHeader),
        (file(header: "{\"__metadata__\": {\"n\": 1}}"), .invalidHeader),
        (file(header: "{\"__metadata__\": [\"n\"]}"), .invalidHeader),
        (file(header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [1]}}"), .invalidHeader),
        (file(header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 0]}}"), .invalidHeader),
        (file(header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}"), .invalidHeader),
        (file(header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 0]}}"), .invalidHeader),
        (file(header: "{\"a\": {\"dtype\": \"Q4\", \"shape\": [1], \"data_offsets\": [0, 4]}}"), .unknownDType),
        (
            file(header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", data: [1, 2]),
            .outOfRange
        ),
        (
            file(header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", data: [1, 2, 3, 4]),
            .sizeMismatch
        ),
        (
            file(
                header: "{\"a\": {\"dtype\": \"F64\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 0]}}"),
            .sizeMismatch
        ),
        (
            file(
                header: """
                    {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, \
                    "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}
                    """, data: Array(repeating: 0, count: 8)), .overlapping
        ),
        (
            file(
                header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}",
                data: Array(repeating: 0, count: 8)), .gap
        ),
        (
            file(
                header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}",
                data: Array(repeating: 0, count: 6)), .gap
        ),
        (
            file(
                header: """
                    {"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, \
                    "a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}
                    """, data: Array(repeating: 0, count: 4)), .invalidHeader
        )
    ])
    func damagedOrLyingFilesAreRefusedWithTheirReason(bytes: [UInt8], reason: SafeTensorsError.Reason) {
        #expect(throws: SafeTensorsError.self) { try SafeTensors(parsing: bytes) }
        do {
            _ = try SafeTensors(parsing: bytes)
        } catch {
            #expect(error.reason == reason, "\(error.message)")
            #expect(!error.message.isEmpty && !error.message.contains("\n"))
        }
    }
}
