import FootprintCore

/// One held-out network of a calibration's validation: trained for `epochs` epochs over
/// `samples` synthetic samples at `batch`, and run forward over the same samples.
public struct ValidationConfiguration: Sendable {
    /// "mlp 4×192 tanh, batch 48", for tables and task names.
    public var name: String
    public var spec: ModelSpec
    public var batch: Int
    /// D, the training samples.
    public var samples: Int
    /// E, the epochs of one training run.
    public var epochs: Int
    /// The training run, measured per sample-epoch.
    public var training: CalibrationWorkload
    /// Forward passes over the training samples, measured per sample.
    public var inference: CalibrationWorkload

    /// D × E: the samples one training run processes.
    public var sampleEpochs: Int { samples * epochs }
}

/// How big the validation's networks and data are.
public enum ValidationSize: String, Sendable, Hashable, Codable, CaseIterable {
    /// The held-out set the calibration is judged on: each training run at least
    /// ``ValidationSet/leastSampleEpochs`` sample-epochs, about five minutes on a 2-core machine.
    case standard
    /// The same kinds of network at a few hundred sample-epochs: seconds, for tests; its figures
    /// say nothing about the calibration's accuracy.
    case tiny
}

/// The held-out networks a calibration is validated on: MLPs and convolutional networks of the
/// layer kinds the lab trains (dense, conv2d, max and average pooling, flatten, ReLU, tanh and
/// sigmoid, a final softmax), at depths, widths, batch sizes and data sizes chosen apart from the
/// round figures a calibration's micro-benchmarks use (widths such as 48, 96, 160, 224, 384;
/// batches 20 to 112, none a power of two; several epochs where a calibration runs one), on synthetic data (``DataRecipe/Source/synthetic``).
public enum ValidationSet {
    /// The least training a standard configuration has: the issue's "at least 20,000
    /// sample-epochs", so that the run is long enough to be measured as a whole.
    public static let leastSampleEpochs = 20_000

    /// The configurations at `size`, in the order they are measured.
    public static func configurations(_ size: ValidationSize) -> [ValidationConfiguration] {
        blueprints.map { $0.configuration(size) }
    }

    /// Names of the configurations whose training or inference has the same features per sample
    /// (within 1 %) as one of `calibration`'s points of the same pass: such a configuration is not
    /// held out. Empty when every configuration is new to the calibration.
    public static func overlaps(
        _ configurations: [ValidationConfiguration], with calibration: EnergyCalibration
    ) -> [String] {
        configurations.filter { configuration in
            [configuration.training, configuration.inference].contains { planned in
                guard let analysis = try? planned.spec.analyze(),
                    let features = try? CalibrationFeatures.of(analysis, batch: planned.batch)
                else { return false }
                let x = features.vector(calibration.features, for: planned.pass)
                return calibration.points.contains { point in
                    point.pass == planned.pass && point.features.count == x.count
                        && zip(point.features, x).allSatisfy { a, b in abs(a - b) <= 0.01 * max(abs(a), abs(b)) }
                }
            }
        }.map(\.name)
    }

    /// A configuration before its size is chosen.
    struct Blueprint {
        enum Shape {
            /// `depth` dense layers of `width` units (the last of them is the output's).
            case mlp(inputs: Int, depth: Int, width: Int)
            /// Two 3×3 convolutions of `filters` and 2 × `filters`, each with a 2×2 pooling.
            case cnn(channels: Int, side: Int, filters: Int, pooling: Pooling)
        }
        enum Pooling { case max, average }

        var shape: Shape
        var activation: Layer.Activation
        var batch: Int
        var samples: Int
        var epochs: Int

        static let classes = 10

        var spec: ModelSpec {
            switch shape {
            case .mlp(let inputs, let depth, let width):
                var layers: [Layer] = []
                for _ in 1..<depth { layers += [.dense(units: width, bias: true), .activation(activation)] }
                layers += [.dense(units: Self.classes, bias: true), .softmax]
                return ModelSpec(name: "mlp-\(depth)x\(width)-\(activation.rawValue)", input: [inputs], layers: layers)
            case .cnn(let channels, let side, let filters, let pooling):
                let pool: Layer = pooling == .max ? .maxPool2d(size: 2, stride: 2) : .avgPool2d(size: 2, stride: 2)
                let layers: [Layer] = [
                    .conv2d(filters: filters, kernel: 3, stride: 1, padding: .same, bias: true),
                    .activation(activation), pool,
                    .conv2d(filters: 2 * filters, kernel: 3, stride: 1, padding: .same, bias: true),
                    .activation(activation), pool, .flatten, .dense(units: Self.classes, bias: true), .softmax
                ]
                return ModelSpec(
                    name: "cnn-\(filters)-\(2 * filters)-\(activation.rawValue)", input: [channels, side, side],
                    layers: layers)
            }
        }

