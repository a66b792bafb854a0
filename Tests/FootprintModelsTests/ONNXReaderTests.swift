import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// The wire reader on damaged, hand-built and unusual files.
@Suite struct ONNXReaderTests {
    static func data(_ file: String) throws -> Data {
        try Data(contentsOf: ONNXFixtureTests.folder.appendingPathComponent(file))
    }

    static func reason(_ data: Data) -> ModelError.Reason? {
        do {
            _ = try ONNXFile.count(data: data, name: "cut", options: ModelReadOptions(dimensions: ["batch": 1]))
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func everyTruncationOfAFileIsAnErrorNeverACrash() throws {
        let whole = try Self.data("tiny_mlp.onnx")
        #expect(Self.reason(whole) == nil)
        for length in 0..<whole.count {
            #expect(Self.reason(whole.prefix(length)) == .corrupt, "cut at \(length) of \(whole.count)")
        }
    }

    @Test func truncationsOfAnExportedNetAreErrors() throws {
        let whole = try Self.data("resnet_small.onnx")
        for length in stride(from: 0, to: whole.count, by: 997) {
            #expect(Self.reason(whole.prefix(length)) == .corrupt, "cut at \(length) of \(whole.count)")
        }
    }

    @Test(arguments: [
        Data(), Data("not a model at all, just text".utf8),
        Data([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
        Data([0x3a, 0x05, 0x0a, 0x03]), Data([0x0b, 0x00])
    ])
    func damagedBytesAreCorruptInOneLine(bytes: Data) throws {
        #expect {
            try ONNXFile.count(data: bytes, name: "x", options: .init())
        } throws: { error in
            let error = error as? ModelError
            return error?.reason == .corrupt && error?.message.contains("\n") == false
        }
    }

    @Test func weightsInAnExternalFileAreCountedWithoutIt() throws {
        let count = try ONNXFile.count(
            path: ONNXFixtureTests.folder.appendingPathComponent("external_weights.onnx").path, options: .init()
        ).count
        #expect(count.parameters == 256 * 512)
        #expect(count.forwardFLOPs == 2 * 256 * 512)
        #expect(count.notes.contains { $0.contains("external data") })
    }

    @Test func anOperatorItCannotCountIsListedAndTheTotalsArePartial() throws {
        let count = try ONNXFile.count(
            path: ONNXFixtureTests.folder.appendingPathComponent("partial.onnx").path, options: .init()
        ).count
        #expect(count.isPartial)
        #expect(
            count.uncounted == [
                .init(name: "com.example.Swirl", occurrences: 1), .init(name: "NonZero", occurrences: 1)
            ]
        )
        // The Relu after the unknown operator still counts, its input's shape taken from the file's value_info.
        let relu = try #require(count.nodes.first { $0.kind == "Relu" })
        #expect(relu.forwardFLOPs == 256)
        #expect(count.parameters == 4 * 3 * 3 * 3)
    }

    @Test func aFileNamedOtherwiseIsToldByContentAndCounted() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-\(UUID().uuidString).bin")
        try Self.data("tiny_mlp.onnx").write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let loaded = try ModelFile.load(path: url.path)
        #expect(loaded.count.format == .onnx)
        #expect(loaded.count.parameters == 4 * 8 + 4 + 2 * 4 + 2)
        #expect(loaded.labNetwork == nil)
    }

    @Test func aVarintLongerThanTenBytesIsRefused() {
        let result = Data([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).withUnsafeBytes { bytes in
            var reader = WireReader(bytes, range: 0..<bytes.count)
            return Result { () throws(WireError) in try reader.varint() }
        }
        #expect(throws: WireError.self) { try result.get() }
    }
}

@Suite struct ONNXModelNameTests {
    @Test(arguments: [
        ("resnet_small", "main_graph", "resnet_small"),
        ("resnet_small", "", "resnet_small"),
        ("bert", "torch-jit-export", "bert"),
        ("model", "bert-base-uncased", "model (graph bert-base-uncased)"),
        ("bert", "bert", "bert")
    ])
    func theFileNamesTheModelAndAGivenGraphNameStandsBeside(file: String, graph: String, title: String) {
        #expect(ONNXCounter.title(file: file, graph: graph) == title)
    }
}
