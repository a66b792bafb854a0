import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

@Suite struct ModelFileTests {
    @Test(arguments: [
        ("{\"input\": [4], \"layers\": []}", "m.json", ModelCount.Format.spec),
        ("  {\"model_type\": \"llama\"}", "config.json", .huggingFace),
        ("{\"architectures\": [\"BertModel\"]}", "config.json", .huggingFace),
        ("\u{08}\u{07}\u{12}", "model.bin", .onnx),
        ("{}", "model.ONNX", .onnx)
    ])
    func formatsAreToldApartByContent(text: String, path: String, format: ModelCount.Format) {
        #expect(ModelFile.format(of: Data(text.utf8), path: path) == format)
    }

    @Test func aLabNetworkIsCountedLayerByLayerWithItsInput() throws {
        let analysis = try ModelSpec.mlp(inputs: 64, depth: 1, width: 32, classes: 10).analyze()
        let count = ModelCount(analysis)
        #expect(count.parameters == analysis.parameters)
        #expect(count.forwardFLOPs == analysis.forwardFLOPs)
        #expect(count.trainingFLOPs == analysis.trainingFLOPsPerSample)
        #expect(count.activationElements == analysis.activationElements)
        #expect(count.nodes.map(\.kind) == ["dense", "relu", "dense", "softmax"])
        #expect(!count.isPartial && !count.isSparse)
    }

    @Test func aFolderIsRefusedWithWhatToGive() {
        #expect {
            try ModelFile.load(path: FileManager.default.temporaryDirectory.path)
        } throws: { error in
            (error as? ModelError)?.reason == .unreadable
        }
    }
}
