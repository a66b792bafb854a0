import FootprintCore

/// What a model costs, counted from its description, whatever the format it came in: our spec,
/// an ONNX graph or a Hugging Face config.
///
/// Every front end (``SpecModel``, the ONNX reader, the Hugging Face families) produces one of
/// these; `model show`, `estimate lifecycle` and `estimate compute` read only this. The FLOPs follow
/// ``FLOPConvention``: a multiply-add is 2 FLOPs.
public struct ModelCount: Sendable, Hashable {
    /// The format the model was described in.
    public enum Format: String, Sendable, Hashable, Codable {
        /// Footprint's own JSON spec, sequential or graph form.
        case spec
        /// An ONNX protobuf file.
        case onnx
        /// A Hugging Face `config.json`.
        case huggingFace = "hugging-face"
    }

    /// What one "forward pass" in ``forwardFLOPs`` covers.
    public enum Unit: String, Sendable, Hashable, Codable {
        /// One input sample of the shape the model declares (an image, a sequence of the given
        /// length): spec and ONNX models.
        case sample
        /// One token at the context length the count was made for: language models from their configs.
        case token
    }

    /// One counted node: a layer of a spec, an ONNX node, a block of a Hugging Face family.
    public struct Node: Sendable, Hashable {
        /// Where it is: `layers[3]`, the graph node's name, `model.layers.*.mlp`.
        public var name: String
        /// Its kind: a spec layer type (`conv2d`), an ONNX operator (`Conv`), a family block (`attention`).
        public var kind: String
        /// A short description of its settings, e.g. "64×3×3 s2 groups 64"; may be empty.
        public var detail: String
        /// The shape of one sample's output (batch dimension left out); empty where not meaningful.
        public var outputShape: [Int]
        /// Parameters it holds (shared weights counted once, at their first use).
        public var parameters: Int
        /// Parameters that take part in one forward pass: fewer than ``parameters`` only in a
        /// mixture of experts, where each token visits only its top-k experts.
        public var activeParameters: Int
        /// Forward FLOPs per ``Unit`` as executed (a mixture of experts: only the experts visited).
        public var forwardFLOPs: Double
        /// Values kept for the backward pass per ``Unit``: the output plus internal tensors.
        public var activationElements: Int
        /// How many times this node stands in the model (a Hugging Face family's repeated block);
        /// the node's figures are for one copy, the model's totals count every copy.
        public var repeats: Int

        /// Creates a node's figures; `activeParameters` defaults to all parameters.
        public init(
            name: String, kind: String, detail: String = "", outputShape: [Int] = [], parameters: Int,
            activeParameters: Int? = nil, forwardFLOPs: Double, activationElements: Int, repeats: Int = 1
        ) {
            self.name = name
            self.kind = kind
            self.detail = detail
            self.outputShape = outputShape
            self.parameters = parameters
            self.activeParameters = activeParameters ?? parameters
            self.forwardFLOPs = forwardFLOPs
            self.activationElements = activationElements
            self.repeats = repeats
        }
    }

    /// Operators or layers the counter does not know, with how often each occurs: when any are
    /// present the totals are partial, never silently short.
    public struct Uncounted: Sendable, Hashable {
        /// The operator's or layer's name as the file gives it.
        public var name: String
        /// How many nodes of it the model has.
        public var occurrences: Int

        /// Creates an entry.
        public init(name: String, occurrences: Int) {
            self.name = name
            self.occurrences = occurrences
        }
    }

    /// The model's name (the spec's `name`, the ONNX graph's name or file name, the family and size).
    public var name: String
    /// The format it came in.
    public var format: Format
    /// What ``forwardFLOPs`` are per.
    public var unit: Unit
    /// The input it was counted for, in words: "[3, 224, 224]", "context 4096", "batch=1, seq=128".
    public var input: String
    /// Values of one input sample, counted with the activations (the backward pass keeps the input).
    public var inputElements: Int
    /// The nodes in order.
    public var nodes: [Node]
    /// Operators it could not count; non-empty makes the totals partial.
    public var uncounted: [Uncounted]
    /// Remarks the reader should see beside the figures (a shared weight counted once, a dimension
    /// taken from `--dim`, the exact count beside 6·N·D).
    public var notes: [String]

    /// Creates a count from its nodes.
    public init(
        name: String, format: Format, unit: Unit, input: String, inputElements: Int = 0, nodes: [Node],
        uncounted: [Uncounted] = [], notes: [String] = []
    ) {
        self.inputElements = inputElements
        self.name = name
        self.format = format
        self.unit = unit
        self.input = input
        self.nodes = nodes
        self.uncounted = uncounted
        self.notes = notes
    }

    /// Whether some operators were not counted, so that every total is a lower bound.
    public var isPartial: Bool { !uncounted.isEmpty }

    /// All parameters, every repeat of every node.
    public var parameters: Int { nodes.reduce(0) { $0 + $1.parameters * $1.repeats } }
    /// Parameters used by one forward pass (equal to ``parameters`` except in a mixture of experts).
    public var activeParameters: Int { nodes.reduce(0) { $0 + $1.activeParameters * $1.repeats } }
    /// Forward FLOPs per ``unit``, as executed.
    public var forwardFLOPs: Double { nodes.reduce(0) { $0 + $1.forwardFLOPs * Double($1.repeats) } }
    /// Training FLOPs per ``unit``: forward and backward, ``FLOPConvention/trainingFactor`` × forward.
    public var trainingFLOPs: Double { forwardFLOPs * FLOPConvention.trainingFactor }
    /// Activation values kept per ``unit`` for the backward pass.
    public var activationElements: Int { nodes.reduce(inputElements) { $0 + $1.activationElements * $1.repeats } }
    /// Whether this is a mixture of experts: fewer parameters active than held.
    public var isSparse: Bool { activeParameters < parameters }
}
