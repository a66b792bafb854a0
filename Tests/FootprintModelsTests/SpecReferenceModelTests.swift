import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// Published networks in the graph form, against PyTorch's own counts of the same networks
/// (Fixtures/spec/make_spec_fixtures.py writes both): ResNet-18 and ResNet-50 (He et al. 2016),
/// MobileNetV2 (Sandler et al. 2018), GoogLeNet's inception block 3a (Szegedy et al. 2015) and a
/// small U-Net (Ronneberger et al. 2015). The parameters of the first three are torchvision's
/// published counts, which the script asserts.
@Suite struct SpecReferenceModelTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/spec")

    struct Expected: Decodable {
        let parameters: Int
        /// torch.utils.flop_counter.FlopCounterMode: convolutions and matrix products, no bias adds.
        let flops: Double
        /// One per output of each biased convolution and linear layer.
        let biasAdds: Double
        let file: String

        enum CodingKeys: String, CodingKey {
            case parameters, flops, file
            case biasAdds = "bias_adds"
        }
    }

    static let expected: [String: Expected] = {
        guard let data = try? Data(contentsOf: fixtures.appendingPathComponent("expected.json")) else { return [:] }
        return (try? JSONDecoder().decode([String: Expected].self, from: data)) ?? [:]
    }()

    @Test(arguments: ["resnet18", "resnet50", "mobilenet-v2", "inception-3a", "unet-small"])
    func countsAreTorchs(name: String) throws {
        let expected = try #require(Self.expected[name])
        let path = Self.fixtures.appendingPathComponent(expected.file).standardized.path
        let count = try ModelFile.load(path: path).count
        #expect(count.name == name)
        #expect(count.parameters == expected.parameters)
        // Footprint counts every FLOP; PyTorch's counter only convolutions and matrix products,
        // without their bias adds: those nodes, less the bias adds, are exactly its figure.
        let counted = count.nodes.filter { $0.kind.hasPrefix("conv") || $0.kind == "dense" }
            .reduce(0) { $0 + $1.forwardFLOPs }
        #expect(counted - expected.biasAdds == expected.flops)
        #expect(count.forwardFLOPs > counted)
        #expect(count.notes.isEmpty)
    }

    @Test func resNetStemIs56By56AsTorchvisionsIs() throws {
        let path = Self.fixtures.appendingPathComponent("../../../../Examples/resnet50.json").standardized.path
        let count = try ModelFile.load(path: path).count
        let pool = try #require(count.nodes.first { $0.name == "maxpool" })
        #expect(pool.outputShape == [64, 56, 56])
        #expect(pool.detail == "maxpool 3×3 s2 pad 1")
        #expect(count.nodes.last?.outputShape == [1000])
    }
}
