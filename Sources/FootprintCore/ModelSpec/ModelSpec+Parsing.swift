import Foundation

extension ModelSpec {
    /// The layer types a spec may name.
    public static let layerTypes = [
        "dense", "conv2d", "maxpool2d", "avgpool2d", "flatten", "relu", "tanh",
        "sigmoid", "gelu", "softmax", "embedding", "layernorm", "attention",
        "transformer", "dropout"
    ]

    /// The keys each layer type takes besides "type" and "activation": a misspelt key ("unit")
    /// would otherwise be ignored and leave a default in its place.
    static let layerKeys: [String: [String]] = [
        "dense": ["units", "bias"], "conv2d": ["filters", "kernel", "stride", "padding", "bias"],
        "maxpool2d": ["size", "stride"], "avgpool2d": ["size", "stride"],
        "embedding": ["vocabulary", "dimensions"], "attention": ["heads"],
        "transformer": ["heads", "feedforward"], "dropout": ["rate"]
    ]

    /// The largest size a spec may give a dimension, a layer's units or filters, a kernel.
    public static let maximumDimension = 1_000_000_000

    /// Parses a spec from JSON, with errors that quote the offending value and name its place
    /// (`layers[2].units`), and JSON syntax errors that give the line and column.
    public static func parse(_ data: Data) throws(ModelSpecError) -> ModelSpec {
        let value = try JSONValue.document(data)
        guard case .object(let root) = value else {
            throw ModelSpecError("a model spec is a JSON object with \"input\" and \"layers\"; got \(value.quoted)")
        }
        var name = "model"
        switch root["name"] {
        case nil: break
        case .string(let given)?: name = given
        case let other?: throw ModelSpecError("\"name\" must be a string; got \(other.quoted)")
        }
        guard case .array(let input)? = root["input"], !input.isEmpty, input.count <= 3 else {
            throw ModelSpecError(
                "\"input\" must be the shape of one sample, e.g. [64] or [1, 28, 28]; got "
                    + (root["input"]?.quoted ?? "nothing"))
        }
        var shape: [Int] = []
        for (index, value) in input.enumerated() { shape.append(try positiveInt(value, "input[\(index)]")) }
        guard case .array(let rawLayers)? = root["layers"], !rawLayers.isEmpty else {
            throw ModelSpecError(
                "\"layers\" must be a non-empty array of layer objects; got " + (root["layers"]?.quoted ?? "nothing"))
        }
        var layers: [Layer] = []
        for (index, raw) in rawLayers.enumerated() {
            guard case .object(let fields) = raw else {
                throw ModelSpecError(
                    "layers[\(index)] (layer \(index + 1)) must be an object with a \"type\"; got \(raw.quoted)")
            }
            layers += try parseLayer(fields, number: index + 1)
        }
        return ModelSpec(name: name, input: shape, layers: layers)
    }

