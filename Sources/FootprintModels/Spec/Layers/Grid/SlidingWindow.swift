import FootprintCore

/// How a window (a convolution's kernel, a pooling window) slides along one dimension of an input:
/// the one place where the grid layers work out an output side, as PyTorch's `nn.Conv*d`,
/// `nn.ConvTranspose*d` and `nn.*Pool*d` do.
struct SlidingWindow: Sendable, Hashable {
    /// The window's extent in input values before dilation.
    var kernel: Int
    /// Step between windows.
    var stride: Int
    /// Zeros added at each end.
    var padding: Int
    /// Spacing between the window's taps (1: adjacent).
    var dilation: Int = 1

    /// The extent the window covers: d·(k − 1) + 1.
    var span: Int {
        let (spread, overflow) = dilation.multipliedReportingOverflow(by: kernel - 1)
        return overflow ? Int.max : spread + 1
    }

    /// The output side over an input side: ⌊(side + 2·padding − span) / stride⌋ + 1 (⌈⌉ with
    /// `ceil`, where a last window that would start in the right padding is dropped), nil when not
    /// even one window fits.
    /// - Throws: ``ModelError/Reason/tooLarge`` when the padded side passes ``ModelAnalysis/countLimit``.
    func output(over side: Int, ceil: Bool = false, count: Count) throws(ModelError) -> Int? {
        let (twice, overflowTwice) = padding.multipliedReportingOverflow(by: 2)
        let (padded, overflowPadded) = side.addingReportingOverflow(twice)
        guard !overflowTwice, !overflowPadded, padded <= ModelAnalysis.countLimit else {
            throw ModelError(count.tooLarge("padded input values"))
        }
        guard span <= padded else { return nil }
        let room = padded - span
        var steps = room / stride
        if ceil && room % stride != 0 {
            steps += 1
            if steps * stride >= side + padding { steps -= 1 }
        }
        return steps + 1
    }

    /// The output side of the transposed window over an input side: (side − 1)·stride − 2·padding +
    /// span + `extra`; nil when that is not positive or passes ``ModelAnalysis/countLimit``.
    func transposedOutput(over side: Int, extra: Int) -> Int? {
        let (stretched, overflow) = (side - 1).multipliedReportingOverflow(by: stride)
        // Both below 2^54, so the sum below cannot wrap; the result is checked against the limit.
        guard !overflow, stretched <= 2 * ModelAnalysis.countLimit, span < ModelAnalysis.countLimit else {
            return nil
        }
        let result = stretched - 2 * padding + span + extra
        guard result >= 1, result <= ModelAnalysis.countLimit else { return nil }
        return result
    }
}

extension SlidingWindow {
    /// The channels of a [channels, side, …] input to a layer over `dimensions` sides, which its
    /// `groups` must divide; `type` names the layer in the error.
    static func channels(
        of shape: [Int], dimensions: Int, groups: Int = 1, type: String
    ) throws(ModelError) -> Int {
        guard shape.count == dimensions + 1 else {
            throw ModelError(.shapeMismatch, "\(type) takes \(layout(dimensions))")
        }
        guard shape[0] % groups == 0 else {
            throw ModelError(.shapeMismatch, "\(groups) groups do not divide \(shape[0]) input channels")
        }
        return shape[0]
    }

    /// The output sides of `windows` over the sides of `shape` (after its channels): `side` gives
    /// one from its axis, window and input side, nil when none fits, which `fault` then explains.
    static func sides(
        of shape: [Int], _ windows: [SlidingWindow], fault: String,
        _ side: (Int, SlidingWindow, Int) throws(ModelError) -> Int?
    ) throws(ModelError) -> [Int] {
        var sides: [Int] = []
        for (axis, window) in windows.enumerated() {
            guard let output = try side(axis, window, shape[axis + 1]) else { throw ModelError(.shapeMismatch, fault) }
            sides.append(output)
        }
        return sides
    }

