import FootprintCore
import Foundation

/// A model in Footprint's JSON spec format, read and checked: its inputs and its nodes, each after
/// the nodes it takes its inputs from.
///
/// Two forms, told apart by their keys. The sequential form (`"layers"`) feeds each layer the output
/// of the one before it:
///
/// ```json
/// {"name": "digits-mlp", "input": [64], "layers": [{"type": "dense", "units": 10}, {"type": "softmax"}]}
/// ```
///
/// The graph form (`"nodes"`) names its nodes and gives each the `inputs` it takes (by default the
/// node before it), so that residual adds, concatenations and branches can be written:
///
/// ```json
/// {"name": "residual", "input": [64, 56, 56], "nodes": [
///   {"name": "conv", "type": "conv2d", "filters": 64, "kernel": 3, "padding": 1, "bias": false},
///   {"name": "bn", "type": "batchnorm"},
///   {"name": "sum", "type": "add", "inputs": ["bn", "input"]},
///   {"type": "relu"}]}
/// ```
///
/// Every key is read or refused: an unknown key or layer type is an error that names it and lists
/// the valid ones. An `"activation"` on a layer that has none of its own (dense, conv2d) adds that
/// activation as a node after it, which is what the layer's name then stands for in the graph form.
public struct SpecModel: Sendable {
    /// Which form the file used.
    public enum Form: String, Sendable, Hashable {
        case sequential, graph
    }

    /// Where a node's input comes from.
    public enum Source: Sendable, Hashable {
        /// The model's input at this index of ``SpecModel/inputs``.
        case input(Int)
        /// The node at this index of ``SpecModel/nodes``.
        case node(Int)
    }

    /// One input the model declares.
    public struct Input: Sendable, Hashable {
        /// Its name: `input` for a model that gives one `"input"`.
        public let name: String
        /// The shape of one sample of it.
        public let shape: [Int]
    }

    /// One node, a layer with its inputs.
    public struct Node: Sendable {
        /// Its name as counts show it: the node's `name`, or its place (`layers[2]`, `nodes[4]`);
        /// an expanded activation adds its type (`layers[0].relu`).
        public let name: String
        /// Its type as the spec names it, lower-cased.
        public let type: String
        /// The layer.
        public let layer: any SpecLayer
        /// Where its inputs come from, in order.
        public let inputs: [Source]
        /// Where it is in the file, for messages: `layers[2]`, `nodes[4]`, `layers[0].activation`.
        let path: String
        /// What messages say beside the path: `layer 3`, `"res2a"`; nil for an unnamed node.
        let aside: String?
        /// How messages name it in words: `layer 3`, `node "res2a"`, `nodes[4]`.
        let label: String
    }

    /// The model's name.
    public let name: String
    /// The form it was written in.
    public let form: Form
    /// Its inputs.
    public let inputs: [Input]
    /// Its nodes, each after those it takes inputs from.
    public let nodes: [Node]
    /// What it returns (the graph form's `outputs`; otherwise its last node).
    public let outputs: [Source]

    /// The top-level keys of each form.
    static let sequentialKeys = ["name", "input", "layers"]
    static let graphKeys = ["name", "input", "inputs", "nodes", "outputs"]

    /// Reads a spec from JSON, with errors that quote the offending value and name its place
    /// (`layers[2].units (layer 3, dense)`, `nodes[5].inputs (node "res2a", add)`), and JSON
    /// syntax errors that give the line and column.
    public static func parse(_ data: Data) throws(ModelError) -> SpecModel {
        let value: JSONValue
        do { value = try JSONValue.document(data) } catch { throw ModelError(error) }
        guard case .object(let root) = value else {
            throw ModelError(
                .invalidValue,
                "a model spec is a JSON object with \"input\" and \"layers\" (or \"nodes\"); got \(value.quoted)")
        }
        return try SpecReader(root).read()
    }

    /// The same model as a sequential network of the lab's layers, when it is one: every node has
    /// a lab form and takes the output of the node before it; nil otherwise.
    public var labNetwork: ModelSpec? {
        guard inputs.count == 1, outputs == [.node(nodes.count - 1)] else { return nil }
        var layers: [Layer] = []
        for (index, node) in nodes.enumerated() {
            guard node.inputs == [index == 0 ? .input(0) : .node(index - 1)], let lab = node.layer.labLayers else {
                return nil
            }
            layers += lab
        }
        return ModelSpec(name: name, input: inputs[0].shape, layers: layers)
    }
}

