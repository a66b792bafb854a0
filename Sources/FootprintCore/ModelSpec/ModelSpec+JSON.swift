extension ModelSpec {
    /// The spec as JSON that FootprintModels' `SpecModel` reads back to an equal spec: one line, activations as
    /// layers of their own (as ``layers`` holds them), every key given even where it is the default,
    /// so that a file written by one version means the same to the next.
    public var jsonText: String {
        var text = "{\"name\": \(JSONStringLiteral.quoted(name)), \"input\": ["
        text += input.map(String.init).joined(separator: ", ") + "], \"layers\": ["
        text += layers.map(\.jsonObject).joined(separator: ", ")
        return text + "]}"
    }
}

extension Layer {
    /// The layer as a spec's JSON object, its ``typeName`` first.
    var jsonObject: String {
        let settings: [(String, String)] =
            switch self {
            case .dense(let units, let bias): [("units", "\(units)"), ("bias", "\(bias)")]
            case .conv2d(let filters, let kernel, let stride, let padding, let bias):
                [
                    ("filters", "\(filters)"), ("kernel", "\(kernel)"), ("stride", "\(stride)"),
                    ("padding", padding.jsonValue), ("bias", "\(bias)")
                ]
            case .maxPool2d(let size, let stride), .avgPool2d(let size, let stride):
                [("size", "\(size)"), ("stride", "\(stride)")]
            case .flatten, .activation, .softmax, .layerNorm: []
            case .embedding(let vocabulary, let dimensions):
                [("vocabulary", "\(vocabulary)"), ("dimensions", "\(dimensions)")]
            case .selfAttention(let heads): [("heads", "\(heads)")]
            case .transformerBlock(let heads, let feedForward, let activation):
                // A transformer's "activation" is its feed-forward's own, not a layer after it.
                [("heads", "\(heads)"), ("feedforward", "\(feedForward)"), ("activation", "\"\(activation.rawValue)\"")]
            // Swift's shortest representation of a Double reads back to the same Double.
            case .dropout(let rate): [("rate", "\(rate)")]
            }
        let fields = [("type", "\"\(typeName)\"")] + settings
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}

extension Layer.Padding {
    var jsonValue: String {
        switch self {
        case .valid: "\"valid\""
        case .same: "\"same\""
        case .explicit(let zeros): "\(zeros)"
        }
    }
}
