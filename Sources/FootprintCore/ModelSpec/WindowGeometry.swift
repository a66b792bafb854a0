/// How a square window (a conv2d kernel or a pooling window) slides over one image: the single
/// place where a layer's output height and width and its zero padding are worked out, for the
/// analysis and the lab alike.
///
/// The output side is ⌊(side + 2·padding − window) / stride⌋ + 1, as PyTorch's `nn.Conv2d` and
/// `nn.MaxPool2d` count it; "same" padding is (window − 1) / 2 zeros per side, which keeps the size
/// at stride 1 for odd windows.
public struct WindowGeometry: Sendable, Hashable {
    /// Why a window does not fit its input.
    public enum Fault: Error, Sendable, Hashable {
        /// The window is larger than the (padded) image.
        case windowLargerThanInput
        /// A side, padded, passes ``ModelAnalysis/countLimit``.
        case tooLarge
    }

    /// Input height and width.
    public let inputHeight: Int, inputWidth: Int
    /// Side of the square window, in pixels.
    public let window: Int
    /// Step between windows, in pixels.
    public let stride: Int
    /// Zeros added on each side of the image.
    public let padding: Int
    /// Output height and width.
    public let outputHeight: Int, outputWidth: Int

    /// The geometry of a `window` × `window` window at `stride` over a `height` × `width` image
    /// padded with `padding` zeros on every side.
    /// - Precondition: window and stride ≥ 1, the sides and padding ≥ 0 (as the spec parser bounds them).
    /// - Throws: ``Fault/windowLargerThanInput`` when no window fits, ``Fault/tooLarge`` when a
    ///   padded side passes ``ModelAnalysis/countLimit``.
    public init(height: Int, width: Int, window: Int, stride: Int, padding: Int) throws(Fault) {
        func outputSide(_ side: Int) throws(Fault) -> Int {
            let (twice, overflowTwice) = padding.multipliedReportingOverflow(by: 2)
            let (padded, overflowPadded) = side.addingReportingOverflow(twice)
            guard !overflowTwice, !overflowPadded, padded <= ModelAnalysis.countLimit else { throw .tooLarge }
            guard padded >= window else { throw .windowLargerThanInput }
            return (padded - window) / stride + 1
        }
        inputHeight = height
        inputWidth = width
        self.window = window
        self.stride = stride
        self.padding = padding
        outputHeight = try outputSide(height)
        outputWidth = try outputSide(width)
    }

    /// The geometry of a conv2d, max-pooling or average-pooling layer over a `height` × `width`
    /// image, or nil for any other layer. Pooling windows are never padded.
    public init?(_ layer: Layer, height: Int, width: Int) throws(Fault) {
        switch layer {
        case .conv2d(_, let kernel, let stride, let padding, _):
            try self.init(
                height: height, width: width, window: kernel, stride: stride,
                padding: Self.zeros(padding, kernel: kernel))
        case .maxPool2d(let size, let stride), .avgPool2d(let size, let stride):
            try self.init(height: height, width: width, window: size, stride: stride, padding: 0)
        default:
            return nil
        }
    }

    /// Zeros per side for a spec's padding and a kernel side.
    public static func zeros(_ padding: Layer.Padding, kernel: Int) -> Int {
        switch padding {
        case .valid: 0
        case .same: (kernel - 1) / 2
        case .explicit(let n): n
        }
    }
}
