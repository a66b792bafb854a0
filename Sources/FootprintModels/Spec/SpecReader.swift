import FootprintCore

/// Reads a spec's top-level object, in either form, into a ``SpecModel``: every key claimed or
/// refused, every layer found in ``SpecLayers``, every input a node names resolved.
struct SpecReader {
    let root: [String: JSONValue]

    init(_ root: [String: JSONValue]) { self.root = root }

    /// The largest number of dimensions of an input's shape.
    static let maximumRank = 5
    /// The largest number of named inputs a graph may declare.
    static let maximumInputs = 16

    func read() throws(ModelError) -> SpecModel {
        let form: SpecModel.Form = root["nodes"] != nil ? .graph : .sequential
        if form == .graph && root["layers"] != nil {
            throw ModelError(
                .invalidValue,
                "a spec gives \"layers\" (the sequential form) or \"nodes\" (the graph form), not both")
        }
        let allowed = form == .graph ? SpecModel.graphKeys : SpecModel.sequentialKeys
        if let unknown = root.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ModelError(
                .unknownKey,
                "the spec has an unknown key \"\(unknown)\"; a spec in the \(form.rawValue) form takes "
                    + allowed.map { "\"\($0)\"" }.joined(separator: ", ")
                    + (form == .sequential ? " (the graph form: \"nodes\", \"inputs\", \"outputs\")" : ""))
        }
        var name = "model"
        switch root["name"] {
        case nil: break
        case .string(let given)?: name = given
        case let other?: throw ModelError(.invalidValue, "\"name\" must be a string; got \(other.quoted)")
        }
        let inputs = try readInputs(form: form)
        let key = form == .graph ? "nodes" : "layers"
        guard case .array(let raw)? = root[key], !raw.isEmpty else {
            throw ModelError(
                .invalidValue,
                "\"\(key)\" must be a non-empty array of \(form == .graph ? "node" : "layer") objects; got "
                    + (root[key]?.quoted ?? "nothing"))
        }
        var graph = GraphBuilder(form: form, inputs: inputs, raw: raw)
        try graph.declareNames()
        for (index, item) in raw.enumerated() { try graph.add(item, at: index) }
        return SpecModel(
            name: name, form: form, inputs: inputs, nodes: graph.nodes, outputs: try graph.outputs(root["outputs"]))
    }

    private func readInputs(form: SpecModel.Form) throws(ModelError) -> [SpecModel.Input] {
        switch (root["input"], root["inputs"]) {
        case (let single?, nil):
            return [SpecModel.Input(name: "input", shape: try Self.shape(single, at: "input"))]
        case (nil, .object(let named)?) where (1...Self.maximumInputs).contains(named.count):
            var inputs: [SpecModel.Input] = []
            for (name, shape) in named.sorted(by: { $0.key < $1.key }) {
                guard (1...200).contains(name.count) else {
                    throw ModelError(.invalidValue, "an input's name must have 1 to 200 characters; got \"\(name)\"")
                }
                inputs.append(SpecModel.Input(name: name, shape: try Self.shape(shape, at: "inputs.\(name)")))
            }
            return inputs
        case (nil, let other?):
            throw ModelError(
                .invalidValue,
                "\"inputs\" must be an object of 1 to \(Self.maximumInputs) named shapes, e.g. "
                    + "{\"tokens\": [128], \"segments\": [128]}; got \(other.quoted)")
        case (_?, _?):
            throw ModelError(.invalidValue, "a spec gives \"input\" (one shape) or \"inputs\" (named shapes), not both")
        case (nil, nil):
            throw ModelError(
                .invalidValue,
                "\"input\" must be the shape of one sample, e.g. [64] or [1, 28, 28]; got nothing"
                    + (form == .graph ? " (or give \"inputs\": named shapes)" : ""))
        }
    }

    /// One sample's shape: 1 to ``maximumRank`` whole numbers from 1 to a billion.
    static func shape(_ value: JSONValue, at place: String) throws(ModelError) -> [Int] {
        guard case .array(let items) = value, (1...maximumRank).contains(items.count) else {
            throw ModelError(
                .invalidValue,
                "\"\(place)\" must be the shape of one sample, e.g. [64] or [1, 28, 28]; got \(value.quoted)")
        }
        var shape: [Int] = []
        for (index, item) in items.enumerated() {
            guard case .number(let number) = item, number == number.rounded(), number >= 1,
                number <= Double(SpecFields.maximumDimension)
            else {
                throw ModelError(
                    .invalidValue,
                    "\(place)[\(index)] must be a whole number from 1 to 1,000,000,000; got \(item.quoted)")
            }
            shape.append(Int(number))
        }
        return shape
    }
}

