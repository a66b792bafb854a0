import FootprintCore

/// `convtranspose1d`, `convtranspose2d`, `convtranspose3d`: the transposed convolution that
/// upsamples (a decoder's "deconvolution"), as PyTorch's `nn.ConvTranspose*d`: output side
/// (in − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1.
struct TransposedConvolutionLayer: SpecLayer {
    static let typeNames = ["convtranspose1d", "convtranspose2d", "convtranspose3d"]
    static let keys = ["filters", "kernel", "stride", "padding", "output_padding", "dilation", "groups", "bias"]
    static let inputs = 1...1

    let type: String
    let filters: Int
    let windows: [SlidingWindow]
    let outputPadding: [Int]
    let groups: Int
    let bias: Bool

    init(type: String, fields: SpecFields) throws(ModelError) {
        self.type = type
        let dimensions = Self.typeNames.firstIndex(of: type).map { $0 + 1 } ?? 2
        let ones = Array(repeating: 1, count: dimensions)
        filters = try fields.int("filters")
        let kernel = try fields.ints("kernel", count: dimensions)
        let stride = try fields.ints("stride", count: dimensions, default: ones)
        let dilation = try fields.ints("dilation", count: dimensions, default: ones)
        let padding = try fields.ints(
            "padding", count: dimensions, default: Array(repeating: 0, count: dimensions), in: 0...SpecPadding.maximum)
        outputPadding = try fields.ints(
            "output_padding", count: dimensions, default: Array(repeating: 0, count: dimensions),
            in: 0...SpecPadding.maximum)
        for axis in 0..<dimensions where outputPadding[axis] >= max(stride[axis], dilation[axis]) {
            throw ModelError(
                .invalidValue,
                "\(fields.place("output_padding")) must be smaller than the stride or the dilation; "
                    + "got \(outputPadding[axis])")
        }
        windows = (0..<dimensions).map {
            SlidingWindow(kernel: kernel[$0], stride: stride[$0], padding: padding[$0], dilation: dilation[$0])
        }
        groups = try SlidingWindow.groups(fields, filters: filters)
        bias = try fields.bool("bias", default: true)
    }

    var summary: String {
        "\(type) \(filters)×\(SlidingWindow.kernels(windows)) s\(SpecText.dims(windows.map(\.stride)))"
            + (windows.contains { $0.padding != 0 } ? " pad \(SpecText.dims(windows.map(\.padding)))" : "")
            + (outputPadding.contains { $0 != 0 } ? " out-pad \(SpecText.dims(outputPadding))" : "")
            + SlidingWindow.extras(windows, groups: groups, bias: bias)
    }

    /// Each input value meets (filters / groups) × kernel weights: 2 × that × input values, as
    /// PyTorch's FLOP counter counts it, plus a bias add per output.
    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let shape = inputs[0]
        let channels = try SlidingWindow.channels(of: shape, dimensions: windows.count, groups: groups, type: type)
        let fault = "the padding leaves no output, or the output passes 2^53 values: check padding"
        let output =
            [filters]
            + (try SlidingWindow.sides(of: shape, windows, fault: fault) { (axis, window, side) throws(ModelError) in
                window.transposedOutput(over: side, extra: outputPadding[axis])
            })
        let outputs = try count.times(output, "output values")
        let perInput = try count.times(windows.map(\.kernel) + [filters / groups], "weights per input channel")
        let weights = try count.times([perInput, channels], "weights")
        let inputValues = try count.times(shape, "input values")
        let flops =
            FLOPConvention.matmul(m: Double(inputValues), k: 1, n: Double(perInput)) + (bias ? Double(outputs) : 0)
        return SpecFigures(
            outputShape: output, parameters: try count.plus([weights, bias ? filters : 0], "parameters"),
            forwardFLOPs: flops, activationElements: outputs)
    }
}
