import FootprintCore

/// The micro-benchmarks `footprint lab calibrate` measures: small networks chosen so that every
/// coefficient of the calibrated model is identifiable, each run for inference and for training at
/// several batch sizes.
///
/// A feature can only be told from the others when some networks have much of it and others
/// little, so the set isolates each kind of layer and varies its share:
/// - the loss alone behind one dense layer, at 2 to 200 classes;
/// - dense layers square, wide-and-short and deep-and-narrow, so that FLOPs (inputs × outputs) and
///   values moved (inputs + outputs) part ways;
/// - stacks of ReLU, tanh and sigmoid on a wide layer, whose cost is almost all activation;
/// - max and average pooling after a 1×1 convolution; convolutions of 4 to 32 filters, kernels of
///   3 and 5, with and without padding, on 8×8 and 16×16 images;
///
/// Activations and pooling always follow a layer with weights: training runs backward no further
/// than the first one, so a stack on the raw input would measure no backward pass at all.
/// - and whole small networks (MLPs of one to three hidden layers, one with tanh, two conv–pool–conv
///   nets), so that the per-layer costs are fitted where they must add up.
///
/// The batch sizes (8 to 256) separate the per-sample work from what a batch pays once (the
/// parameters read and updated, a cost per layer call, a cost per batch). Every network trains
/// with SGD at momentum 0.9, as the experiment suite does (``optimizer``).
public enum CalibrationDesign {
    /// How much to measure.
    public enum Scale: String, Sendable, CaseIterable {
        /// The full set: 36 configurations, 72 measurements.
        case full
        /// Nine tiny networks, enough to fit the model once: for tests, figures rough.
        case smoke
    }

    /// The optimiser every training micro-benchmark steps with; validation should use the same.
    public static let optimizer = OptimizerSetting.sgd(learningRate: 0.05, momentum: 0.9)

    /// One network of the design and the batch sizes it is measured at.
    struct Entry {
        var spec: ModelSpec
        var batches: [Int]

        /// The classes of its data: the network's outputs.
        var classes: Int { (try? spec.analyze())?.outputShape.reduce(1, *) ?? 1 }
    }

    /// The measurements at `scale`, inference then training for each network and batch, each
    /// repeated until it has lasted `minimumSeconds` (so that the meter resolves it).
    public static func workloads(_ scale: Scale, minimumSeconds: Double) -> [CalibrationWorkload] {
        entries(scale).flatMap { entry -> [CalibrationWorkload] in
            let data = recipe(entry, scale: scale)
            return entry.batches.flatMap { batch -> [CalibrationWorkload] in
                CalibratedPass.allCases.map { pass in
                    let workload = Workload(
                        kind: pass == .training ? .train : .inference, model: .network(entry.spec), data: data,
                        epochs: 1, batch: batch, optimizer: optimizer, minimumSeconds: minimumSeconds)
                    return CalibrationWorkload(
                        label: "\(entry.spec.name), batch \(batch), \(pass.rawValue)", pass: pass, spec: entry.spec,
                        batch: batch, workload: workload)
                }
            }
        }
    }

    /// The layer kinds the design measures: every kind a calibration knows.
    public static let layerKinds = CalibrationLayerKind.allCases

    /// Synthetic samples for `entry`: enough that one training epoch is a fair piece of work
    /// (about 3·10⁸ FLOPs, between 512 and 8,192 samples, and at most 4 million input values so
    /// that the wide inputs stay small in memory), a whole number of every batch.
    static func recipe(_ entry: Entry, scale: Scale) -> DataRecipe {
        let inputs = entry.spec.input.reduce(1, *)
        let flops = (try? entry.spec.analyze())?.trainingFLOPsPerSample ?? 0
        let samples: Int
        switch scale {
        case .full:
            let wanted = min(3e8 / (flops + 2e4), 4e6 / Double(inputs))
            samples = min(max(Int(wanted / 256) * 256, 512), 8_192)
        case .smoke:
            samples = 128
        }
        return DataRecipe(
            source: .synthetic, trainSamples: samples, testSamples: 32, inputs: inputs, classes: entry.classes, seed: 7)
    }

