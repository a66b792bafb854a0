import FootprintCore
import FootprintModels
import Foundation
import Testing

@testable import FootprintLab

@Suite struct ConvolutionTests {
    /// Every parameter's analytic gradient against a central finite difference, for a small
    /// conv → relu → pool → dense network on 2-channel 5×5 images.
    @Test(arguments: [false, true])
    func convolutionAndPoolingBackwardMatchFiniteDifferences(average: Bool) throws {
        let spec = ModelSpec(
            name: "tiny-cnn", input: [2, 5, 5],
            layers: [
                .conv2d(filters: 3, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.tanh),
                average ? .avgPool2d(size: 2, stride: 2) : .maxPool2d(size: 2, stride: 2),
                .conv2d(filters: 2, kernel: 2, stride: 2, padding: .explicit(1), bias: true),
                .flatten, .dense(units: 3, bias: true), .softmax
            ])
        let network = try Network.from(spec, seed: 13)
        #expect(network.classes == 3)
        var random = SeededRandom(seed: 14)
        let x = Matrix(rows: 4, columns: 50, values: (0..<200).map { _ in random.normal() })
        let labels: [Int32] = [0, 2, 1, 2]
        // A small step: max pooling is not differentiable where two values in a window tie, and a
        // larger step can cross such a point and mix both branches into the difference.
        FiniteDifferences.expectGradientsMatch(network, x, labels, step: 1e-3, absoluteTolerance: 3e-3)
    }

    /// The layer shapes agree with the spec's own analysis.
    @Test func shapesFollowTheSpec() throws {
        let spec = try SpecModel.labNetwork(
            parsing: try Data(
                contentsOf: URL(
                    fileURLWithPath: #filePath.replacingOccurrences(
                        of: "Tests/FootprintLabTests/ConvolutionTests.swift", with: "Examples/digits-cnn.json"))))
        let network = try Network.from(spec, seed: 1)
        let analysis = try spec.analyze()
        #expect(network.parameterCount == analysis.parameters)
        let conv = try #require(network.layers.first as? Conv2D)
        #expect(conv.output == ImageShape(channels: 8, height: 8, width: 8))
    }

    @Test func maxPoolingRoutesTheGradientToTheMaximum() throws {
        let pool = try Pooling(.max, input: ImageShape(channels: 1, height: 2, width: 2), size: 2, stride: 2)
        let out = pool.forward(Buffer(Matrix(rows: 1, columns: 4, values: [1, 5, 3, 2])))
        #expect(out.matrix.storage.prefix(1) == [5])
        let back = pool.backward(Buffer(Matrix(rows: 1, columns: 1, values: [2])))
        #expect(Array(back.matrix.storage.prefix(4)) == [0, 2, 0, 0])
    }
}
