/// The features of one pass of a model, per sample, in the order of ``CalibrationFeature/allCases``.
public struct CalibrationFeatures: Sendable, Hashable {
    /// Values by feature; every feature has one (0 where the model has none of that kind).
    public private(set) var values: [CalibrationFeature: Double]

    public init(_ values: [CalibrationFeature: Double]) {
        var complete: [CalibrationFeature: Double] = [:]
        for feature in CalibrationFeature.allCases { complete[feature] = values[feature] ?? 0 }
        self.values = complete
    }

    public subscript(_ feature: CalibrationFeature) -> Double { values[feature] ?? 0 }

    /// The values in the order of `features`.
    public func vector(_ features: [CalibrationFeature]) -> [Double] { features.map { self[$0] } }

    /// The values in the order of `features` for one pass: an inference has no training-only cost.
    public func vector(_ features: [CalibrationFeature], for pass: CalibratedPass) -> [Double] {
        features.map { pass == .inference && $0.isTrainingOnly ? 0 : self[$0] }
    }

    /// The layer kinds the model uses.
    public var layerKinds: Set<CalibrationLayerKind> {
        Set(CalibrationFeature.allCases.compactMap { self[$0] > 0 ? $0.layerKind : nil })
    }

    /// A model's features at `batch` samples a batch.
    ///
    /// Each layer's values read and written are its input's and its output's element counts. The
    /// loss is the network's output (a final softmax belongs to it, as the lab and PyTorch fuse
    /// them). Flatten and dropout cost nothing here (a reshape, and no mask at inference).
    /// - Throws: ``CalibrationError/Reason/uncoveredLayer`` for a layer no calibration measures
    ///   (embeddings, attention, layer norm, GELU, a softmax before the output), naming it.
    public static func of(_ analysis: ModelAnalysis, batch: Int) throws(CalibrationError) -> CalibrationFeatures {
        guard batch >= 1 else {
            throw CalibrationError(.invalidInput, "the batch size must be 1 or more; got \(batch)")
        }
        var values: [CalibrationFeature: Double] = [:]
        func add(_ feature: CalibrationFeature, _ value: Double) { values[feature, default: 0] += value }
        var inputElements = Double(analysis.spec.input.reduce(1, *))
        var layers = 0
        var afterWeights = false
        for figures in analysis.layers {
            let outputElements = Double(figures.outputShape.reduce(1, *))
            let moved = inputElements + outputElements
            let isLast = figures.index == analysis.layers.count
            switch figures.layer {
            case .dense:
                add(.denseFLOPs, figures.forwardFLOPs)
                add(.denseElements, moved)
                if afterWeights { add(.denseInputGradientFLOPs, figures.forwardFLOPs) }
                afterWeights = true
                layers += 1
            case .conv2d:
                add(.convFLOPs, figures.forwardFLOPs)
                add(.convElements, moved)
                if afterWeights { add(.convInputGradientFLOPs, figures.forwardFLOPs) }
                afterWeights = true
                layers += 1
            case .maxPool2d, .avgPool2d:
                add(.poolingElements, moved)
                layers += 1
            case .activation(.relu):
                add(.activationElements, moved)
                layers += 1
            case .activation(.tanh):
                add(.tanhElements, moved)
                layers += 1
            case .activation(.sigmoid):
                add(.sigmoidElements, moved)
                layers += 1
            case .softmax where isLast:
                break  // part of the loss below
            case .flatten, .dropout:
                break
            default:
                throw CalibrationError(
                    .uncoveredLayer,
                    "layer \(figures.index) (\(figures.layer.summary)) is not a kind a calibration measures; "
                        + "calibrated estimates cover "
                        + CalibrationLayerKind.allCases.map(\.rawValue).joined(separator: ", ")
                        + " (and flatten, dropout)")
            }
            inputElements = outputElements
        }
        add(.lossElements, inputElements)
        let perBatch = 1 / Double(batch)
        add(.parametersPerBatch, Double(analysis.parameters) * perBatch)
        add(.layersPerBatch, Double(layers) * perBatch)
        add(.perBatch, perBatch)
        return CalibrationFeatures(values)
    }
}
