import FootprintCore

/// `maxpool1d/2d/3d` and `avgpool1d/2d/3d`: a window of `size` (default 2) moved by `stride`
/// (default the size) over each channel, with `padding` zeros at each end (at most half the
/// window, as PyTorch allows) and `ceil_mode` as PyTorch's. Max pooling costs size − 1
/// comparisons per output, average pooling size (adds and a divide).
struct PoolingLayer: SpecLayer {
    static let typeNames = ["maxpool1d", "maxpool2d", "maxpool3d", "avgpool1d", "avgpool2d", "avgpool3d"]
    static let keys = ["size", "stride", "padding", "ceil_mode"]
    static let inputs = 1...1

    let type: String
    let windows: [SlidingWindow]
    let ceil: Bool

    var isMax: Bool { type.hasPrefix("max") }

    init(type: String, fields: SpecFields) throws(ModelError) {
        self.type = type
        let dimensions = Int(String(type.dropLast().suffix(1))) ?? 2
        let size = try fields.ints("size", count: dimensions, default: Array(repeating: 2, count: dimensions))
        let stride = try fields.ints("stride", count: dimensions, default: size)
        let padding = try fields.ints(
            "padding", count: dimensions, default: Array(repeating: 0, count: dimensions), in: 0...SpecPadding.maximum)
        for axis in 0..<dimensions where padding[axis] > size[axis] / 2 {
            throw ModelError(
                .invalidValue,
                "\(fields.place("padding")) must be at most half the window (\(size[axis] / 2)); got \(padding[axis])")
        }
        windows = (0..<dimensions).map { SlidingWindow(kernel: size[$0], stride: stride[$0], padding: padding[$0]) }
        ceil = try fields.bool("ceil_mode", default: false)
    }

    var summary: String {
        let size = windows.map { String($0.kernel) }
        return (isMax ? "maxpool " : "avgpool ")
            + (windows.count == 2 && size[0] == size[1] ? "\(size[0])×\(size[0])" : size.joined(separator: "×"))
            + " s\(SpecText.dims(windows.map(\.stride)))"
            + (windows.contains { $0.padding != 0 } ? " pad \(SpecText.dims(windows.map(\.padding)))" : "")
            + (ceil ? " ceil" : "")
    }

    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures {
        let channels = try SlidingWindow.channels(of: inputs[0], dimensions: windows.count, type: "pooling")
        let fault = "the \(SlidingWindow.kernels(windows)) window is larger than the image"
        let output =
            [channels]
            + (try SlidingWindow.sides(of: inputs[0], windows, fault: fault) { (_, window, side) throws(ModelError) in
                try window.output(over: side, ceil: ceil, count: count)
            })
        let outputs = try count.times(output, "output values")
        let window = windows.reduce(1.0) { $0 * Double($1.kernel) }
        return SpecFigures(
            outputShape: output, parameters: 0, forwardFLOPs: Double(outputs) * (isMax ? window - 1 : window),
            activationElements: outputs)
    }

    /// The lab's pooling: two dimensions, square, one stride, unpadded.
    var labLayers: [Layer]? {
        guard windows.count == 2, !ceil, windows[0] == windows[1], windows[0].padding == 0 else { return nil }
        let (size, stride) = (windows[0].kernel, windows[0].stride)
        return [isMax ? .maxPool2d(size: size, stride: stride) : .avgPool2d(size: size, stride: stride)]
    }
}
