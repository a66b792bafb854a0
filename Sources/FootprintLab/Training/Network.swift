import FootprintCore

/// A sequential network for classification: layers, then a loss on the outputs (softmax
/// cross-entropy unless told otherwise).
public final class Network {
    public let layers: [any NetworkLayer]
    public let inputs: Int
    public let classes: Int
    /// The loss trained on; it owns the gradient buffer the backward pass starts from.
    public let lossFunction: any LossFunction
    /// For each of ``layers``, its place (0-based) in the model spec it was built from: a spec's
    /// flatten and final softmax are no layers here, so the two counts differ. A weights file
    /// names tensors by it (`layers.2.weight`), as a PyTorch `Sequential` of the spec's layers does.
    public let specIndices: [Int]
    /// Index in ``layers`` of the lowest layer that trains: backward runs from the top down to it
    /// and no further (0 when nothing is frozen; `layers.count` when everything is).
    public private(set) var firstTrainable = 0

    /// - Parameter specIndices: each layer's place in its model spec; their positions here when nil.
    public init(
        layers: [any NetworkLayer], inputs: Int, classes: Int, loss: any LossFunction = SoftmaxCrossEntropy(),
        specIndices: [Int]? = nil
    ) {
        self.layers = layers
        self.inputs = inputs
        self.classes = classes
        lossFunction = loss
        self.specIndices = specIndices.flatMap { $0.count == layers.count ? $0 : nil } ?? Array(layers.indices)
    }

    /// Checks that the lab can train `spec` with `loss`, without allocating anything: shapes fit,
    /// counts are within ``ModelAnalysis/countLimit``, and every layer is one the lab has.
    /// - Returns: the spec's analysis.
    @discardableResult
    public static func validate(
        _ spec: ModelSpec, loss: LossKind = .crossEntropy
    ) throws(ModelSpecError) -> ModelAnalysis {
        let analysis = try spec.analyze()
        guard spec.input.count == 1 || spec.input.count == 3 else {
            throw ModelSpecError(
                "the lab trains on [features] or [channels, height, width] inputs; \(spec.name) takes \(spec.input)",
                reason: .notTrainable)
        }
        var image = spec.input.count == 3
        var shape = spec.input
        for (index, layer) in spec.layers.enumerated() {
            defer { shape = analysis.layers[index].outputShape }
            switch layer {
            case .dense:
                guard !image else {
                    throw ModelSpecError(
                        "layer \(index + 1) (dense) follows an image: add a flatten layer before it",
                        reason: .shapeMismatch)
                }
            case .conv2d, .maxPool2d, .avgPool2d:
                guard image else {
                    throw ModelSpecError(
                        "layer \(index + 1) (\(layer.summary)) needs an image input", reason: .shapeMismatch)
                }
                // Conv and pooling layers keep pixel positions as 32-bit integers.
                guard shape.reduce(1, *) <= Int(Int32.max) else {
                    throw ModelSpecError(
                        "layer \(index + 1) (\(layer.summary)) reads an image of more than 2,147,483,647 values, "
                            + "more than the lab's 32-bit pixel positions address", reason: .tooLarge)
                }
            case .activation(.relu), .activation(.tanh), .activation(.sigmoid): break
            case .softmax where index == spec.layers.count - 1 && loss == .crossEntropy: break
            case .softmax where index == spec.layers.count - 1:
                throw ModelSpecError(
                    "\(spec.name) ends in softmax, which the lab folds into the cross-entropy loss; "
                        + "to train it on mean squared error, drop the softmax layer", reason: .notTrainable)
            case .flatten: image = false
            default:
                throw ModelSpecError(
                    "layer \(index + 1) (\(layer.summary)) is not in the lab yet; it trains dense, conv2d, "
                        + "pooling and flatten layers with relu, tanh and sigmoid so far", reason: .notTrainable)
            }
        }
        return analysis
    }

