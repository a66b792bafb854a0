import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// The ONNX fixtures exported from PyTorch (Fixtures/onnx/make_fixtures.py) against PyTorch's own
/// counts: parameters as `sum(p.numel())` within 1 %, and the FLOPs of matrix products and
/// convolutions (multiply-adds × 2, no bias: what `FlopCounterMode` counts) within 3 %.
@Suite struct ONNXFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/onnx")

    struct Expected: Decodable {
        var file: String
        var input: [Int]
        var dimensions: [String: Int]
        var parameters: Int
        var matrix_flops: Double
    }

    static func expected() throws -> [Expected] {
        try JSONDecoder().decode(
            [Expected].self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    }

    static func count(_ file: String, _ dimensions: [String: Int] = [:]) throws -> ONNXCount {
        try ONNXFile.count(
            path: folder.appendingPathComponent(file).path, options: ModelReadOptions(dimensions: dimensions))
    }

    @Test(arguments: [
        "resnet_small.onnx", "depthwise_separable.onnx", "tiny_encoder.onnx", "tiny_encoder_dynamo.onnx",
        "tiny_lstm.onnx"
    ])
    func countsMatchPyTorch(file: String) throws {
        let reference = try #require(try Self.expected().first { $0.file == file })
        // The encoders' sequence length is dynamic; PyTorch counted it at the example's length.
        let counted = try Self.count(file, reference.dimensions)
        #expect(!counted.count.isPartial, "\(counted.count.uncounted)")
        let parameters = Double(counted.count.parameters)
        #expect(abs(parameters / Double(reference.parameters) - 1) <= 0.01, "\(parameters) vs \(reference.parameters)")
        #expect(
            abs(counted.matrixFLOPs / reference.matrix_flops - 1) <= 0.03,
            "\(counted.matrixFLOPs) vs \(reference.matrix_flops)")
        // All FLOPs include biases, norms and activations too, so they are never fewer.
        #expect(counted.count.forwardFLOPs >= counted.matrixFLOPs)
    }

    @Test func theResNetKeepsItsBatchNormsAndCountsOnlyTheirScaleAndShift() throws {
        let count = try Self.count("resnet_small.onnx").count
        let norms = count.nodes.filter { $0.kind == "BatchNormalization" }
        #expect(norms.count == 6)
        #expect(norms.map(\.parameters) == [32, 32, 32, 64, 64, 64])
        #expect(count.nodes.first { $0.kind == "MaxPool" }?.outputShape == [1, 16, 16, 16])
        #expect(count.nodes.last?.outputShape == [1, 10])
        #expect(count.notes.contains { $0.contains("running mean and variance") })
    }

    @Test func aDepthwiseConvolutionHasOneFilterPerChannel() throws {
        let count = try Self.count("depthwise_separable.onnx").count
        let depthwise = try #require(count.nodes.first { $0.detail.contains("groups 64") })
        #expect(depthwise.parameters == 64 * 3 * 3)
        #expect(depthwise.forwardFLOPs == 64 * 32 * 32 * 2 * 9)
    }

    @Test func theEncoderNeedsItsSequenceLengthAndScalesWithIt() throws {
        #expect {
            try Self.count("tiny_encoder.onnx")
        } throws: { error in
            let error = error as? ModelError
            return error?.reason == .unknownDimension && error?.message.contains("sequence") == true
        }
        let count = try Self.count("tiny_encoder.onnx", ["sequence": 48]).count
        #expect(!count.isPartial)
        #expect(count.notes.contains { $0.contains("batch not given: counted as 1") })
        // PyTorch's tracing exporter wrote the example's length (48) into the attention's reshapes: at
        // another length the graph does not fit together, and the count says where, partial.
        let other = try Self.count("tiny_encoder.onnx", ["sequence": 16]).count
        #expect(other.isPartial)
        #expect(other.parameters == count.parameters)
        #expect(other.notes.contains { $0.contains("Reshape of [16, 1, 32] (512 values) to [48, 4, 8]") })
    }

    @Test func aGraphWithASymbolicSequenceCountsAnyLength() throws {
        let short = try Self.count("tiny_encoder_dynamo.onnx", ["sequence": 16])
        let long = try Self.count("tiny_encoder_dynamo.onnx", ["sequence": 64])
        #expect(!short.count.isPartial && !long.count.isPartial)
        #expect(short.count.parameters == 27_458)
        // Projections grow with the length, attention's two products with its square: per layer
        // 2·(L·32·96 + L·32·32 + 2·L·32·64) + 2·2·(4·L·L·8), two layers, and the 32→2 head.
        func matrix(_ length: Double) -> Double {
            2 * (2 * (length * 32 * 96 + length * 32 * 32 + 2 * length * 32 * 64) + 2 * 2 * 4 * length * length * 8)
                + 2 * 32 * 2
        }
        #expect(short.matrixFLOPs == matrix(16))
        #expect(long.matrixFLOPs == matrix(64))
    }

    /// One node of each of the less common operators (Fixtures/onnx/make_fixtures.py builds it), each
    /// output shape as ONNX's own shape inference gives it.
    @Test func everyOperatorsShapeIsTheOneONNXInfers() throws {
        let reference = try JSONDecoder().decode(
            [String: [Int]].self, from: Data(contentsOf: Self.folder.appendingPathComponent("operators_shapes.json")))
        let count = try Self.count("operators.onnx").count
        #expect(!count.isPartial)
        #expect(count.nodes.count == reference.count)
        for node in count.nodes { #expect(node.outputShape == reference[node.name], "\(node.name)") }
        // Weights only: the resize's scales are a setting.
        #expect(count.parameters == (8 * 4 * 9 + 4) + 6 * 4 * 9 + 2 * 6 + (2 * 18 * 6 + 36) + 54 * 5 + 5 + 6 * 12)
        let figures = Dictionary(uniqueKeysWithValues: count.nodes.map { ($0.name, $0.forwardFLOPs) })
        // Each of the 8·16·16 inputs spreads over 4·3·3 outputs, plus a bias per output value.
        #expect(figures["up"] == Double(2 * 8 * 16 * 16 * 4 * 9 + 4 * 32 * 32))
        // Bilinear: 4 products and 3 adds per output value.
        #expect(figures["resize"] == Double(6 * 16 * 16 * 7))
        // GRU per step: gates 2·18·(6 + 6), two biases 2·18, input plus recurrent part 18, gate work 8·6; 9 steps.
        #expect(figures["gru"] == Double(9 * (2 * 18 * 12 + 36 + 18 + 48)))
        #expect(figures["pool"] == Double(6 * 16 * 16 * 8))
        #expect(figures["avg"] == Double(6 * 8 * 8 * 4))
        // bsd,de->bse: a multiply-add for every b, s, d, e.
        #expect(figures["einsum"] == Double(2 * 9 * 6 * 12))
        // 3 heads of 4 over 9 positions: 81 scores each, 2·4 + 2·4 for the two products, 1 + 3 for scale and softmax.
        #expect(figures["attention"] == Double(3 * 81 * (8 + 8 + 4)))
    }

    /// ONNX Runtime's fused operators (Fixtures/onnx/make_fixtures.py), each by its formula in docs/onnx.md.
    @Test func onnxRuntimesFusedOperatorsAreCounted() throws {
        let count = try Self.count("runtime_fused.onnx").count
        #expect(!count.isPartial)
        let figures = Dictionary(uniqueKeysWithValues: count.nodes.map { ($0.name, $0) })
        // 16 positions through a 32→96 projection with bias; 4 heads of 8 over 16 positions: 1,024 scores
        // of 2·(8 + 8) for the products, 1 to scale and 3 for the softmax.
        #expect(figures["attention"]?.forwardFLOPs == Double(16 * (2 * 32 * 96 + 96) + 1024 * (32 + 4)))
        #expect(figures["attention"]?.parameters == 32 * 96 + 96)
        #expect(figures["skip_norm"]?.forwardFLOPs == Double(16 * 32 * (7 + 2)))
        #expect(figures["up"]?.outputShape == [1, 16, 64])
        #expect(figures["up"]?.forwardFLOPs == Double(2 * 16 * 32 * 64))
        #expect(figures["gelu"]?.forwardFLOPs == Double(2 * 16 * 64))
        #expect(figures["mha"]?.forwardFLOPs == Double(1024 * (2 * (16 + 16) + 4)))
        #expect(figures["mha"]?.kind == "com.microsoft.MultiHeadAttention")
        #expect(count.parameters == 32 * 96 + 96 + 3 * 32 + 64 * 32 + 64)
    }

    @Test func aLargerBatchGivesTheSameFiguresPerSample() throws {
        let one = try Self.count("tiny_encoder.onnx", ["sequence": 48]).count
        let four = try Self.count("tiny_encoder.onnx", ["sequence": 48, "batch": 4]).count
        #expect(abs(four.forwardFLOPs / one.forwardFLOPs - 1) < 1e-9)
        #expect(four.parameters == one.parameters)
        #expect(four.input.contains("per sample of batch 4"))
    }

    @Test func aDimensionTheGraphLacksIsRefusedWithThoseItHas() {
        #expect {
            try Self.count("tiny_encoder.onnx", ["sequence": 8, "seq_len": 8])
        } throws: { error in
            (error as? ModelError)?.message.contains(
                "no dimension named seq_len; its dynamic dimensions are batch, sequence")
                == true
        }
    }

    @Test func theLSTMCountsBothLayersWithPyTorchsTwoBiases() throws {
        let count = try Self.count("tiny_lstm.onnx").count
        let cells = count.nodes.filter { $0.kind == "LSTM" }
        // 4·H·(I + H) weights and 2·4·H biases per layer: H = 32, I = 24 then 32.
        #expect(cells.map(\.parameters) == [4 * 32 * (24 + 32) + 8 * 32, 4 * 32 * (32 + 32) + 8 * 32])
        #expect(cells.first?.outputShape == [20, 1, 1, 32])
    }
}
