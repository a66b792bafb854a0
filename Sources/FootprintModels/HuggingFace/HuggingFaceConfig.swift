import FootprintCore
import Foundation

/// Counts a model from its Hugging Face `config.json`: parameters as the family's transformers
/// implementation holds them, FLOPs per token at a context, activation values.
public enum HuggingFaceConfig {
    /// One family: the `model_type` values it answers to, the class-name prefixes its
    /// `architectures` use, and its reader.
    struct Family: Sendable {
        let modelTypes: [String]
        let prefixes: [String]
        let read: @Sendable (HFConfig, HFHead, Int?) throws(ModelError) -> HFModel
    }

    /// Every family counted, in the order the unknown-family message lists them.
    static let families: [Family] = [
        Family(modelTypes: ["gpt2"], prefixes: ["GPT2"], read: GPT2Family.read),
        Family(modelTypes: ["gpt_neox"], prefixes: ["GPTNeoX"], read: GPTNeoXFamily.read),
        Family(modelTypes: ["llama"], prefixes: ["Llama"], read: LlamaFamily.read),
        Family(modelTypes: ["mistral"], prefixes: ["Mistral"], read: LlamaFamily.read),
        Family(modelTypes: ["mixtral"], prefixes: ["Mixtral"], read: LlamaFamily.read),
        Family(modelTypes: ["bert"], prefixes: ["Bert"], read: BERTFamily.read),
        Family(modelTypes: ["roberta"], prefixes: ["Roberta"], read: BERTFamily.read),
        Family(modelTypes: ["t5"], prefixes: ["T5"], read: T5Family.read),
        Family(modelTypes: ["vit"], prefixes: ["ViT"], read: ViTFamily.read),
        Family(
            modelTypes: ["falcon", "RefinedWeb", "RefinedWebModel"], prefixes: ["Falcon", "RW"],
            read: FalconFamily.read)
    ]

    /// The `model_type` values counted, as messages and docs list them.
    public static var knownFamilies: [String] { families.map { $0.modelTypes[0] } }

    /// Counts the config in `data`.
    /// - Parameter context: tokens per sequence; nil takes the family's maximum positions.
    /// - Throws: ``ModelError``: ``ModelError/Reason/unsupportedFamily`` listing the known families,
    ///   ``ModelError/Reason/invalidValue`` naming a field, ``ModelError/Reason/syntax``.
    public static func count(_ data: Data, context: Int? = nil) throws(ModelError) -> ModelCount {
        let root: JSONValue
        do {
            root = try JSONValue.document(data)
        } catch {
            throw ModelError(error)
        }
        guard case .object(let fields) = root else {
            throw ModelError(.invalidValue, "a Hugging Face config is a JSON object; got \(root.kind)")
        }
        if let context, !(1...maximumContext).contains(context) {
            throw ModelError(.invalidValue, "the context must be from 1 to 10,000,000 tokens; got \(context)")
        }
        let probe = HFConfig(fields: fields, family: "")
        let architecture = probe.architecture
        let modelType: String? =
            if case .string(let type)? = fields["model_type"] { type } else { nil }
        let family = families.first { family in
            if let modelType { return family.modelTypes.contains(modelType) }
            return architecture.map { name in family.prefixes.contains { name.hasPrefix($0) } } ?? false
        }
        guard let family else {
            let named =
                modelType.map { "model_type " + Format.quoted($0) } ?? architecture.map {
                    "architecture " + Format.quoted($0)
                }
                ?? "a config without model_type"
            throw ModelError(
                .unsupportedFamily,
                "\(named) is not a family Footprint counts; it counts "
                    + knownFamilies.joined(separator: ", "))
        }
        let config = HFConfig(fields: fields, family: modelType ?? family.modelTypes[0])
        let head = HFHead.of(architecture, prefixes: family.prefixes, fallback: .base)
        return try family.read(config, head, context).count()
    }

    /// The longest context that may be asked for.
    public static let maximumContext = 10_000_000

    /// The context to count at: `given`, else the family's `maximum`; models with learned
    /// position embeddings cannot take more than they have.
    static func context(_ given: Int?, maximum: Int, learned: Bool, key: String) throws(ModelError) -> Int {
        guard let given else { return maximum }
        if learned, given > maximum {
            throw ModelError(
                .invalidValue,
                "this model has learned position embeddings for \(maximum) tokens (\(key)); "
                    + "give a context from 1 to \(maximum)")
        }
        return given
    }

    /// The note saying which class was counted and what was not.
    static func countedAs(_ architecture: String, head: HFHead) -> String {
        if case .other(let name) = head {
            return "counted as the base model: the head of \(name) is not counted"
        }
        return "counted as transformers' \(architecture)"
    }
}