    /// Builds the network a model spec describes, so that one spec can be estimated and trained.
    /// A final softmax belongs to the cross-entropy loss; the layers the lab does not train yet
    /// are refused by name (``validate(_:loss:)``), before anything is allocated.
    public static func from(
        _ spec: ModelSpec, seed: UInt64, gemm: any GEMMBackend = SwiftGEMM(),
        loss: LossKind = .crossEntropy
    ) throws(ModelSpecError) -> Network {
        let analysis = try validate(spec, loss: loss)
        var random = SeededRandom(seed: seed)
        var layers: [any NetworkLayer] = []
        // Samples are flat rows; images are read channel-major, as the spec's shapes are.
        var image =
            spec.input.count == 3
            ? ImageShape(channels: spec.input[0], height: spec.input[1], width: spec.input[2]) : nil
        var width = spec.input.reduce(1, *)
        var specIndices: [Int] = []
        for (specIndex, layer) in spec.layers.enumerated() {
            // Whatever this layer appends is named after its place in the spec.
            defer { specIndices += repeatElement(specIndex, count: layers.count - specIndices.count) }
            switch layer {
            case .dense(let units, let bias):
                layers.append(Dense(inputs: width, outputs: units, bias: bias, random: &random, gemm: gemm))
                width = units
            case .conv2d(let filters, _, _, _, let bias):
                // validate() refused a layer without an image or whose kernel does not fit.
                guard let shape = image,
                    let geometry = try? WindowGeometry(layer, height: shape.height, width: shape.width)
                else { continue }
                let conv = Conv2D(
                    input: shape, filters: filters, geometry: geometry, bias: bias, random: &random, gemm: gemm)
                layers.append(conv)
                image = conv.output
                width = conv.output.count
            case .maxPool2d, .avgPool2d:
                guard let shape = image,
                    let geometry = try? WindowGeometry(layer, height: shape.height, width: shape.width)
                else { continue }
                let kind: Pooling.Kind = if case .maxPool2d = layer { .max } else { .average }
                let pool = Pooling(kind, input: shape, geometry: geometry)
                layers.append(pool)
                image = pool.output
                width = pool.output.count
            case .activation(.relu): layers.append(Activation(.relu))
            case .activation(.tanh): layers.append(Activation(.tanh))
            case .activation(.sigmoid): layers.append(Activation(.sigmoid))
            case .flatten: image = nil  // the rows are flat already: only the shape changes
            default: break  // the final softmax, folded into the loss
            }
        }
        return Network(
            layers: layers, inputs: spec.input.reduce(1, *), classes: analysis.outputShape.last ?? width,
            loss: loss.make(), specIndices: specIndices)
    }

    /// Every parameter, frozen or not.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// The parameters that train: those of the layers from ``firstTrainable`` up. The optimiser
    /// steps these alone, so frozen ones get no update and no optimiser state.
    public var trainableParameters: [Parameter] { layers[firstTrainable...].flatMap(\.parameters) }

    /// Number of layers with parameters (dense and conv), the most ``freeze(first:)`` takes.
    public var parameterisedLayerCount: Int { layers.filter { !$0.parameters.isEmpty }.count }

    /// Keeps the first `count` layers with parameters fixed (transfer learning's frozen base): no
    /// update, no optimiser state, no weight gradient for them, and no input gradient below the
    /// lowest layer that trains; the backward pass stops there. 0 trains everything.
    /// - Throws: ``NetworkWeightsError/Reason/freezeBeyondLayers`` when `count` is negative or
    ///   past ``parameterisedLayerCount``.
    public func freeze(first count: Int) throws(NetworkWeightsError) {
        let parameterised = layers.indices.filter { !layers[$0].parameters.isEmpty }
        guard (0...parameterised.count).contains(count) else {
            throw NetworkWeightsError(
                "cannot freeze \(count) layers: the network has \(parameterised.count) with parameters",
                reason: .freezeBeyondLayers)
        }
        firstTrainable = count == 0 ? 0 : count < parameterised.count ? parameterised[count] : layers.count
    }

    /// Number of trainable values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Logits for a batch.
    public func forward(_ batch: Buffer) -> Buffer {
        layers.reduce(batch) { $1.forward($0) }
    }

    /// One step of back-propagation; returns the batch's loss. Gradients land in the trainable
    /// parameters. Backward runs down to ``firstTrainable`` and no further, and asks that layer for
    /// no input gradient: nothing below it trains, so nothing reads one.
    @discardableResult
    public func lossAndGradients(_ batch: Buffer, labels: ArraySlice<Int32>) -> Float {
        let logits = forward(batch)
        let loss = lossFunction.loss(logits, labels: labels)
        var gradient = lossFunction.gradient
        for index in stride(from: layers.count - 1, through: firstTrainable, by: -1) {
            gradient = layers[index].backward(gradient, inputGradient: index > firstTrainable)
        }
        return loss
    }
}
