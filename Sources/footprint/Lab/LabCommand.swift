import ArgumentParser
import FootprintCore
import FootprintLab
import FootprintMeter
import FootprintModels
import Foundation

/// `--blas` and `--threads`, shared by the lab's commands.
struct EngineOptions: ParsableArguments {
    @Option(
        help:
            "Matrix multiply: auto (OpenBLAS where the machine has it), swift (its fastest kernel for this CPU), swift-baseline (SSE2 only) or openblas."
    ) var blas: String = "auto"
    @Option(help: "Threads the matrix multiplies may use, 1 to 256 (products too small to gain stay on one).")
    var threads: Int = 1

    func backend() throws -> any GEMMBackend {
        guard (1...256).contains(threads) else { throw InvalidInput("--threads must be from 1 to 256; got \(threads)") }
        guard let backend = GEMMBackends.named(blas, threads: threads) else {
            throw InvalidInput(
                blas == "openblas"
                    ? "--blas openblas: no OpenBLAS on this machine (install libopenblas0), or use --blas swift"
                    : "--blas must be auto, swift, swift-baseline or openblas; got '\(blas)'")
        }
        return backend
    }
}

/// `footprint lab`: train networks on this machine with the lab's own engine.
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract:
            "Train neural networks with Footprint's own engine (the experiments of Gitzel et al. 2023 build on it).",
        subcommands: [Train.self, Bench.self, Experiments.self, Experiment.self, Calibrate.self])

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Train an MLP or a model spec on the digits or a synthetic data set, and evaluate it.",
            discussion: """
                The training and the inference are measured by Footprint's meter as two tasks (training, \
                inference) of one run in process scope, recorded in the ledger under the project lab unless \
                --no-ledger. One inference pass is far shorter than the meter resolves, so it is repeated, after \
                a warm-up pass, until it has lasted at least 1 s and ten sampling intervals, and its energy \
                divided by every sample of every pass; the training is measured once, and marked rough when it \
                is shorter than that.
                """)

        enum Data: String, ExpressibleByArgument { case digits, synthetic }
        enum OptimizerName: String, ExpressibleByArgument { case sgd, adam }
        enum SparseModel: String, ExpressibleByArgument { case lasso, l1Logistic = "l1-logistic" }

        @Option(
            help: ArgumentHelp(
                "A fully connected ReLU network, DEPTHxWIDTH (e.g. 2x128): depth 0 to 1,000, width 1 to 1,000,000,000, "
                    + "and the whole must fit in the memory available.", valueName: "depthxwidth"))
        var mlp: String?
        @Option(
            help: ArgumentHelp(
                "A model spec (JSON): dense, conv2d, pooling and flatten layers with activations.", valueName: "file"))
        var spec: String?
        @Option(
            help: ArgumentHelp("A sparse linear model instead of a network: lasso or l1-logistic.", valueName: "model"))
        var sparse: SparseModel?
        @Option(help: "L1 strength λ of the sparse models, 0 to 1,000.") var lambda: Double = 1e-3
        @Option(help: "digits (1,797 8×8 images) or synthetic.") var data: Data = .digits
        @Option(help: "Samples of the synthetic data set, 2 to 10,000,000.") var samples: Int = 10_000
        @Option(help: "Inputs of the synthetic data set, 1 to 100,000.") var inputs: Int = 64
        @Option(
            help:
                "Epochs, 1 to 100,000 (default 30); for --sparse, FISTA iterations (default 300) or Lasso sweeps (default 100)."
        )
        var epochs: Int?
        @Option(help: "Mini-batch size, 1 to 65,536.") var batch: Int = 32
        @Option(help: "Learning rate, 1e-8 to 10.") var lr: Double = 0.1
        @Option(help: "SGD momentum, from 0 up to (not including) 1.") var momentum: Double = 0.9
        @Option(help: "sgd or adam.") var optimizer: OptimizerName = .sgd
        @Option(help: "cross-entropy (softmax on the outputs) or mse (mean squared error against one-hot targets).")
        var loss: LossKind = .crossEntropy
        @Option(help: "Seed for weights, data and batch order.") var seed: UInt64 = 1
        @OptionGroup var engine: EngineOptions
        @Option(
            help: ArgumentHelp(
                "After training, prune this share of the dense and conv weights by magnitude (0 to 1) and compare dense and sparse (CSR) inference.",
                valueName: "share"))
        var prune: Double?
        @Flag(help: "After training, also evaluate with the weights stored in Float16 (half the bytes).") var fp16 =
            false
        @Option(help: "Share of the data held out for testing, between 0 and 1.") var testFraction: Double = 0.2
        @Option(
            help: ArgumentHelp(
                "After training, write the weights (before any --prune) and the model spec to this file, "
                    + "in the safetensors format PyTorch loads.", valueName: "file"))
        var save: String?
        @Option(
            name: .customLong("init"),
            help: ArgumentHelp(
                "Start from the weights in this file (one --save wrote) instead of random ones; every tensor's "
                    + "name and shape must fit. Without --mlp or --spec, the model is the one the file holds.",
                valueName: "file"))
        var initial: String?
        @Option(
            help: ArgumentHelp(
                "Keep the first N layers with weights (dense, conv2d) fixed, as transfer learning does: no update "
                    + "and no gradients for them. From 0 to the model's number of such layers.",
                valueName: "n"))
        var freeze: Int = 0
        @OptionGroup(title: "Measurement") var meter: LabMeterOptions
        @Flag(help: "Print JSON.") var json = false

        struct Output: Encodable {
            var model: String
            var data: String
            var trainSamples: Int, testSamples: Int
            var parameters: Int
            var nonzeroFraction: Double
            var epochs: Int
            /// The loss a network trained on; nil for the sparse models, which name their method in `model`.
            var loss: String?
            /// nil where the method has no such figure (the Lasso's loss is not a classification loss).
            var finalTrainLoss: Float?
            var testLoss: Float?
            var testAccuracy: Double
            var trainingSeconds: Double
            var samplesPerSecond: Double
            /// The model spec's training FLOPs (3 × forward, `model show`'s convention) at the measured
            /// rate: model FLOPs achieved, to set against a device's peak when estimating. The engine
            /// does slightly less work than counted (no input gradient for the first layer).
            var achievedGFLOPs: Double?
            var engine: String
            var fp16TestAccuracy: Double?
            var fp16ParameterBytes: Int?
            var fp32ParameterBytes: Int?
            var prunedTestAccuracy: Double?
            var denseInferSamplesPerS: Double?
            var sparseInferSamplesPerS: Double?
            /// Parameters the optimiser updated: all of them unless layers were frozen.
            var trainableParameters: Int?
            /// Layers with weights kept fixed (`--freeze`); nil for the sparse models.
            var frozenLayers: Int?
            /// The weights file training started from, and the one it wrote.
            var initialWeights: String?
            var savedWeights: String?

            enum CodingKeys: String, CodingKey {
                case model, data, parameters, epochs, engine, loss
                case trainableParameters = "trainable_parameters", frozenLayers = "frozen_layers"
                case initialWeights = "initial_weights", savedWeights = "saved_weights"
                case trainSamples = "train_samples", testSamples = "test_samples", nonzeroFraction = "nonzero_fraction"
                case finalTrainLoss = "final_train_loss", testLoss = "test_loss", testAccuracy = "test_accuracy"
                case trainingSeconds = "training_seconds", samplesPerSecond = "samples_per_second"
                case achievedGFLOPs = "achieved_gflops"
                case fp16TestAccuracy = "fp16_test_accuracy", fp16ParameterBytes = "fp16_parameter_bytes"
                case fp32ParameterBytes = "fp32_parameter_bytes"
                case prunedTestAccuracy = "pruned_test_accuracy", denseInferSamplesPerS = "dense_infer_samples_per_s"
                case sparseInferSamplesPerS = "sparse_infer_samples_per_s"
            }
        }

        func run() throws {
            // Every option first, then the model and its memory, and only then data and weights.
            try LabBounds.check(lr, LabBounds.learningRate, "--lr")
            guard momentum.isFinite, (0..<1).contains(momentum) else {
                throw InvalidInput(
                    "--momentum must be from 0 up to (not including) 1; got \(Format.significant(momentum))")
            }
            guard testFraction.isFinite, testFraction > 0, testFraction < 1 else {
                throw InvalidInput("--test-fraction must be between 0 and 1; got \(Format.significant(testFraction))")
            }
            if let epochs { try LabBounds.check(epochs, LabBounds.epochs, "--epochs") }
            try LabBounds.check(batch, LabBounds.batch, "--batch")
            if let prune, !(prune.isFinite && (0...1).contains(prune)) {
                throw InvalidInput("--prune takes a share from 0 to 1; got \(Format.significant(prune))")
            }
            let (dataInputs, dataSamples): (Int, Int)
            switch data {
            case .digits: (dataInputs, dataSamples) = (64, 1_797)
            case .synthetic:
                try LabBounds.check(samples, LabBounds.samples, "--samples")
                try LabBounds.check(inputs, LabBounds.inputs, "--inputs")
                (dataInputs, dataSamples) = (inputs, samples)
            }
            let classes = 10
            if let sparse {
                guard mlp == nil, spec == nil else { throw InvalidInput("give --sparse, --mlp or --spec, one of them") }
                guard save == nil, initial == nil, freeze == 0 else {
                    throw InvalidInput("--save, --init and --freeze are for networks (--mlp, --spec), not --sparse")
                }
                try LabBounds.check(lambda, LabBounds.lambda, "--lambda")
                if let available = AvailableMemory.read() {
                    try LabBounds.withMemoryAdvice {
                        try TrainingMemory(linearModelOn: dataSamples, inputs: dataInputs, classes: classes)
                            .check(model: sparse.rawValue, batch: dataSamples, against: available)
                    }
                }
                let session = try meter.session(name: "lab train \(sparse.rawValue) on \(data.rawValue)")
                return try trainSparse(sparse, on: try dataset(), session: session)
            }
            let epochs = self.epochs ?? 30
            // A place to save that cannot be written is found now, not after the training.
            if let save, let problem = FileProblem.check(save, access: .write) { throw problem }
            let start = try initial.map(Self.readWeights)
            let modelSpec: ModelSpec
            switch (mlp, spec) {
            case (let shape?, nil):
                let (depth, width) = try LabBounds.shape(shape, flag: "--mlp", example: "2x128")
                var mlpSpec = ModelSpec.mlp(inputs: dataInputs, depth: depth, width: width, classes: classes)
                // The generated spec's softmax stands for the cross-entropy loss; mse trains the raw outputs.
                if loss == .meanSquaredError { mlpSpec.layers.removeLast() }
                modelSpec = mlpSpec
            case (nil, let path?):
                let data = try ModelFile.data(at: path)
                do { modelSpec = try SpecModel.labNetwork(parsing: data) } catch { throw error.at(path: path) }
            case (nil, nil):
                guard let start else {
                    throw InvalidInput("give --mlp DEPTHxWIDTH, --spec FILE or --sparse lasso|l1-logistic")
                }
                guard let fileSpec = start.spec else {
                    throw InvalidInput(
                        .unusableFile,
                        "--init \(start.path): the file holds no Footprint model spec (written elsewhere?); "
                            + "give the model with --mlp or --spec")
                }
                modelSpec = fileSpec
            case (_?, _?): throw InvalidInput("give --mlp or --spec, not both")
            }
            // What the lab cannot train yet is the more useful message, so it comes first.
            let analysis = try Network.validate(modelSpec, loss: loss)
            guard modelSpec.input.reduce(1, *) == dataInputs else {
                throw InvalidInput(
                    "\(modelSpec.name) takes input \(modelSpec.input), but \(data.rawValue) has \(dataInputs) features")
            }
            guard analysis.outputShape.last == classes else {
                throw InvalidInput(
                    "\(modelSpec.name) has \(analysis.outputShape.last ?? 0) outputs; \(data.rawValue) has \(classes) classes"
                )
            }
            let parameterised = analysis.layers.filter { $0.parameters > 0 }.count
            guard (0...parameterised).contains(freeze) else {
                throw InvalidInput(
                    .outOfBounds,
                    "--freeze must be from 0 to \(parameterised), the layers with weights in \(modelSpec.name); "
                        + "got \(freeze)")
            }
            let moments = optimizer == .adam ? 2 : (momentum == 0 ? 0 : 1)
            if prune != nil, let layer = analysis.layers.first(where: { $0.parameters > CSRMatrix.maximumValues }) {
                throw InvalidInput(
                    "--prune: layer \(layer.index) (\(layer.layer.summary)) has more than 2,147,483,647 weights, "
                        + "more than the sparse (CSR) form's 32-bit positions address")
            }
            // Pruning sorts a copy of the magnitudes (two copies at its peak); fp16 sets the weights aside.
            try LabBounds.checkMemory(
                analysis, batch: batch, optimizerMoments: moments, samples: dataSamples, inputs: dataInputs,
                extraCopies: (prune == nil ? 0 : 2) + (fp16 ? 1 : 0))
            // The ledger is opened (and a run that cannot be recorded refused) before any training.
            let session = try meter.session(name: "lab train \(modelSpec.name) on \(data.rawValue)")
            let dataset = try dataset()
            let gemm = try engine.backend()
            let network = try Network.from(modelSpec, seed: seed, gemm: gemm, loss: loss)
            if let start {
                do {
                    try NetworkWeights.load(start.file, into: network)
                } catch {
                    throw InvalidInput(.unusableFile, "--init \(start.path): \(error.message)")
                }
            }
            do {
                try network.freeze(first: freeze)
            } catch {
                throw InvalidInput(.outOfBounds, "--freeze: \(error.message)")  // bounded above, so not expected
            }
            let (train, test) = dataset.split(testFraction: testFraction, seed: seed)
            let trainer: Trainer
            do throws(InvalidInput) {
                trainer = try Trainer(epochs: epochs, batchSize: batch, seed: seed)
            } catch {
                throw error.naming(flags: [Trainer.Subject.epochs: "--epochs", Trainer.Subject.batchSize: "--batch"])
            }
            let chosen: any Optimizer =
                optimizer == .sgd
                ? SGD(learningRate: Float(lr), momentum: Float(momentum)) : Adam(learningRate: Float(lr))
            try Self.start(session)
            // Training is measured once, as it ran: a repeat would be another training (other weights,
            // other optimiser state) and cost as much again; one shorter than the protocol's minimum
            // is flagged as rough instead (`training_energy_unresolved`).
            // Under `footprint run`, each epoch is marked on its task pipe, for its forecasts (--epochs).
            let marks = TaskMarkWriter(environment: ProcessInfo.processInfo.environment)
            let (result, training) = session.measure("training") {
                trainer.train(network, on: train, test: test, optimizer: chosen) { epoch, body in
                    marks?.start("epoch \(epoch)")
                    body()
                    marks?.stop("epoch \(epoch)")
                }
            }
            marks?.close()
            let inference = Self.measureInference(session, over: test, batch: batch) { _ = network.forward(Buffer($0)) }
            session.finishReporting()
            let energy = LabEnergyReport(
                session: session, recorded: !meter.noLedger, training: training, inference: inference)
            if let save {
                let producer = "footprint \(Footprint.configuration.version) lab train"
                try FileProblem.writeAtomically(
                    Foundation.Data(NetworkWeights.encode(network, spec: modelSpec, producer: producer)), to: save)
            }
            // Half precision first, on the trained (unpruned) weights.
            var half: (accuracy: Double, bytes: Int)?
            if fp16 {
                let inference = HalfPrecisionInference(network)
                half = (
                    trainer.evaluate(network, on: test, forward: inference.forward).accuracy, inference.parameterBytes
                )
            }
            var pruning: (accuracy: Double, nonzero: Double, dense: Double, sparse: Double)?
            if let prune {
                let dense = Self.inferenceRate(test) { _ = network.forward(Buffer($0)) }
                let zeroShare = MagnitudePruning.prune(network, sparsity: prune)
                let sparse = try SparseInference(network)
                let sparseRate = try Self.inferenceRate(test) { _ = try sparse.forward($0) }
                pruning = (trainer.evaluate(network, on: test).accuracy, 1 - zeroShare, dense, sparseRate)
            }
            var output = Output(
                model: modelSpec.name, data: dataset.source, trainSamples: train.count, testSamples: test.count,
                parameters: result.parameters, nonzeroFraction: pruning?.nonzero ?? result.nonzeroFraction,
                epochs: epochs,
                loss: loss.rawValue,
                finalTrainLoss: result.epochLosses.last, testLoss: result.testLoss,
                testAccuracy: result.testAccuracy, trainingSeconds: result.trainingSeconds,
                samplesPerSecond: result.samplesPerSecond, engine: gemm.name)
            // Frozen layers run forward only: the work counted is the work done.
            let trainingFLOPs =
                freeze == 0
                ? analysis.trainingFLOPsPerSample
                : analysis.trainingFLOPsPerSample(
                    firstTrainable: network.specIndices.indices.contains(network.firstTrainable)
                        ? network.specIndices[network.firstTrainable] : modelSpec.layers.count)
            output.achievedGFLOPs = trainingFLOPs * result.samplesPerSecond / 1e9
            output.trainableParameters = network.trainableParameters.reduce(0) { $0 + $1.count }
            output.frozenLayers = freeze
            output.initialWeights = initial
            output.savedWeights = save
            output.fp16TestAccuracy = half?.accuracy
            output.fp16ParameterBytes = half?.bytes
            output.fp32ParameterBytes = half.map { _ in result.parameters * 4 }
            output.prunedTestAccuracy = pruning?.accuracy
            output.denseInferSamplesPerS = pruning?.dense
            output.sparseInferSamplesPerS = pruning?.sparse
            // A learning rate too large for the model sends the loss to infinity or NaN: say so, and
            // leave the losses out of the JSON (null) rather than write a number JSON does not have.
            if !(result.epochLosses.last ?? 0).isFinite || !result.testLoss.isFinite {
                Terminal.standardError(
                    "warning: training diverged (the loss is not a finite number): try a smaller --lr")
                (output.finalTrainLoss, output.testLoss) = (nil, nil)
            }
            if json { return try JSONOutput.print(MergedJSON(first: output, second: energy)) }
            if let half {
                print(
                    "fp16        weights in half precision (\(half.bytes) bytes instead of \(result.parameters * 4)): "
                        + "\(Format.percent(half.accuracy)) test accuracy")
            }
            if let pruning, let prune {
                print(
                    """
                    pruned      \(Format.percent(prune)) of weights by magnitude: \(Format.percent(pruning.accuracy)) test accuracy; \
                    inference \(Format.significant(pruning.dense)) samples/s dense, \(Format.significant(pruning.sparse)) samples/s sparse (CSR)
                    """)
            }
            print(
                """
                \(Terminal.bold("\(modelSpec.name) on \(data.rawValue)")): \(Format.percent(result.testAccuracy)) test accuracy
                  test loss   \(Format.significant(Double(result.testLoss))) (train loss \(Format.significant(Double(result.epochLosses.last ?? .nan))) in the last epoch)
                  data        \(train.count) training, \(test.count) test samples — \(dataset.source)
                  model       \(Format.fixed(Double(result.parameters), decimals: 0)) parameters, \(Format.percent(result.nonzeroFraction)) non-zero
                  training    \(epochs) epochs of batch \(batch), \(optimizer.rawValue) on \(loss.rawValue), lr \(Format.significant(lr)): \(FootprintCore.Duration.seconds(result.trainingSeconds)), \(Format.significant(result.samplesPerSecond)) samples/s, \(Format.significant(output.achievedGFLOPs ?? 0)) GFLOP/s
                """)
            if let weights = Self.weightsLine(output) { print("  " + weights) }
            for line in energy.lines { print("  " + line) }
        }

        /// Starts the session's run: its record begins here.
        static func start(_ session: MeasuredSession) throws {
            do {
                try session.start()
            } catch {
                throw CommandFailure.keepingKnown(error)
            }
        }

        /// One inference pass over `data` in batches of `batch`, repeated as the run's "inference"
        /// task until the meter resolves it; nil when there is no test sample to infer.
        static func measureInference(
            _ session: MeasuredSession, over data: Dataset, batch: Int, _ forward: (Matrix) -> Void
        ) -> RepeatedPhase? {
            guard data.count > 0 else { return nil }
            let batches = Self.batches(of: data, size: batch)
            return session.measureRepeated("inference", samplesPerPass: data.count) {
                for batch in batches { forward(batch) }
            }
        }

        /// The data's features in batches of `size` samples (the last one shorter).
        static func batches(of data: Dataset, size: Int) -> [Matrix] {
            stride(from: 0, to: data.count, by: size).map {
                data.subset(Array($0..<min($0 + size, data.count))).features
            }
        }

        /// A weights file to start from, read and checked before anything is allocated.
        static func readWeights(_ path: String) throws -> (path: String, file: SafeTensors, spec: ModelSpec?) {
            do {
                let file = try SafeTensors(parsing: Array(try FileProblem.read(path)))
                return (path, file, try NetworkWeights.spec(in: file))
            } catch let error as SafeTensorsError {
                throw InvalidInput(.unusableFile, "--init \(path) is not a readable safetensors file: \(error.message)")
            } catch let error as NetworkWeightsError {
                throw InvalidInput(.unusableFile, "--init \(path): \(error.message)")
            } catch let error as FileProblem {
                throw InvalidInput(.unusableFile, "--init: \(error.statement)")
            }
        }

        /// "weights     from a.safetensors; first 2 layers with weights frozen (1,290 of 26,122 parameters train);
        /// saved to b.safetensors",
        /// or nil when no weights were read, frozen or written.
        static func weightsLine(_ output: Output) -> String? {
            var parts: [String] = []
            if let initial = output.initialWeights { parts.append("from \(initial)") }
            if let frozen = output.frozenLayers, frozen > 0 {
                parts.append(
                    "first \(frozen) layer\(frozen == 1 ? "" : "s") with weights frozen "
                        + "(\(Format.fixed(Double(output.trainableParameters ?? 0), decimals: 0)) of "
                        + "\(Format.fixed(Double(output.parameters), decimals: 0)) parameters train)")
            }
            if let saved = output.savedWeights { parts.append("saved to \(saved)") }
            return parts.isEmpty ? nil : "weights     " + parts.joined(separator: "; ")
        }

        /// Samples per second of `forward` over the data in batches of 32, repeated for at least 0.2 s.
        static func inferenceRate(_ data: Dataset, _ forward: (Matrix) throws -> Void) rethrows -> Double {
            let batches = Self.batches(of: data, size: 32)
            let start = monotonicSeconds()
            var samples = 0
            repeat {
                for batch in batches { try forward(batch) }
                samples += data.count
            } while monotonicSeconds() - start < 0.2
            return Double(samples) / (monotonicSeconds() - start)
        }

        /// The data set chosen, its options checked in `run`.
        func dataset() throws -> Dataset {
            switch data {
            case .digits: try Dataset.digits()
            case .synthetic: .synthetic(samples: samples, inputs: inputs, seed: seed)
            }
        }

        /// Sparse modelling: a linear classifier with L1-regularised weights.
        func trainSparse(_ model: SparseModel, on dataset: Dataset, session: MeasuredSession) throws {
            let iterations = epochs ?? (model == .lasso ? 100 : 300)
            let (train, test) = dataset.split(testFraction: testFraction, seed: seed)
            try Self.start(session)
            let ((trained, finalLoss, seconds), training) = session.measure("training") {
                () -> (SparseLinearModel, Float?, Double) in
                let start = monotonicSeconds()
                switch model {
                case .lasso:
                    let trained = Lasso.train(train, lambda: Float(lambda), sweeps: iterations)
                    return (trained, nil, monotonicSeconds() - start)
                case .l1Logistic:
                    let result = L1Logistic.train(train, lambda: Float(lambda), iterations: iterations)
                    return (result.model, result.losses.last, monotonicSeconds() - start)
                }
            }
            // A pass of inference is the scores and arg-max of every test sample: what accuracy computes.
            let inference =
                test.count == 0
                ? nil
                : session.measureRepeated("inference", samplesPerPass: test.count) { _ = trained.accuracy(on: test) }
            session.finishReporting()
            let energy = LabEnergyReport(
                session: session, recorded: !meter.noLedger, training: training, inference: inference)
            let accuracy = trained.accuracy(on: test)
            let output = Output(
                model: model.rawValue, data: dataset.source, trainSamples: train.count, testSamples: test.count,
                parameters: trained.parameterCount, nonzeroFraction: trained.nonzeroFraction, epochs: iterations,
                loss: nil,
                finalTrainLoss: finalLoss, testLoss: nil, testAccuracy: accuracy, trainingSeconds: seconds,
                samplesPerSecond: Double(train.count * iterations) / max(seconds, 1e-9), engine: "swift")
            if json { return try JSONOutput.print(MergedJSON(first: output, second: energy)) }
            print(
                """
                \(Terminal.bold("\(model.rawValue) on \(data.rawValue)")): \(Format.percent(accuracy)) test accuracy
                  model       \(trained.method)
                  weights     \(Format.percent(trained.nonzeroFraction)) non-zero of \(Format.fixed(Double(trained.weights.count), decimals: 0))
                  data        \(train.count) training, \(test.count) test samples — \(dataset.source)
                  training    \(iterations) \(model == .lasso ? "sweeps" : "iterations"): \(FootprintCore.Duration.seconds(seconds))
                """)
            for line in energy.lines { print("  " + line) }
        }
    }
}

extension LossKind: ExpressibleByArgument {}
