import FootprintCore

/// A sequential network for classification: layers, then softmax cross-entropy on the logits.
public final class Network {
    public let layers: [NetworkLayer]
    public let inputs: Int
    public let classes: Int
    let lossFunction = SoftmaxCrossEntropy()

    public init(layers: [NetworkLayer], inputs: Int, classes: Int) {
        self.layers = layers
        self.inputs = inputs
        self.classes = classes
    }

    /// Builds the network a model spec describes, so that one spec can be estimated and trained.
    /// A final softmax is the loss's; the layers the lab does not train yet are refused by name.
    public static func from(_ spec: ModelSpec, seed: UInt64, gemm: any GEMMBackend = SwiftGEMM()) throws(ModelSpecError) -> Network {
        let analysis = try spec.analyze()
        guard spec.input.count == 1 else {
            throw ModelSpecError("the lab trains networks on flat inputs ([features]) so far; \(spec.name) takes \(spec.input)")
        }
        var random = SeededRandom(seed: seed)
        var layers: [NetworkLayer] = []
        var width = spec.input[0]
        for (index, layer) in spec.layers.enumerated() {
            switch layer {
            case .dense(let units, _):
                layers.append(Dense(inputs: width, outputs: units, random: &random, gemm: gemm))
                width = units
            case .activation(.relu): layers.append(Activation(.relu))
            case .activation(.tanh): layers.append(Activation(.tanh))
            case .activation(.sigmoid): layers.append(Activation(.sigmoid))
            case .softmax where index == spec.layers.count - 1: break
            case .flatten: break
            default:
                throw ModelSpecError("layer \(index + 1) (\(layer.summary)) is not in the lab yet; it trains dense layers "
                    + "with relu, tanh and sigmoid so far")
            }
        }
        return Network(layers: layers, inputs: spec.input[0], classes: analysis.outputShape.last ?? width)
    }

    /// Every trainable parameter.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Number of trainable values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Logits for a batch.
    public func forward(_ batch: Buffer) -> Buffer {
        layers.reduce(batch) { $1.forward($0) }
    }

    /// One step of back-propagation; returns the batch's loss. Gradients land in the parameters.
    @discardableResult
    public func lossAndGradients(_ batch: Buffer, labels: ArraySlice<Int32>) -> Float {
        let logits = forward(batch)
        let loss = lossFunction.loss(logits, labels: labels)
        var gradient = lossFunction.gradient
        for layer in layers.reversed() { gradient = layer.backward(gradient) }
        return loss
    }
}
