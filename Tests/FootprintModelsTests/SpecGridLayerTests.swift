import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// Each grid layer against PyTorch's module of the same settings: output shape, parameters
/// (`sum(p.numel())`) and FLOPs (`FlopCounterMode`, which leaves out bias adds: one per output of a
/// biased layer is added to its figure here), taken from torch 2.13.
@Suite struct SpecGridLayerTests {
    /// The one node of a graph with input `shape` and the layer `layer` (a JSON object's body).
    func node(_ shape: [Int], _ layer: String) throws(ModelError) -> ModelCount.Node {
        let json = #"{"input": \#(shape), "nodes": [{\#(layer)}]}"#
        let nodes = try SpecModel.parse(Data(json.utf8)).count().nodes
        guard let first = nodes.first else { throw ModelError(.badGraph, "no node") }
        return first
    }

    /// A layer's settings and PyTorch's figures for it.
    struct Case: Sendable, CustomTestStringConvertible {
        let input: [Int]
        let layer: String
        let output: [Int]
        let parameters: Int
        let flops: Double
        var testDescription: String { layer }
    }

    static let convolutions: [Case] = [
        // nn.Conv1d(8, 16, 5, stride=2, padding=3, dilation=2); 784 bias adds
        Case(
            input: [8, 100],
            layer: #""type": "conv1d", "filters": 16, "kernel": 5, "stride": 2, "padding": 3, "dilation": 2"#,
            output: [16, 49], parameters: 656, flops: 62_720 + 784),
        // nn.Conv2d(64, 64, 3, padding=1, groups=64, bias=False): depthwise
        Case(
            input: [64, 56, 56],
            layer: #""type": "conv2d", "filters": 64, "kernel": 3, "padding": 1, "groups": 64, "bias": false"#,
            output: [64, 56, 56], parameters: 576, flops: 3_612_672),
        // nn.Conv2d(32, 48, (1, 7), padding=(0, 3), bias=False): non-square
        Case(
            input: [32, 17, 17],
            layer: #""type": "conv2d", "filters": 48, "kernel": [1, 7], "padding": [0, 3], "bias": false"#,
            output: [48, 17, 17], parameters: 10_752, flops: 6_214_656),
        // nn.Conv3d(4, 8, 3, stride=(1, 2, 2), padding=1, groups=2); 4,096 bias adds
        Case(
            input: [4, 8, 16, 16],
            layer: #""type": "conv3d", "filters": 8, "kernel": 3, "stride": [1, 2, 2], "padding": 1, "groups": 2"#,
            output: [8, 8, 8, 8], parameters: 440, flops: 442_368 + 4_096),
        // nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1); 3,840 bias adds
        Case(
            input: [16, 10, 12],
            layer:
                #""type": "convtranspose2d", "filters": 8, "kernel": 3, "stride": 2, "padding": 1, "output_padding": 1"#,
            output: [8, 20, 24], parameters: 1_160, flops: 276_480 + 3_840),
        // nn.ConvTranspose1d(6, 3, 4, stride=3, groups=3, bias=False)
        Case(
            input: [6, 7],
            layer: #""type": "convtranspose1d", "filters": 3, "kernel": 4, "stride": 3, "groups": 3, "bias": false"#,
            output: [3, 22], parameters: 24, flops: 336)
    ]