        var inputs: Int {
            switch shape {
            case .mlp(let inputs, _, _): inputs
            case .cnn(let channels, let side, _, _): channels * side * side
            }
        }

        var name: String {
            let body: String
            switch shape {
            case .mlp(let inputs, let depth, let width):
                body = "mlp \(depth)×\(width) \(activation.rawValue) on \(inputs)"
            case .cnn(let channels, let side, let filters, let pooling):
                body =
                    "cnn \(filters)-\(2 * filters) \(activation.rawValue) \(pooling == .max ? "max" : "avg")pool "
                    + "on \(channels)×\(side)×\(side)"
            }
            return body + ", batch \(batch)"
        }

        func configuration(_ size: ValidationSize) -> ValidationConfiguration {
            // The tiny size keeps the networks (and so their features) and cuts the data.
            let (samples, epochs, least) =
                switch size {
                case .standard: (self.samples, self.epochs, RepetitionProtocol.tickResolvedSeconds)
                case .tiny: (max(batch * 2, 64), 1, 0.02)
                }
            let data = DataRecipe(
                source: .synthetic, trainSamples: samples, testSamples: 64, inputs: inputs, classes: Self.classes,
                seed: 7)
            let spec = spec
            let training = Workload(
                kind: .train, model: .network(spec), data: data, epochs: epochs, batch: batch,
                optimizer: CalibrationDesign.optimizer, minimumSeconds: least)
            let inference = Workload(
                kind: .inference, model: .network(spec), data: data, epochs: 1, batch: batch, minimumSeconds: least)
            return ValidationConfiguration(
                name: name, spec: spec, batch: batch, samples: samples, epochs: epochs,
                training: CalibrationWorkload(
                    label: name + ", training", pass: .training, spec: spec, batch: batch, workload: training),
                inference: CalibrationWorkload(
                    label: name + ", inference", pass: .inference, spec: spec, batch: batch, workload: inference))
        }
    }

    /// The held-out set: six MLPs (3 to 6 layers, widths 48 to 384, the three activations) and
    /// four convolutional networks (5 to 12 filters, then twice as many; max and average pooling;
    /// one or three channels of 9 to 14 pixels a side), batches 20 to 112, none of them a power
    /// of two, as a calibration's are.
    static let blueprints: [Blueprint] = [
        Blueprint(
            shape: .mlp(inputs: 40, depth: 3, width: 96), activation: .relu, batch: 24, samples: 2_500, epochs: 8),
        Blueprint(
            shape: .mlp(inputs: 100, depth: 4, width: 192), activation: .tanh, batch: 48, samples: 2_000, epochs: 10),
        Blueprint(
            shape: .mlp(inputs: 64, depth: 5, width: 160), activation: .sigmoid, batch: 80, samples: 2_400, epochs: 9),
        Blueprint(
            shape: .mlp(inputs: 20, depth: 6, width: 48), activation: .relu, batch: 20, samples: 4_000, epochs: 5),
        Blueprint(
            shape: .mlp(inputs: 200, depth: 3, width: 384), activation: .relu, batch: 112, samples: 2_000, epochs: 10),
        Blueprint(
            shape: .cnn(channels: 1, side: 12, filters: 6, pooling: .max), activation: .relu, batch: 40,
            samples: 2_000, epochs: 10),
        Blueprint(
            shape: .cnn(channels: 3, side: 10, filters: 10, pooling: .average), activation: .tanh, batch: 72,
            samples: 2_520, epochs: 8),
        Blueprint(
            shape: .mlp(inputs: 128, depth: 4, width: 224), activation: .relu, batch: 56, samples: 2_000, epochs: 12),
        Blueprint(
            shape: .cnn(channels: 3, side: 9, filters: 12, pooling: .max), activation: .sigmoid, batch: 24,
            samples: 2_000, epochs: 10),
        Blueprint(
            shape: .cnn(channels: 1, side: 14, filters: 5, pooling: .average), activation: .relu, batch: 96,
            samples: 2_500, epochs: 8)
    ]
}
