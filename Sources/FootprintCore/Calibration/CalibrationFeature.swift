/// One term of the calibrated energy model, per sample of a pass (see ``EnergyCalibration``).
///
/// Work terms scale with the samples: FLOPs of the dense and convolution layers (a multiply-add is
/// 2 FLOPs, as ``ModelAnalysis`` counts them) and the activation values each kind of layer reads
/// and writes. Batch terms are paid once a batch and divided by its size: the weights read and, in
/// training, updated (the parameters), a fixed cost per layer call, and a fixed cost per batch.
public enum CalibrationFeature: String, Sendable, Hashable, Codable, CaseIterable {
    case denseFLOPs = "dense_flops"
    case denseElements = "dense_elements"
    case convFLOPs = "conv2d_flops"
    case convElements = "conv2d_elements"
    /// Training only: forward FLOPs of the dense layers after the first layer with weights, which
    /// also compute the gradient for their input (the first has no input to pass a gradient to, in
    /// the lab and in PyTorch alike). Without it, whole networks trained 10–30 % dearer than the
    /// sum of their layers measured one at a time on the raw input.
    case denseInputGradientFLOPs = "dense_input_gradient_flops"
    /// Training only: the same for convolutions.
    case convInputGradientFLOPs = "conv2d_input_gradient_flops"
    case poolingElements = "pooling_elements"
    /// ReLU's values read and written.
    case activationElements = "activation_elements"
    /// tanh's values. Each activation has its own term: in the lab a ReLU is eight lanes of a
    /// comparison, a sigmoid a scalar `expf` and a tanh a scalar `tanhf`, each many times a ReLU's
    /// cost per value and far apart from each other.
    case tanhElements = "tanh_elements"
    /// sigmoid's values.
    case sigmoidElements = "sigmoid_elements"
    /// The loss at the output (softmax cross-entropy or mean squared error): the output values.
    case lossElements = "loss_elements"
    /// Parameters ÷ batch size.
    case parametersPerBatch = "parameters_per_batch"
    /// Layers ÷ batch size.
    case layersPerBatch = "layers_per_batch"
    /// 1 ÷ batch size.
    case perBatch = "per_batch"

    /// The unit of one value of the feature, for coefficient tables ("FLOP", "value").
    public var unit: String {
        switch self {
        case .denseFLOPs, .convFLOPs, .denseInputGradientFLOPs, .convInputGradientFLOPs: "FLOP"
        case .denseElements, .convElements, .poolingElements, .activationElements, .tanhElements,
            .sigmoidElements, .lossElements:
            "value"
        case .parametersPerBatch: "parameter/batch"
        case .layersPerBatch: "layer/batch"
        case .perBatch: "batch"
        }
    }

    /// Whether only training has this cost: an inference's value of it is 0.
    public var isTrainingOnly: Bool { self == .denseInputGradientFLOPs || self == .convInputGradientFLOPs }

    /// The layer kind whose presence the feature needs measured before the calibration can speak
    /// for it; nil for the batch terms every network has.
    public var layerKind: CalibrationLayerKind? {
        switch self {
        case .denseFLOPs, .denseElements, .denseInputGradientFLOPs: .dense
        case .convFLOPs, .convElements, .convInputGradientFLOPs: .conv2d
        case .poolingElements: .pooling
        case .activationElements, .tanhElements, .sigmoidElements: .activation
        case .lossElements: .loss
        case .parametersPerBatch, .layersPerBatch, .perBatch: nil
        }
    }
}

/// The kinds of layer a calibration measures, and the name a spec's layer is matched by.
public enum CalibrationLayerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case dense, conv2d, pooling, activation, loss
}