    static let windows: [Case] = [
        // nn.MaxPool2d(3, 2, ceil_mode=True): 28, not 27; 8 comparisons per output
        Case(
            input: [8, 56, 56], layer: #""type": "maxpool2d", "size": 3, "stride": 2, "ceil_mode": true"#,
            output: [8, 28, 28], parameters: 0, flops: 50_176),
        // nn.AvgPool1d(4, 3, padding=2, ceil_mode=True): the last window would start in the padding
        Case(
            input: [2, 10], layer: #""type": "avgpool1d", "size": 4, "stride": 3, "padding": 2, "ceil_mode": true"#,
            output: [2, 4], parameters: 0, flops: 32),
        // nn.MaxPool3d(2)
        Case(input: [2, 9, 8, 8], layer: #""type": "maxpool3d""#, output: [2, 4, 4, 4], parameters: 0, flops: 896),
        // nn.Upsample(scale_factor=(2, 3), mode="bilinear"): 4 products and 3 adds per output
        Case(
            input: [3, 5, 5], layer: #""type": "upsample", "scale": [2, 3], "mode": "bilinear""#,
            output: [3, 10, 15], parameters: 0, flops: 3_150),
        // nn.Upsample(size=(7,)): nearest copies
        Case(input: [3, 5], layer: #""type": "upsample", "size": 7"#, output: [3, 7], parameters: 0, flops: 0),
        Case(
            input: [32, 8, 8], layer: #""type": "globalavgpool", "keepdims": true"#, output: [32, 1, 1], parameters: 0,
            flops: 2_048),
        Case(input: [32, 8, 8], layer: #""type": "globalmaxpool""#, output: [32], parameters: 0, flops: 2_016)
    ]

    @Test(arguments: convolutions + windows)
    func layersCountAsTorchDoes(_ layer: Case) throws {
        let node = try node(layer.input, layer.layer)
        #expect(node.outputShape == layer.output)
        #expect(node.parameters == layer.parameters)
        #expect(node.forwardFLOPs == layer.flops)
    }

    @Test func normalisationHoldsAScaleAndAShiftPerChannel() throws {
        let batch = try node([32, 8, 8], #""type": "batchnorm""#)
        #expect(batch.parameters == 64)
        #expect(batch.forwardFLOPs == 2 * 32 * 64)
        #expect(try node([32, 8, 8], #""type": "batchnorm", "affine": false"#).parameters == 0)
        // nn.GroupNorm(4, 32): 64 parameters
        let group = try node([32, 8, 8], #""type": "groupnorm", "groups": 4"#)
        #expect(group.parameters == 64)
        #expect(group.forwardFLOPs == 7 * 32 * 64)
        #expect(throws: ModelError.self) { try node([30, 8, 8], #""type": "groupnorm", "groups": 4"#) }
    }

    @Test func reshapesAreFreeViews() throws {
        let reshape = try node([768, 14, 14], #""type": "reshape", "shape": [768, -1]"#)
        #expect(reshape.outputShape == [768, 196])
        #expect(reshape.forwardFLOPs == 0 && reshape.activationElements == 0)
        #expect(try node([768, 14, 14], #""type": "permute", "order": [1, 2, 0]"#).outputShape == [14, 14, 768])
        #expect(throws: ModelError.self) { try node([768, 14, 14], #""type": "reshape", "shape": [5, -1]"#) }
        #expect(throws: ModelError.self) { try node([4], #""type": "permute", "order": [0, 0]"#) }
    }

    @Test func joinsBroadcastAsTorchDoes() throws {
        let json = #"""
            {"inputs": {"map": [16, 8, 8], "scale": [16, 1, 1]}, "nodes": [
              {"name": "gate", "type": "multiply", "inputs": ["map", "scale"]},
              {"name": "sum", "type": "add", "inputs": ["gate", "map", "scale"]}]}
            """#
        let count = try SpecModel.parse(Data(json.utf8)).count()
        #expect(count.nodes.map(\.outputShape) == [[16, 8, 8], [16, 8, 8]])
        #expect(count.nodes.map(\.forwardFLOPs) == [1024, 2048])
    }

    @Test func settingsThatCannotBeAreRefusedWithTheirPlace() {
        let cases = [
            (
                #""name": "c", "type": "conv2d", "filters": 10, "kernel": 3, "groups": 4"#,
                "nodes[0].groups (\"c\", conv2d) must divide the 10 filters; got 4"
            ),
            (
                #""type": "conv2d", "filters": 8, "kernel": [3, 3, 3]"#,
                "nodes[0].kernel (conv2d) must be one number or 2 numbers; got [3, 3, 3]"
            ),
            (#""type": "conv2d", "filters": 6, "kernel": 3, "groups": 3"#, "3 groups do not divide 4 input channels"),
            (
                #""type": "maxpool2d", "size": 2, "padding": 2"#,
                "nodes[0].padding (maxpool2d) must be at most half the window (1); got 2"
            ),
            (
                #""type": "conv2d", "filters": 8, "kernel": 3, "padding": "full""#,
                "must be \"valid\", \"same\", a whole number of zeros"
            ),
            (
                #""type": "convtranspose2d", "filters": 8, "kernel": 3, "output_padding": 1"#,
                "must be smaller than the stride or the dilation"
            ),
            (
                #""type": "upsample", "mode": "bicubic", "scale": 2"#,
                "nodes[0].mode (upsample) must be one of nearest, linear, bilinear, trilinear"
            ),
            (#""type": "conv1d", "filters": 8, "kernel": 3"#, "conv1d takes [channels, length]")
        ]
        for (layer, message) in cases {
            do {
                _ = try node([4, 8, 8], layer)
                Issue.record("accepted \(layer)")
            } catch {
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
    }
}
