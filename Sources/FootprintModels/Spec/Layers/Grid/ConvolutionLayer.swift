import FootprintCore

/// `conv1d`, `conv2d`, `conv3d`: a convolution over [channels, length], [channels, height, width] or
/// [channels, depth, height, width], with a kernel, stride, padding and dilation per dimension
/// (one number for all, or one each: `"kernel": [1, 7]`), `groups` (equal to the channels:
/// depthwise) and an optional bias, as PyTorch's `nn.Conv*d`.
struct ConvolutionLayer: SpecLayer {
    static let typeNames = ["conv1d", "conv2d", "conv3d"]
    static let keys = ["filters", "kernel", "stride", "padding", "dilation", "groups", "bias"]
    static let inputs = 1...1

    let type: String
    let filters: Int
    let windows: [SlidingWindow]
    let padding: SpecPadding
    let groups: Int
    let bias: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        self.type = type
        let dimensions = Self.typeNames.firstIndex(of: type).map { $0 + 1 } ?? 2
        filters = try fields.int("filters")
        let kernel = try fields.ints("kernel", count: dimensions)
        let stride = try fields.ints("stride", count: dimensions, default: Array(repeating: 1, count: dimensions))
        let dilation = try fields.ints("dilation", count: dimensions, default: Array(repeating: 1, count: dimensions))
        let padding = try SpecPadding.read(fields, "padding", dimensions: dimensions, named: true)
        self.padding = padding
        windows = (0..<dimensions).map {
            SlidingWindow(
                kernel: kernel[$0], stride: stride[$0],
                padding: padding.zeros(axis: $0, kernel: kernel[$0], dilation: dilation[$0]), dilation: dilation[$0])
        }
        groups = try fields.int("groups", default: 1)
        guard filters % groups == 0 else {
            throw ModelError(
                .invalidValue, "\(fields.place("groups")) must divide the \(filters) filters; got \(groups)")
        }
        bias = try fields.bool("bias", default: true)
    }

    var summary: String {
        "\(type) \(filters)×" + windows.map { String($0.kernel) }.joined(separator: "×")
            + " s\(SpecText.dims(windows.map(\.stride))) \(padding.label)"
            + (windows.contains { $0.dilation != 1 } ? " d\(SpecText.dims(windows.map(\.dilation)))" : "")
            + (groups != 1 ? " groups \(groups)" : "") + (bias ? "" : " (no bias)")
    }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let shape = inputs[0]
        guard shape.count == windows.count + 1 else {
            throw ModelError(.shapeMismatch, "\(type) takes \(Self.layout(windows.count))")
        }
        let channels = shape[0]
        guard channels % groups == 0 else {
            throw ModelError(.shapeMismatch, "\(groups) groups do not divide \(channels) input channels")
        }
        var output = [filters]
        for (axis, window) in windows.enumerated() {
            guard let side = try window.output(over: shape[axis + 1], count: count) else {
                throw ModelError(
                    .shapeMismatch,
                    "a " + windows.map { String($0.kernel) }.joined(separator: "×")
                        + " kernel does not fit: use padding \"same\" or a smaller kernel")
            }
            output.append(side)
        }
        let outputs = try count.times(output, "output values")
        let fanIn = try count.times(windows.map(\.kernel) + [channels / groups], "weights per filter")
        let weights = try count.times([fanIn, filters], "weights")
        return SpecFigures(
            outputShape: output, parameters: try count.plus([weights, bias ? filters : 0], "parameters"),
            forwardFLOPs: FLOPConvention.convolution(outputs: Double(outputs), fanIn: Double(fanIn), bias: bias),
            activationElements: outputs)
    }

    /// The lab's conv2d: square, one stride, no dilation or groups, the same padding on every side.
    var labLayers: [Layer]? {
        guard type == "conv2d", groups == 1, let first = windows.first,
            windows.allSatisfy({ $0.kernel == first.kernel && $0.stride == first.stride && $0.dilation == 1 }),
            let labPadding = padding.labPadding
        else { return nil }
        return [.conv2d(filters: filters, kernel: first.kernel, stride: first.stride, padding: labPadding, bias: bias)]
    }

    /// "[channels, height, width]" for 2 dimensions.
    static func layout(_ dimensions: Int) -> String {
        switch dimensions {
        case 1: "[channels, length]"
        case 2: "[channels, height, width]"
        default: "[channels, depth, height, width]"
        }
    }
}