    static func entries(_ scale: Scale) -> [Entry] {
        switch scale {
        case .smoke:
            return [
                Entry(spec: dense("linear-16", input: 16, hidden: [], classes: 4), batches: [8, 32]),
                Entry(spec: dense("linear-8-to-20", input: 8, hidden: [], classes: 20), batches: [16, 64]),
                Entry(spec: dense("mlp-1x8-to-32", input: 8, hidden: [8], classes: 32), batches: [16, 64]),
                Entry(spec: dense("mlp-1x32", input: 16, hidden: [32], classes: 4), batches: [8, 32]),
                Entry(spec: dense("mlp-2x16", input: 32, hidden: [16, 16], classes: 8), batches: [16, 64]),
                Entry(spec: activations(.tanh, count: 2, width: 64, classes: 2), batches: [16, 64]),
                Entry(spec: activations(.sigmoid, count: 1, width: 32, classes: 3), batches: [8, 32]),
                Entry(
                    spec: conv(input: [1, 6, 6], filters: 2, kernel: 3, padding: .same, classes: 6), batches: [8, 32]),
                Entry(spec: pooling(.max, input: [2, 8, 8], classes: 10), batches: [16, 64]),
                Entry(spec: pooling(.average, input: [4, 4, 4], classes: 4), batches: [32]),
                Entry(spec: cnn(input: [1, 8, 8], filters: 2, classes: 3), batches: [16, 64])
            ]
        case .full:
            return [
                // The loss behind a single dense layer, at several class counts.
                Entry(spec: dense("linear-64-to-2", input: 64, hidden: [], classes: 2), batches: [8, 64, 256]),
                Entry(spec: dense("linear-16-to-200", input: 16, hidden: [], classes: 200), batches: [16, 128]),
                Entry(spec: dense("linear-256-to-10", input: 256, hidden: [], classes: 10), batches: [32]),
                // Dense layers: square, wide and short, deep and narrow.
                Entry(spec: dense("dense-256", input: 256, hidden: [256], classes: 10), batches: [16, 128]),
                Entry(spec: dense("dense-1024-to-32", input: 1024, hidden: [32], classes: 10), batches: [32, 256]),
                Entry(spec: dense("dense-32-to-1024", input: 32, hidden: [1024], classes: 10), batches: [64]),
                Entry(
                    spec: dense("dense-6x32", input: 32, hidden: Array(repeating: 32, count: 6), classes: 10),
                    batches: [8, 128]),
                // Activations on a wide input.
                Entry(spec: activations(.relu, count: 4, width: 2048, classes: 2), batches: [32, 256]),
                Entry(spec: activations(.tanh, count: 2, width: 1024, classes: 2), batches: [16, 128]),
                Entry(spec: activations(.sigmoid, count: 2, width: 1024, classes: 2), batches: [16, 128]),
                // Pooling on an image.
                Entry(spec: pooling(.max, input: [8, 16, 16]), batches: [32, 256]),
                Entry(spec: pooling(.average, input: [4, 32, 32]), batches: [64]),
                // Convolutions.
                Entry(spec: conv(input: [1, 8, 8], filters: 8, kernel: 3, padding: .same), batches: [16, 128]),
                Entry(spec: conv(input: [1, 8, 8], filters: 32, kernel: 3, padding: .same), batches: [64]),
                Entry(spec: conv(input: [4, 16, 16], filters: 16, kernel: 3, padding: .same), batches: [32]),
                Entry(spec: conv(input: [8, 8, 8], filters: 16, kernel: 5, padding: .same), batches: [16]),
                Entry(spec: conv(input: [2, 16, 16], filters: 4, kernel: 3, padding: .valid), batches: [8, 256]),
                // Whole small networks.
                Entry(spec: dense("mlp-2x128", input: 64, hidden: [128, 128], classes: 10), batches: [32]),
                Entry(spec: dense("mlp-3x64", input: 64, hidden: [64, 64, 64], classes: 10), batches: [16, 128]),
                Entry(spec: dense("mlp-1x512", input: 256, hidden: [512], classes: 10), batches: [64]),
                Entry(
                    spec: dense("mlp-2x64-tanh", input: 64, hidden: [64, 64], classes: 10, activation: .tanh),
                    batches: [32]),
                Entry(spec: cnn(input: [1, 8, 8], filters: 8), batches: [32]),
                Entry(spec: cnn(input: [3, 16, 16], filters: 16), batches: [64])
            ]
        }
    }

