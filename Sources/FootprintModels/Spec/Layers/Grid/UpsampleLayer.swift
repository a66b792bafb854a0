import FootprintCore

/// `upsample` of [channels, …] by a whole `scale` per spatial dimension (one number for all, or one
/// each) or to an output `size`, as PyTorch's `nn.Upsample`: `mode` `nearest` (copies, free) or the
/// interpolating `linear`, `bilinear`, `trilinear` for 1, 2 or 3 spatial dimensions, where each
/// output is a weighted sum of its 2ⁿ neighbours: 2ⁿ multiplies and 2ⁿ − 1 adds (7 FLOPs bilinear).
struct UpsampleLayer: SpecLayer {
    static let typeNames = ["upsample"]
    static let keys = ["scale", "size", "mode"]
    static let inputs = 1...1
    static let modes = ["nearest", "linear", "bilinear", "trilinear"]

    let scale: [Int]?
    let size: [Int]?
    let mode: String

    init(type: String, fields: SpecFields) throws(ModelError) {
        mode = try fields.string("mode", oneOf: Self.modes, default: "nearest")
        let dimensions = mode == "nearest" ? nil : (Self.modes.firstIndex(of: mode) ?? 1)
        switch (fields.object["scale"], fields.object["size"]) {
        case (_?, nil):
            scale = try Self.values(fields, "scale", dimensions: dimensions)
            size = nil
        case (nil, _?):
            size = try Self.values(fields, "size", dimensions: dimensions)
            scale = nil
        default:
            throw ModelError(
                .invalidValue,
                "\(fields.path) \(fields.aside) needs one of \"scale\" (a factor) or \"size\" (the output)")
        }
    }

    /// One whole number, or an array of them; with a known number of dimensions, exactly that many.
    private static func values(_ fields: SpecFields, _ key: String, dimensions: Int?) throws(ModelError) -> [Int] {
        if let dimensions { return try fields.ints(key, count: dimensions) }
        if case .array(let items)? = fields.object[key], (1...3).contains(items.count) {
            return try fields.ints(key, count: items.count)
        }
        return [try fields.int(key)]
    }

    var summary: String {
        "upsample " + (scale.map { "×\(SpecText.dims($0))" } ?? "to \(SpecText.dims(size ?? []))") + " \(mode)"
    }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let shape = inputs[0]
        let spatial = shape.count - 1
        let given = scale ?? size ?? []
        let interpolated = mode == "nearest" ? nil : given.count
        guard spatial >= 1, given.count == 1 || given.count == spatial, interpolated == nil || interpolated == spatial
        else {
            throw ModelError(
                .shapeMismatch,
                "upsample takes [channels, …] with "
                    + (given.count == 1 ? "a spatial dimension" : "\(given.count) spatial dimensions")
                    + (mode == "nearest" ? "" : " for \(mode)"))
        }
        let each = given.count == 1 ? Array(repeating: given[0], count: spatial) : given
        var output = [shape[0]]
        for axis in 0..<spatial {
            output.append(scale == nil ? each[axis] : try count.times([shape[axis + 1], each[axis]], "output values"))
        }
        let values = try count.times(output, "output values")
        let neighbours = Double(1 << spatial)
        let perOutput = mode == "nearest" ? 0 : 2 * neighbours - 1
        return SpecFigures(
            outputShape: output, parameters: 0, forwardFLOPs: perOutput * Double(values), activationElements: values)
    }
}
