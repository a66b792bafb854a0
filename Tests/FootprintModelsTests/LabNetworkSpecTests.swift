import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// Sequential specs read as the lab's networks (``SpecModel/labNetwork``) and counted by the lab's
/// own analysis, which must agree with hand counts; and what the reader says of malformed specs.
@Suite struct LabNetworkSpecTests {
    func parse(_ json: String) throws -> ModelSpec { try SpecModel.labNetwork(parsing: Data(json.utf8)) }

    /// 64 → dense 128 relu → dense 10, counted by hand:
    /// parameters 64·128 + 128 + 128·10 + 10 = 9,610;
    /// FLOPs 2·64·128 + 128 (bias) + 128 (relu) + 2·128·10 + 10 = 19,210.
    @Test func smallMLPAgreesWithHandCount() throws {
        let spec = try parse(
            """
            {"name": "mlp", "input": [64], "layers": [
              {"type": "dense", "units": 128, "activation": "relu"}, {"type": "dense", "units": 10}]}
            """)
        let analysis = try spec.analyze()
        #expect(spec.layers.count == 3)
        #expect(analysis.parameters == 9_610)
        #expect(analysis.forwardFLOPs == 19_210)
        #expect(analysis.trainingFLOPsPerSample == 57_630)
        #expect(analysis.outputShape == [10])
        #expect(analysis.activationElements == 64 + 128 + 128 + 10)
    }

    /// [1, 8, 8] → conv 8@3×3 same + relu → maxpool 2 → flatten → dense 10, by hand:
    /// conv: params 9·1·8 + 8 = 80, FLOPs 8·8·8 · (2·9 + 1) = 9,728; relu 512;
    /// pool: 8·4·4 outputs × 3 comparisons = 384; dense: 128·10 + 10 = 1,290 params, 2·1,280 + 10 = 2,570 FLOPs.
    @Test func smallCNNAgreesWithHandCount() throws {
        let spec = try parse(
            """
            {"input": [1, 8, 8], "layers": [
              {"type": "conv2d", "filters": 8, "kernel": 3, "padding": "same", "activation": "relu"},
              {"type": "maxpool2d", "size": 2}, {"type": "flatten"}, {"type": "dense", "units": 10}]}
            """)
        let analysis = try spec.analyze()
        #expect(analysis.layers.map(\.outputShape) == [[8, 8, 8], [8, 8, 8], [8, 4, 4], [128], [10]])
        #expect(analysis.layers.map(\.parameters) == [80, 0, 0, 0, 1_290])
        #expect(analysis.layers.map(\.forwardFLOPs) == [9_728, 512, 384, 0, 2_570])
        #expect(analysis.parameters == 1_370)
    }