    /// Dense layers of the `hidden` widths, each with `activation` (ReLU unless told), then the
    /// output layer and its loss.
    static func dense(
        _ name: String, input: Int, hidden: [Int], classes: Int, activation: Layer.Activation = .relu
    ) -> ModelSpec {
        var layers: [Layer] = []
        for width in hidden { layers += [.dense(units: width, bias: true), .activation(activation)] }
        layers += [.dense(units: classes, bias: true), .softmax]
        return ModelSpec(name: name, input: [input], layers: layers)
    }

    /// A dense layer from 8 inputs to `width`, `count` activations in a row on its output, then a
    /// dense output layer. The first layer with weights comes before the activations because
    /// training runs backward no further than it (in the lab and in PyTorch): activations on the
    /// raw input would cost nothing to train, unlike every activation in a real network.
    static func activations(_ activation: Layer.Activation, count: Int, width: Int, classes: Int) -> ModelSpec {
        let layers: [Layer] =
            [.dense(units: width, bias: true)] + Array(repeating: .activation(activation), count: count)
            + [.dense(units: classes, bias: true), .softmax]
        return ModelSpec(name: "\(count)x\(activation.rawValue)-\(width)", input: [8], layers: layers)
    }

    enum PoolingKind: String { case max, average }

    /// A 1×1 convolution keeping the channels (cheap, and the first layer with weights, so that
    /// training runs the pooling's backward pass as a real network does), 2×2 pooling, then a
    /// dense output layer.
    static func pooling(_ kind: PoolingKind, input: [Int], classes: Int = 10) -> ModelSpec {
        let pool: Layer = kind == .max ? .maxPool2d(size: 2, stride: 2) : .avgPool2d(size: 2, stride: 2)
        return ModelSpec(
            name: "\(kind.rawValue)pool-\(shape(input))", input: input,
            layers: [
                .conv2d(filters: input.first ?? 1, kernel: 1, stride: 1, padding: .valid, bias: true), pool, .flatten,
                .dense(units: classes, bias: true), .softmax
            ])
    }

    /// One convolution with ReLU, then a dense output layer.
    static func conv(
        input: [Int], filters: Int, kernel: Int, padding: Layer.Padding, classes: Int = 10
    ) -> ModelSpec {
        ModelSpec(
            name: "conv\(kernel)x\(kernel)-\(filters)-\(padding)-\(shape(input))", input: input,
            layers: [
                .conv2d(filters: filters, kernel: kernel, stride: 1, padding: padding, bias: true),
                .activation(.relu), .flatten, .dense(units: classes, bias: true), .softmax
            ])
    }

    /// conv–ReLU–max pool–conv (twice the filters)–ReLU, then a dense output layer.
    static func cnn(input: [Int], filters: Int, classes: Int = 10) -> ModelSpec {
        ModelSpec(
            name: "cnn-\(filters)-\(2 * filters)-\(shape(input))", input: input,
            layers: [
                .conv2d(filters: filters, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
                .maxPool2d(size: 2, stride: 2),
                .conv2d(filters: 2 * filters, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
                .flatten, .dense(units: classes, bias: true), .softmax
            ])
    }

    static func shape(_ dimensions: [Int]) -> String { dimensions.map(String.init).joined(separator: "x") }
}