extension SpecModel {
    /// The lab's network of this model, or why it has none: a node of a layer the lab has no form
    /// of, or a graph that branches or joins.
    /// - Throws: ``ModelError/Reason/notTrainable``.
    public func trainable() throws(ModelError) -> ModelSpec {
        if let labNetwork { return labNetwork }
        if let node = nodes.first(where: { $0.layer.labLayers == nil }) {
            throw ModelError(
                .notTrainable,
                "\(node.path) (\(node.layer.summary)) is not in the lab yet; it trains dense, conv2d, pooling and "
                    + "flatten layers with relu, tanh and sigmoid so far")
        }
        throw ModelError(
            .notTrainable,
            "the lab trains a chain of layers, each taking the one before it; this graph branches or joins")
    }

    /// Reads a spec's JSON and gives the lab's network of it.
    /// - Throws: ``ModelError``: the file's fault, or ``ModelError/Reason/notTrainable``.
    public static func labNetwork(parsing data: Data) throws(ModelError) -> ModelSpec {
        try parse(data).trainable()
    }

    /// Works out every node's output shape, parameters, FLOPs and activations for one sample.
    /// - Throws: ``ModelError`` naming the first node whose inputs do not fit it
    ///   (``ModelError/Reason/shapeMismatch``) or whose counts pass ``ModelAnalysis/countLimit``
    ///   (``ModelError/Reason/tooLarge``).
    public func count() throws(ModelError) -> ModelCount {
        let inputElements = try Count(at: "the input").plus(
            try inputs.map { (input) throws(ModelError) in
                try Count(at: "the input \(input.name) \(SpecText.shape(input.shape))").times(input.shape, "values")
            }, "values")
        var shapes: [[Int]] = []
        var counted: [ModelCount.Node] = []
        var parameters = 0, kept = inputElements
        for node in nodes {
            let given = node.inputs.map { source in
                switch source {
                case .input(let index): inputs[index].shape
                case .node(let index): shapes[index]
                }
            }
            let figures: SpecFigures
            do {
                figures = try node.layer.figures(
                    inputs: given, count: Count(at: "\(node.label) (\(node.layer.summary))"))
            } catch  where error.reason == .tooLarge {
                throw error
            } catch {
                throw ModelError(
                    error.reason,
                    "\(node.path) (" + (node.aside.map { $0 + ", " } ?? "") + "\(node.layer.summary)) gets input "
                        + given.map(SpecText.shape).joined(separator: " and ") + "; \(error.message)")
            }
            let total = Count(at: "the model up to \(node.label) (\(node.layer.summary))")
            parameters = try total.plus([parameters, figures.parameters], "parameters")
            kept = try total.plus([kept, figures.activationElements], "activation values per sample")
            shapes.append(figures.outputShape)
            counted.append(
                ModelCount.Node(
                    name: node.name, kind: node.type, detail: node.layer.summary, outputShape: figures.outputShape,
                    parameters: figures.parameters, activeParameters: figures.activeParameters,
                    forwardFLOPs: figures.forwardFLOPs, activationElements: figures.activationElements))
        }
        return ModelCount(
            name: name, format: .spec, unit: .sample,
            input: inputs.count == 1 && inputs[0].name == "input"
                ? SpecText.shape(inputs[0].shape)
                : inputs.map { "\($0.name) \(SpecText.shape($0.shape))" }.joined(separator: ", "),
            inputElements: inputElements, nodes: counted, notes: unusedNotes)
    }

    /// Notes on nodes whose output reaches no output: counted, but probably a slip in the graph.
    private var unusedNotes: [String] {
        var used = Set(outputs)
        for node in nodes { used.formUnion(node.inputs) }
        let unused = nodes.indices.filter { !used.contains(.node($0)) }.map { nodes[$0].name }
        guard !unused.isEmpty else { return [] }
        let shown = unused.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
        return [
            "\(unused.count == 1 ? "node" : "nodes") \(shown)\(unused.count > 5 ? " and \(unused.count - 5) more" : "") "
                + "\(unused.count == 1 ? "feeds" : "feed") no output; counted all the same"
        ]
    }
}
