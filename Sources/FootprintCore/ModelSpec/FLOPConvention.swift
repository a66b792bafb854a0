/// How Footprint counts FLOPs, in every format. Stated in `model show --json` (`flop_convention`)
/// and in the docs' table of layers and operators, so that a hand count can be checked against ours.
public enum FLOPConvention {
    /// The convention in one sentence, as `--json` states it.
    public static let statement =
        "one multiply-add is 2 FLOPs; a bias add 1 per output; element-wise activations 1 per element; "
        + "training is 3 × forward (the backward pass costs about two forward passes)"

    /// Ratio of training (forward and backward) to forward FLOPs.
    public static let trainingFactor = 3.0

    /// A matrix product [m, k] · [k, n]: 2·m·k·n (each of the m·n outputs takes k multiply-adds).
    public static func matmul(m: Double, k: Double, n: Double) -> Double { 2 * m * k * n }

    /// A dense (fully connected) layer applied at `positions` positions: 2·in·out per position, plus
    /// one add per output for the bias.
    public static func dense(positions: Double, inputs: Double, outputs: Double, bias: Bool) -> Double {
        positions * (2 * inputs * outputs + (bias ? outputs : 0))
    }

    /// A convolution: each output value takes `fanIn` multiply-adds (kernel volume × input channels
    /// per group), plus one add for the bias.
    public static func convolution(outputs: Double, fanIn: Double, bias: Bool) -> Double {
        outputs * (2 * fanIn + (bias ? 1 : 0))
    }

    /// FLOPs per element of the element-wise functions: ReLU, tanh, sigmoid, GELU, SiLU and the
    /// like count 1; an add or multiply of two tensors 1.
    public static let perElementActivation = 1.0
    /// Softmax per element: exp, sum, divide.
    public static let perElementSoftmax = 3.0
    /// Layer normalisation per element: mean, centre, square, sum, divide, scale, shift.
    public static let perElementLayerNorm = 7.0
    /// Batch normalisation at inference, from its running statistics: a scale and a shift per
    /// element (training computes the statistics, as layer normalisation does).
    public static let perElementBatchNorm = 2.0
    /// RMS normalisation per element: square, sum, scale by the reciprocal root mean square, weight.
    public static let perElementRMSNorm = 4.0
}