/// The nodes of a spec as they are read, and the names that resolve to them.
private struct GraphBuilder {
    let form: SpecModel.Form
    let inputs: [SpecModel.Input]
    let raw: [JSONValue]
    /// The nodes so far, activations expanded.
    var nodes: [SpecModel.Node] = []
    /// Where each name a node may give in `inputs` comes from: the model's inputs and the nodes read so far.
    var sources: [String: SpecModel.Source] = [:]
    /// The file index of every named node, to tell a name given later from one given nowhere.
    var declared: [String: Int] = [:]

    init(form: SpecModel.Form, inputs: [SpecModel.Input], raw: [JSONValue]) {
        self.form = form
        self.inputs = inputs
        self.raw = raw
        for (index, input) in inputs.enumerated() { sources[input.name] = .input(index) }
    }

    /// Records every node's name first, refusing one given twice or an input's.
    mutating func declareNames() throws(ModelError) {
        guard form == .graph else { return }
        for (index, item) in raw.enumerated() {
            guard case .object(let object) = item, case .string(let name)? = object["name"] else { continue }
            if let earlier = declared[name] {
                throw ModelError(
                    .badGraph,
                    "nodes[\(earlier)] and nodes[\(index)] are both named \"\(name)\"; give each its own name")
            }
            if sources[name] != nil {
                throw ModelError(
                    .badGraph, "nodes[\(index)] is named \"\(name)\", as a model input is; give it another name")
            }
            declared[name] = index
        }
    }

    mutating func add(_ item: JSONValue, at index: Int) throws(ModelError) {
        let path = "\(form == .graph ? "nodes" : "layers")[\(index)]"
        guard case .object(var object) = item else {
            throw ModelError(
                .invalidValue,
                "\(path)\(form == .graph ? "" : " (layer \(index + 1))") must be an object with a \"type\"; got \(item.quoted)"
            )
        }
        let name: String?
        switch object["name"] {
        case nil where form == .graph: name = nil
        case .string(let text)? where form == .graph && (1...200).contains(text.count): name = text
        case let other? where form == .graph:
            throw ModelError(.invalidValue, "\(path).name must be a name of 1 to 200 characters; got \(other.quoted)")
        default: name = nil
        }
        let aside = form == .graph ? name.map { "\"\($0)\"" } : "layer \(index + 1)"
        let place = path + (aside.map { " (\($0))" } ?? "")
        let given = object.removeValue(forKey: "type")
        guard case .string(let written)? = given else {
            throw ModelError(
                .invalidValue,
                "\(place) needs a \"type\", one of \(SpecLayers.typeNames.joined(separator: ", "))"
                    + (given.map { "; got \($0.quoted)" } ?? ""))
        }
        let type = written.lowercased()
        guard let layerType = SpecLayers.type(named: type) else {
            throw ModelError(
                .unknownLayerType,
                "\(path).type" + (aside.map { " (\($0))" } ?? "")
                    + " must be one of \(SpecLayers.typeNames.joined(separator: ", ")); got \"\(written)\"")
        }
        let takesActivation = !layerType.keys.contains("activation")
        let readerKeys = (form == .graph ? ["name", "inputs"] : []) + (takesActivation ? ["activation"] : [])
        let fields = SpecFields(object, path: path, type: type, label: aside)
        try fields.checkKeys(layerType.keys + readerKeys)
        let activation =
            takesActivation && fields.has("activation")
            ? try fields.string("activation", oneOf: ActivationLayer.typeNames) : nil
        let named = try inputNames(fields)
        for key in readerKeys { object.removeValue(forKey: key) }
        let layer = try layerType.init(type: type, fields: SpecFields(object, path: path, type: type, label: aside))

        let sources = try resolve(named, at: index, fields: fields)
        guard layerType.inputs.contains(sources.count) else {
            throw ModelError(
                .badGraph,
                "\(path) \(fields.aside) takes \(Self.describe(layerType.inputs)); got \(sources.count)"
                    + (form == .sequential
                        ? ": the sequential form gives each layer the one before it; write the model in the graph "
                            + "form (\"nodes\" with \"inputs\")" : ""))
        }
        let label = form == .graph ? (name.map { "node \"\($0)\"" } ?? path) : "layer \(index + 1)"
        nodes.append(
            SpecModel.Node(
                name: name ?? path, type: type, layer: layer, inputs: sources, path: path, aside: aside, label: label))
        if let function = activation {
            let follow = try ActivationLayer(
                type: function, fields: SpecFields([:], path: path + ".activation", type: function, label: aside))
            nodes.append(
                SpecModel.Node(
                    name: (name ?? path) + "." + function, type: function, layer: follow,
                    inputs: [.node(nodes.count - 1)], path: path + ".activation", aside: aside,
                    label: label + " activation"))
        }
        if let name { self.sources[name] = .node(nodes.count - 1) }
    }

