import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// The published models of Fixtures/sequence, read as spec files through ``ModelFile`` as
/// `model show` reads them, against their reference implementations' parameter counts and
/// PyTorch's FlopCounterMode (references.json: matrix products only, so ours, which also counts
/// bias adds, softmax, norms and activations, is at most 1 % above).
@Suite struct SequenceFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sequence")

    let torch: TorchReferences

    init() throws { torch = try TorchReferences.load() }

    private func count(_ file: String) throws -> ModelCount {
        try ModelFile.load(path: Self.fixtures.appendingPathComponent(file).path).count
    }

    /// FLOPs of the nodes PyTorch's model has (its `…Model` classes have no language-model head).
    private func withoutHead(_ count: ModelCount) -> Double {
        count.nodes.filter { $0.kind != "lm_head" }.reduce(0) { $0 + $1.forwardFLOPs * Double($1.repeats) }
    }

    private func expectNear(_ ours: Double, _ reference: Double?) {
        guard let reference else {
            Issue.record("no FLOP reference")
            return
        }
        #expect(ours >= reference && ours <= reference * 1.01, "ours \(ours), PyTorch \(reference)")
    }

    /// BERT-base, Hugging Face `BertModel` with its pooler: 109,482,240 (Devlin et al. 2019).
    @Test func bertBase() throws {
        let bert = try count("bert-base.json")
        #expect(bert.parameters == 109_482_240)
        #expect(bert.nodes.last?.outputShape == [768])
        expectNear(bert.forwardFLOPs, try torch["bert_base_128"].flops)
    }

    /// GPT-2 small, Hugging Face `GPT2Model`: 124,439,808 (Radford et al. 2019); the head is tied.
    @Test func gpt2Small() throws {
        let gpt2 = try count("gpt2-small.json")
        #expect(gpt2.parameters == 124_439_808)
        #expect(gpt2.nodes.last?.outputShape == [1024, 50257])
        expectNear(withoutHead(gpt2), try torch["gpt2_small_1024"].flops)
    }

    /// ViT-B/16, torchvision's `vit_b_16`: 86,567,656 (Dosovitskiy et al. 2021).
    @Test func vitB16() throws {
        let vit = try count("vit-b16.json")
        #expect(vit.parameters == 86_567_656)
        #expect(vit.nodes.map(\.outputShape).prefix(4) == [[768, 14, 14], [196, 768], [197, 768], [197, 768]])
        expectNear(vit.forwardFLOPs, try torch["vit_b16_224"].flops)
    }

    /// T5-small in the graph form, Hugging Face `T5Model`: 60,506,624 (Raffel et al. 2020): the
    /// decoder's blocks take the encoder's output as their second input.
    @Test func t5Small() throws {
        let t5 = try count("t5-small.json")
        #expect(t5.parameters == 60_506_624)
        #expect(t5.nodes.last?.outputShape == [32, 32128])
        expectNear(withoutHead(t5), try torch["t5_small_64_32"].flops)
    }

    /// One of Mixtral 8x7B's 32 blocks (Jiang et al. 2024): 1,451,270,144 parameters, as Hugging
    /// Face's `MixtralModel` (46,571,720,704, less the 131,072,000 of the embedding and 4,096 of the
    /// final norm, over 32); per token 394,305,536 active (the router and 2 of the 8 experts).
    @Test func mixtralBlock() throws {
        let block = try count("mixtral-block.json")
        #expect(block.parameters == 1_451_270_144)
        #expect(block.parameters * 32 + 32000 * 4096 + 4096 == (try torch["mixtral_8x7b_model"]).parameters)
        #expect(block.activeParameters == 394_305_536)
        #expect(block.isSparse)
    }

    /// The LSTM classifier, exactly as the PyTorch module in the script: matrix products equal.
    @Test func lstmClassifier() throws {
        let model = try count("lstm-classifier.json")
        let h = 256.0
        let rest = 50 * 2 * 2 * (2 * 4 * h + 4 * h + 9 * h) + 2  // LSTM biases, sums, gates; the dense bias
        #expect(model.parameters == (try torch["lstm_classifier_50"]).parameters)
        #expect(model.forwardFLOPs - rest == (try torch["lstm_classifier_50"]).flops)
    }
}