    @Test func convolutionShapes() throws {
        let valid = try parse(#"{"input": [3, 32, 32], "layers": [{"type": "conv2d", "filters": 4, "kernel": 5}]}"#)
        #expect(try valid.analyze().outputShape == [4, 28, 28])
        let strided = try parse(
            #"{"input": [3, 32, 32], "layers": [{"type": "conv2d", "filters": 4, "kernel": 3, "stride": 2, "padding": 1}]}"#
        )
        #expect(try strided.analyze().outputShape == [4, 16, 16])
        let average = try parse(#"{"input": [2, 6, 6], "layers": [{"type": "avgpool2d", "size": 3}]}"#)
        let pooled = try average.analyze()
        #expect(pooled.outputShape == [2, 2, 2])
        #expect(pooled.forwardFLOPs == 8 * 9)
    }

    /// A transformer block over [s = 16, d = 64], 4 heads, feed-forward 256:
    /// parameters = attention 4d² + 4d + two layer norms 4d + FFN (d·ff + ff + ff·d + d).
    @Test func transformerBlockParameters() throws {
        let spec = ModelSpec(
            name: "block", input: [16],
            layers: [
                .embedding(vocabulary: 1000, dimensions: 64),
                .transformerBlock(heads: 4, feedForward: 256, activation: .gelu)
            ])
        let analysis = try spec.analyze()
        let d = 64, ff = 256, s = 16.0
        #expect(analysis.layers[0].parameters == 64_000)
        #expect(analysis.layers[1].parameters == 4 * d * d + 4 * d + 4 * d + (d * ff + ff + ff * d + d))
        #expect(analysis.outputShape == [16, 64])
        let attention = 4 * (2 * s * 64 * 64 + s * 64) + 2 * s * s * 64 + 3 * 4 * s * s + 2 * s * s * 64
        let rest = 2 * 7 * s * 64 + s * (2 * 64 * 256 + 256 + 256 + 2 * 256 * 64 + 64) + 2 * s * 64
        #expect(analysis.layers[1].forwardFLOPs == attention + rest)
    }

    @Test func denseOnASequenceAppliesPerPosition() throws {
        let spec = try parse(#"{"input": [10, 32], "layers": [{"type": "dense", "units": 8, "bias": false}]}"#)
        let analysis = try spec.analyze()
        #expect(analysis.outputShape == [10, 8])
        #expect(analysis.parameters == 256)
        #expect(analysis.forwardFLOPs == 10 * 2 * 32 * 8)
    }

    @Test func theLabShorthandMatchesASpec() throws {
        let mlp = try ModelSpec.mlp(inputs: 64, depth: 2, width: 128, classes: 10).analyze()
        #expect(mlp.parameters == 64 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10)
    }

    @Test(arguments: [
        ("{", "not valid JSON: line 1, column 2"),
        ("[1, 2]", "JSON object"),
        (#"{"input": [64]}"#, "\"layers\""),
        (#"{"layers": [{"type": "dense", "units": 2}]}"#, "\"input\""),
        (
            #"{"input": [64], "layers": [{"type": "densse", "units": 2}]}"#,
            "layers[0].type (layer 1) must be one of "
        ),
        (#"{"input": [64], "layers": [{"type": "dense"}]}"#, "layers[0] (layer 1, dense) needs \"units\""),
        (
            #"{"input": [64], "layers": [{"type": "dense", "units": -3}]}"#,
            "layers[0].units (layer 1, dense) must be a whole number from 1 to 1,000,000,000; got -3"
        ),
        (#"{"input": [64], "layers": [{"type": "dense", "units": 2.5}]}"#, "got 2.5"),
        (#"{"input": [64], "layers": [{"type": "dense", "units": true}]}"#, "got true"),
        (
            #"{"input": [64], "layers": [{"type": "dense", "units": 2, "activation": "softplus"}]}"#,
            "layers[0].activation (layer 1, dense) must be one of relu, relu6, leaky_relu"
        ),
        (
            #"{"input": [0], "layers": [{"type": "flatten"}]}"#,
            "input[0] must be a whole number from 1 to 1,000,000,000; got 0"
        ),
        (#"{"input": [64], "layers": [{"units": 2}]}"#, "layers[0] (layer 1) needs a \"type\""),
        (#"{"input": [64], "layers": [{"type": "dense", "unit": 2}]}"#, "has an unknown key \"unit\""),
        (
            #"{"input": [64], "layers": [{"type": "conv2d", "filters": 2, "kernel": 3, "padding": "full"}]}"#,
            "layers[0].padding (layer 1, conv2d) must be \"valid\", \"same\", a whole number of zeros from 0 to 999,999 or one per dimension; got \"full\""
        ),
        (
            #"{"input": [64], "layers": [{"type": "dropout", "rate": 1}]}"#,
            "layers[0].rate (layer 1, dropout) must be a number from 0 up to (not including) 1; got 1"
        ),
        (#"{"input": [64], "layers": [{"type": "dense", "units": 1e12}]}"#, "got 1000000000000"),
        (#"{"input": [64], "layers": [{"type": "dense", "units": 1e300}]}"#, "got 1e+300"),
        (#"{"name": 5, "input": [64], "layers": [{"type": "flatten"}]}"#, "\"name\" must be a string; got 5"),
        (
            #"{"input": "64", "layers": [{"type": "flatten"}]}"#,
            "\"input\" must be the shape of one sample, e.g. [64] or [1, 28, 28]; got \"64\""
        )
    ])
    func malformedSpecsSayWhatIsWrong(json: String, message: String) {
        #expect {
            try parse(json)
        } throws: { error in
            (error as? ModelError)?.message.contains(message) == true
        }
    }

    @Test(arguments: [
        (#"{"input": [1, 8, 8], "layers": [{"type": "dense", "units": 10}]}"#, "add a flatten layer"),
        (
            #"{"input": [64], "layers": [{"type": "conv2d", "filters": 2, "kernel": 3}]}"#,
            "conv2d takes [channels, height, width]"
        ),
        (#"{"input": [1, 4, 4], "layers": [{"type": "conv2d", "filters": 2, "kernel": 7}]}"#, "does not fit")
    ])
    func mismatchedShapesNameTheLayer(json: String, message: String) throws {
        let spec = try parse(json)
        #expect {
            try spec.analyze()
        } throws: { error in
            let text = (error as? ModelSpecError)?.message ?? ""
            return text.contains("layer 1") && text.contains(message)
        }
    }

    /// Attention's shape checks, on the lab's network as it is built.
    @Test func attentionNeedsASequenceWhoseFeaturesItsHeadsDivide() {
        for (input, message) in [([10, 30], "4 heads do not divide 30"), ([64], "put an embedding before it")] {
            #expect {
                try ModelSpec(name: "a", input: input, layers: [.selfAttention(heads: 4)]).analyze()
            } throws: { error in
                ((error as? ModelSpecError)?.message ?? "").contains(message)
            }
        }
    }

    @Test func missingFileIsReported() {
        #expect {
            try ModelFile.load(path: "/nonexistent/spec.json")
        } throws: { error in
            (error as? ModelError).map {
                $0.reason == .unreadable
                    && $0.message.contains("cannot read model /nonexistent/spec.json: no such file")
            } == true
        }
    }

    /// The lab writes its network into weights files and run records as ``ModelSpec/jsonText``.
    @Test func theSpecWrittenAsJSONParsesBackToTheSameSpec() throws {
        let specs = [
            ModelSpec.mlp(inputs: 64, depth: 3, width: 100, classes: 10),
            ModelSpec(
                name: "a \"quoted\"\nname", input: [3, 32, 32],
                layers: [
                    .conv2d(filters: 8, kernel: 3, stride: 2, padding: .explicit(1), bias: false),
                    .activation(.tanh), .maxPool2d(size: 2, stride: 1),
                    .conv2d(
                        filters: 4, kernel: 3, stride: 1, padding: .same, bias: true),
                    .avgPool2d(size: 3, stride: 3), .flatten, .dropout(rate: 0.1), .dense(units: 10, bias: true),
                    .softmax
                ]),
            ModelSpec(
                name: "t", input: [16],
                layers: [
                    .embedding(vocabulary: 100, dimensions: 8),
                    .transformerBlock(heads: 2, feedForward: 32, activation: .relu),
                    .layerNorm, .selfAttention(heads: 2), .activation(.gelu), .dense(units: 4, bias: false)
                ])
        ]
        for spec in specs { #expect(try SpecModel.labNetwork(parsing: Data(spec.jsonText.utf8)) == spec) }
    }
}
