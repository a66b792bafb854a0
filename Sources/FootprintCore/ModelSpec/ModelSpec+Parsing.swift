import Foundation

extension ModelSpec {
    /// The layer types a spec may name.
    public static let layerTypes = ["dense", "conv2d", "maxpool2d", "avgpool2d", "flatten", "relu", "tanh",
                                    "sigmoid", "gelu", "softmax", "embedding", "layernorm", "attention",
                                    "transformer", "dropout"]

    /// Parses a spec from JSON, with errors that name the layer and field at fault.
    public static func parse(_ data: Data) throws(ModelSpecError) -> ModelSpec {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch DecodingError.dataCorrupted(let context) {
            let detail = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            throw ModelSpecError("not valid JSON: \(detail)")
        } catch {
            throw ModelSpecError("not valid JSON: \(error)")
        }
        guard case .object(let root) = value else {
            throw ModelSpecError("a model spec is a JSON object with \"input\" and \"layers\"")
        }
        var name = "model"
        if case .string(let given)? = root["name"] { name = given }
        guard case .array(let input)? = root["input"], !input.isEmpty, input.count <= 3 else {
            throw ModelSpecError("\"input\" must be the shape of one sample, e.g. [64] or [1, 28, 28]")
        }
        var shape: [Int] = []
        for (index, value) in input.enumerated() { shape.append(try positiveInt(value, "input[\(index)]")) }
        guard case .array(let rawLayers)? = root["layers"], !rawLayers.isEmpty else {
            throw ModelSpecError("\"layers\" must be a non-empty array of layer objects")
        }
        var layers: [Layer] = []
        for (index, raw) in rawLayers.enumerated() {
            guard case .object(let fields) = raw else {
                throw ModelSpecError("layer \(index + 1) must be an object with a \"type\"")
            }
            layers += try parseLayer(fields, number: index + 1)
        }
        return ModelSpec(name: name, input: shape, layers: layers)
    }

    private static func parseLayer(_ fields: [String: JSONValue], number: Int) throws(ModelSpecError) -> [Layer] {
        guard case .string(let rawType)? = fields["type"] else {
            throw ModelSpecError("layer \(number) has no \"type\"; use one of \(layerTypes.joined(separator: ", "))")
        }
        let type = rawType.lowercased()
        let at = "layer \(number) (\(type))"
        func int(_ key: String, default value: Int? = nil) throws(ModelSpecError) -> Int {
            guard let raw = fields[key] else {
                if let value { return value }
                throw ModelSpecError("\(at) needs \"\(key)\"")
            }
            return try positiveInt(raw, "\(at) \"\(key)\"")
        }
        func bool(_ key: String, default value: Bool) throws(ModelSpecError) -> Bool {
            guard let raw = fields[key] else { return value }
            guard case .bool(let flag) = raw else { throw ModelSpecError("\(at) \"\(key)\" must be true or false") }
            return flag
        }
        func activation(_ key: String) throws(ModelSpecError) -> Layer.Activation? {
            guard let raw = fields[key] else { return nil }
            guard case .string(let name) = raw, let activation = Layer.Activation(rawValue: name.lowercased()) else {
                throw ModelSpecError("\(at) \"\(key)\" must be one of "
                    + Layer.Activation.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return activation
        }
        let layer: Layer
        switch type {
        case "dense":
            layer = .dense(units: try int("units"), bias: try bool("bias", default: true))
        case "conv2d":
            let kernel = try int("kernel")
            layer = .conv2d(filters: try int("filters"), kernel: kernel, stride: try int("stride", default: 1),
                            padding: try padding(fields["padding"], at: at), bias: try bool("bias", default: true))
        case "maxpool2d", "avgpool2d":
            let size = try int("size", default: 2)
            let stride = try int("stride", default: size)
            layer = type == "maxpool2d" ? .maxPool2d(size: size, stride: stride) : .avgPool2d(size: size, stride: stride)
        case "flatten": layer = .flatten
        case "relu", "tanh", "sigmoid", "gelu":
            layer = .activation(Layer.Activation(rawValue: type) ?? .relu)
        case "softmax": layer = .softmax
        case "embedding":
            layer = .embedding(vocabulary: try int("vocabulary"), dimensions: try int("dimensions"))
        case "layernorm": layer = .layerNorm
        case "attention": layer = .selfAttention(heads: try int("heads"))
        case "transformer":
            layer = .transformerBlock(heads: try int("heads"), feedForward: try int("feedforward"),
                                      activation: try activation("activation") ?? .gelu)
            return [layer]
        case "dropout":
            guard case .number(let rate)? = fields["rate"], rate >= 0, rate < 1 else {
                throw ModelSpecError("\(at) needs \"rate\" from 0 up to (not including) 1")
            }
            layer = .dropout(rate: rate)
        default:
            throw ModelSpecError("layer \(number) has unknown type \"\(type)\"; use one of \(layerTypes.joined(separator: ", "))")
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
        default: throw ModelSpecError("\(at) \"padding\" must be \"valid\", \"same\" or a number of zeros ≥ 0")
        }
    }

    private static func positiveInt(_ raw: JSONValue, _ what: String) throws(ModelSpecError) -> Int {
        // Bounded well below Int.max so that shape arithmetic cannot overflow.
        guard case .number(let number) = raw, number == number.rounded(), number > 0, number <= 1e9 else {
            throw ModelSpecError("\(what) must be a whole number from 1 to 1,000,000,000; got \(raw.kind)")
        }
        return Int(number)
    }
}
