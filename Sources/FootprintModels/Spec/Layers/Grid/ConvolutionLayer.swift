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
        groups = try SlidingWindow.groups(fields, filters: filters)
        bias = try fields.bool("bias", default: true)
    }

    var summary: String {
        "\(type) \(filters)×\(SlidingWindow.kernels(windows)) s\(SpecText.dims(windows.map(\.stride))) \(padding.label)"
            + SlidingWindow.extras(windows, groups: groups, bias: bias)
    }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let channels = try SlidingWindow.channels(of: inputs[0], dimensions: windows.count, groups: groups, type: type)
        let fault = "a \(SlidingWindow.kernels(windows)) kernel does not fit: use padding \"same\" or a smaller kernel"
        let output =
            [filters]
            + (try SlidingWindow.sides(of: inputs[0], windows, fault: fault) { (_, window, side) throws(ModelError) in
                try window.output(over: side, count: count)
            })
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
}