    /// The names in a node's `inputs`, nil when it gives none.
    private func inputNames(_ fields: SpecFields) throws(ModelError) -> [String]? {
        switch fields.object["inputs"] {
        case nil: return nil
        case .string(let name)?: return [name]
        case .array(let items)? where !items.isEmpty:
            var names: [String] = []
            for item in items {
                guard case .string(let name) = item else {
                    throw ModelError(
                        .invalidValue,
                        "\(fields.place("inputs")) must name nodes or model inputs, e.g. [\"conv1\", \"input\"]; "
                            + "got \(item.quoted)")
                }
                names.append(name)
            }
            return names
        case let other?:
            throw ModelError(
                .invalidValue,
                "\(fields.place("inputs")) must be a node's name or a non-empty list of names; got \(other.quoted)")
        }
    }

    /// Where a node's inputs come from: the named ones, or the node before it.
    private func resolve(_ names: [String]?, at index: Int, fields: SpecFields) throws(ModelError) -> [SpecModel.Source]
    {
        guard let names else {
            if let last = nodes.indices.last { return [.node(last)] }
            guard inputs.count == 1 else {
                throw ModelError(
                    .badGraph,
                    "\(fields.path) \(fields.aside) needs \"inputs\": the model has several, "
                        + inputs.map { "\"\($0.name)\"" }.joined(separator: ", "))
            }
            return [.input(0)]
        }
        var resolved: [SpecModel.Source] = []
        for name in names {
            if let source = sources[name] {
                resolved.append(source)
            } else if let later = declared[name] {
                throw ModelError(
                    .badGraph,
                    "\(fields.place("inputs")) names \"\(name)\", nodes[\(later)], which comes "
                        + (later == index ? "from the node itself" : "after it")
                        + ": list every node after its inputs (a graph with a cycle has no such order)")
            } else {
                throw ModelError(
                    .badGraph,
                    "\(fields.place("inputs")) names \"\(name)\", which no node or model input is called; the inputs are "
                        + inputs.map { "\"\($0.name)\"" }.joined(separator: ", "))
            }
        }
        return resolved
    }

    /// The graph's `outputs`: named nodes; by default the last node.
    func outputs(_ value: JSONValue?) throws(ModelError) -> [SpecModel.Source] {
        let names: [String]
        switch value {
        case nil: return [.node(nodes.count - 1)]
        case .string(let name)?: names = [name]
        case .array(let items)? where !items.isEmpty:
            var collected: [String] = []
            for item in items {
                guard case .string(let name) = item else {
                    throw ModelError(.invalidValue, "\"outputs\" must name nodes; got \(item.quoted)")
                }
                collected.append(name)
            }
            names = collected
        case let other?:
            throw ModelError(
                .invalidValue, "\"outputs\" must be a node's name or a non-empty list of names; got \(other.quoted)")
        }
        var resolved: [SpecModel.Source] = []
        for name in names {
            guard case .node(let index)? = sources[name] else {
                throw ModelError(.badGraph, "\"outputs\" names \"\(name)\", which no node is called")
            }
            resolved.append(.node(index))
        }
        return resolved
    }

    /// "one input", "2 or more inputs", "2 to 3 inputs".
    static func describe(_ range: ClosedRange<Int>) -> String {
        if range == 1...1 { return "one input" }
        if range.upperBound == Int.max { return "\(range.lowerBound) or more inputs" }
        if range.lowerBound == range.upperBound { return "\(range.lowerBound) inputs" }
        return "\(range.lowerBound) to \(range.upperBound) inputs"
    }
}
