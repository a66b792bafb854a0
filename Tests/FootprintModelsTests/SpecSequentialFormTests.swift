import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// The sequential form reads as it always did: the same counts, node by node, from the spec layers
/// as from the lab's own analysis of the network it reads to.
@Suite struct SpecSequentialFormTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Examples").standardized

    static let specs = [
        #"{"input": [64], "layers": [{"type": "dense", "units": 32, "activation": "tanh"}, {"type": "dropout", "rate": 0.5}, {"type": "dense", "units": 4, "bias": false, "activation": "sigmoid"}, {"type": "softmax"}]}"#,
        #"{"name": "pools", "input": [3, 31, 29], "layers": [{"type": "conv2d", "filters": 6, "kernel": 5, "stride": 2, "padding": 2, "bias": false, "activation": "gelu"}, {"type": "maxpool2d", "size": 3, "stride": 2}, {"type": "avgpool2d"}, {"type": "conv2d", "filters": 4, "kernel": 2, "padding": "same"}, {"type": "flatten"}, {"type": "dense", "units": 3}]}"#,
        #"{"input": [16, 8], "layers": [{"type": "dense", "units": 5}, {"type": "relu"}, {"type": "flatten"}]}"#
    ]

    /// What the reader and the lab must agree on: totals, and each node's kind, detail, shape and FLOPs.
    struct Figures: Equatable {
        var parameters: Int
        var forwardFLOPs: Double
        var activationElements: Int
        var input: String
        var kinds: [String]
        var details: [String]
        var outputShapes: [[Int]]
        var nodeFLOPs: [Double]

        init(_ count: ModelCount) {
            parameters = count.parameters
            forwardFLOPs = count.forwardFLOPs
            activationElements = count.activationElements
            input = count.input
            kinds = count.nodes.map(\.kind)
            details = count.nodes.map(\.detail)
            outputShapes = count.nodes.map(\.outputShape)
            nodeFLOPs = count.nodes.map(\.forwardFLOPs)
        }
    }

    /// The spec counted by the reader and by the lab's own analysis of its network.
    static func countedBothWays(_ data: Data) throws -> (ours: Figures, lab: Figures) {
        let model = try SpecModel.parse(data)
        let spec = try #require(model.labNetwork)
        return (Figures(try model.count()), Figures(ModelCount(try spec.analyze())))
    }

    @Test(arguments: ["digits-cnn.json", "digits-mlp.json", "mlp-10x100.json"])
    func examplesCountAsTheLabCountsThem(file: String) throws {
        let (ours, lab) = try Self.countedBothWays(try Data(contentsOf: Self.examples.appendingPathComponent(file)))
        #expect(ours == lab)
    }

    @Test(arguments: specs)
    func specsCountAsTheLabCountsThem(json: String) throws {
        let (ours, lab) = try Self.countedBothWays(Data(json.utf8))
        #expect(ours == lab)
    }

    @Test func anActivationKeyIsANodeOfItsOwnNamedAfterTheLayer() throws {
        let count = try SpecModel.parse(Data(Self.specs[0].utf8)).count()
        #expect(
            count.nodes.map(\.name) == [
                "layers[0]", "layers[0].tanh", "layers[1]", "layers[2]", "layers[2].sigmoid", "layers[3]"
            ])
    }

    @Test func theMessagesOfTheLabsParserAreKept() throws {
        let cases = [
            (
                #"{"input": [64], "layers": [{"type": "dense", "units": 2.5}]}"#,
                "layers[0].units (layer 1, dense) must be a whole number from 1 to 1,000,000,000; got 2.5"
            ),
            (
                #"{"input": [64], "layers": [{"type": "dense", "units": 1000000000}, {"type": "dense", "units": 1000000000}]}"#,
                "layer 2 (dense 1000000000) is too large"
            ),
            (
                #"{"input": [1, 8, 8], "layers": [{"type": "dense", "units": 10}]}"#,
                "layers[0] (layer 1, dense 10) gets input [1, 8, 8]; dense takes [features] or [sequence, features]: add a flatten layer before it"
            ),
            (
                #"{"input": [64], "layers": [{"type": "dropout", "rate": 1}]}"#,
                "layers[0].rate (layer 1, dropout) must be a number from 0 up to (not including) 1; got 1"
            ),
            (
                #"{"input": [64], "layers": [{"type": "dense", "units": 2, "activation": "softplus"}]}"#,
                "layers[0].activation (layer 1, dense) must be one of relu, relu6"
            )
        ]
        for (json, message) in cases {
            #expect {
                try SpecModel.parse(Data(json.utf8)).count()
            } throws: { error in
                (error as? ModelError)?.message.contains(message) == true
            }
        }
    }
}

/// Every bundled example reads and counts, in either form.
@Suite struct SpecExampleTests {
    @Test func everyExampleIsCounted() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: SpecSequentialFormTests.examples.path)
            .filter { $0.hasSuffix(".json") }
        #expect(files.count >= 5)
        for file in files {
            let count = try ModelFile.load(path: SpecSequentialFormTests.examples.appendingPathComponent(file).path)
                .count
            #expect(count.parameters > 0, "\(file)")
        }
    }
}