    /// A convolution's `groups` (default 1), which must divide its filters.
    static func groups(_ fields: SpecFields, filters: Int) throws(ModelError) -> Int {
        let groups = try fields.int("groups", default: 1)
        guard filters % groups == 0 else {
            throw ModelError(
                .invalidValue, "\(fields.place("groups")) must divide the \(filters) filters; got \(groups)")
        }
        return groups
    }

    /// "[channels, height, width]" for 2 dimensions.
    static func layout(_ dimensions: Int) -> String {
        switch dimensions {
        case 1: "[channels, length]"
        case 2: "[channels, height, width]"
        default: "[channels, depth, height, width]"
        }
    }

    /// "3×3": the windows' kernels.
    static func kernels(_ windows: [SlidingWindow]) -> String {
        windows.map { String($0.kernel) }.joined(separator: "×")
    }

    /// " d2 groups 32 (no bias)": what a convolution's summary adds after its stride and padding.
    static func extras(_ windows: [SlidingWindow], groups: Int, bias: Bool) -> String {
        (windows.contains { $0.dilation != 1 } ? " d\(SpecText.dims(windows.map(\.dilation)))" : "")
            + (groups != 1 ? " groups \(groups)" : "") + (bias ? "" : " (no bias)")
    }
}

/// How a spec gives a convolution's padding: "valid" (none), "same" (⌊d·(k − 1)/2⌋ zeros at each
/// end: the size kept at stride 1 for an odd kernel, as the sequential form always had it), one
/// number of zeros for every dimension or one per dimension.
enum SpecPadding: Sendable, Hashable {
    case valid, same
    case zeros([Int])

    /// The largest number of zeros a spec may add at one end.
    static let maximum = 999_999

    /// Reads `key` for a window over `dimensions` dimensions; `named` allows "valid" and "same".
    static func read(
        _ fields: SpecFields, _ key: String, dimensions: Int, named: Bool
    ) throws(ModelError) -> SpecPadding {
        switch fields.object[key] {
        case nil: return named ? .valid : .zeros(Array(repeating: 0, count: dimensions))
        case .string(let name)? where named && name.lowercased() == "valid": return .valid
        case .string(let name)? where named && name.lowercased() == "same": return .same
        case .number?, .array?:
            return .zeros(try fields.ints(key, count: dimensions, in: 0...maximum))
        case let other?:
            throw ModelError(
                .invalidValue,
                "\(fields.place(key)) must be "
                    + (named ? "\"valid\", \"same\", " : "")
                    + "a whole number of zeros from 0 to 999,999 or one per dimension; got \(other.quoted)")
        }
    }

    /// Zeros at each end of dimension `axis` for a window of `kernel` taps at `dilation`.
    func zeros(axis: Int, kernel: Int, dilation: Int) -> Int {
        switch self {
        case .valid: 0
        case .same: dilation * (kernel - 1) / 2  // each ≤ 10^9: no overflow
        case .zeros(let values): values[axis]
        }
    }

    /// "same", "valid", "pad 3", "pad 0×3".
    var label: String {
        switch self {
        case .valid: "valid"
        case .same: "same"
        case .zeros(let values): "pad " + SpecText.dims(values)
        }
    }

    /// The lab's padding, when the same on every side.
    var labPadding: Layer.Padding? {
        switch self {
        case .valid: .valid
        case .same: .same
        case .zeros(let values): values.allSatisfy { $0 == values[0] } ? .explicit(values[0]) : nil
        }
    }
}

/// How the grid layers write numbers in their summaries and messages.
enum SpecText {
    /// "3" when every dimension has the same value, "1×7" otherwise.
    static func dims(_ values: [Int]) -> String {
        values.allSatisfy { $0 == values.first } && !values.isEmpty
            ? "\(values[0])" : values.map(String.init).joined(separator: "×")
    }

    /// "[3, 224, 224]".
    static func shape(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
}