    private static func parseLayer(_ fields: [String: JSONValue], number: Int) throws(ModelSpecError) -> [Layer] {
        let path = "layers[\(number - 1)]"
        guard case .string(let rawType)? = fields["type"] else {
            throw ModelSpecError(
                "\(path) (layer \(number)) needs a \"type\", one of \(layerTypes.joined(separator: ", "))"
                    + (fields["type"].map { "; got \($0.quoted)" } ?? ""))
        }
        let type = rawType.lowercased()
        guard layerTypes.contains(type) else {
            throw ModelSpecError(
                "\(path).type (layer \(number)) must be one of \(layerTypes.joined(separator: ", ")); "
                    + "got \"\(rawType)\"")
        }
        let allowed = ["type"] + (layerKeys[type] ?? []) + ["activation"]
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ModelSpecError(
                "\(path) (layer \(number), \(type)) has an unknown key \"\(unknown)\"; \(type) takes "
                    + allowed.dropFirst().map { "\"\($0)\"" }.joined(separator: ", "))
        }
        /// "layers[2].units (layer 3, dense)": where a value is, in the file and in the network.
        func at(_ key: String) -> String { "\(path).\(key) (layer \(number), \(type))" }
        func int(_ key: String, default value: Int? = nil) throws(ModelSpecError) -> Int {
            guard let raw = fields[key] else {
                if let value { return value }
                throw ModelSpecError("\(path) (layer \(number), \(type)) needs \"\(key)\"")
            }
            return try positiveInt(raw, at(key))
        }
        func bool(_ key: String, default value: Bool) throws(ModelSpecError) -> Bool {
            guard let raw = fields[key] else { return value }
            guard case .bool(let flag) = raw else {
                throw ModelSpecError("\(at(key)) must be true or false; got \(raw.quoted)")
            }
            return flag
        }
        func activation(_ key: String) throws(ModelSpecError) -> Layer.Activation? {
            guard let raw = fields[key] else { return nil }
            guard case .string(let name) = raw, let activation = Layer.Activation(rawValue: name.lowercased()) else {
                throw ModelSpecError(
                    "\(at(key)) must be one of "
                        + Layer.Activation.allCases.map(\.rawValue).joined(separator: ", ") + "; got \(raw.quoted)")
            }
            return activation
        }
        let layer: Layer
        switch type {
        case "dense":
            layer = .dense(units: try int("units"), bias: try bool("bias", default: true))
        case "conv2d":
            let kernel = try int("kernel")
            layer = .conv2d(
                filters: try int("filters"), kernel: kernel, stride: try int("stride", default: 1),
                padding: try padding(fields["padding"], at: at("padding")), bias: try bool("bias", default: true))
        case "maxpool2d", "avgpool2d":
            let size = try int("size", default: 2)
            let stride = try int("stride", default: size)
            layer =
                type == "maxpool2d" ? .maxPool2d(size: size, stride: stride) : .avgPool2d(size: size, stride: stride)
        case "flatten": layer = .flatten
        case "relu", "tanh", "sigmoid", "gelu":
            layer = .activation(Layer.Activation(rawValue: type) ?? .relu)
        case "softmax": layer = .softmax
        case "embedding":
            layer = .embedding(vocabulary: try int("vocabulary"), dimensions: try int("dimensions"))
        case "layernorm": layer = .layerNorm
        case "attention": layer = .selfAttention(heads: try int("heads"))
        case "transformer":
            layer = .transformerBlock(
                heads: try int("heads"), feedForward: try int("feedforward"),
                activation: try activation("activation") ?? .gelu)
            return [layer]
        default:  // dropout: the types were checked above
            guard case .number(let rate)? = fields["rate"], rate >= 0, rate < 1 else {
                throw ModelSpecError(
                    "\(at("rate")) must be a number from 0 up to (not including) 1; got "
                        + (fields["rate"]?.quoted ?? "nothing"))
            }
            layer = .dropout(rate: rate)
        }
        if let follow = try activation("activation") { return [layer, .activation(follow)] }
        return [layer]
    }

    private static func padding(_ raw: JSONValue?, at: String) throws(ModelSpecError) -> Layer.Padding {
        switch raw {
        case nil: return .valid
        case .string(let name)? where name.lowercased() == "valid": return .valid
        case .string(let name)? where name.lowercased() == "same": return .same
        case .number(let number)? where number >= 0 && number == number.rounded() && number < 1e6:
            return .explicit(Int(number))
        case let other?:
            throw ModelSpecError(
                "\(at) must be \"valid\", \"same\" or a whole number of zeros from 0 to 999,999; got \(other.quoted)")
        }
    }

    private static func positiveInt(_ raw: JSONValue, _ what: String) throws(ModelSpecError) -> Int {
        // Bounded so that one dimension cannot overflow a shape; products are checked in `analyze`.
        guard case .number(let number) = raw, number == number.rounded(), number >= 1,
            number <= Double(maximumDimension)
        else {
            throw ModelSpecError("\(what) must be a whole number from 1 to 1,000,000,000; got \(raw.quoted)")
        }
        return Int(number)
    }
}
