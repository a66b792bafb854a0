import FootprintCore

/// The lab's own engine, in this process: workloads run on ``Network``, the sparse models and the
/// CSR and half-precision paths, each measured as a task of the session's run.
public final class LabWorkloadEngine: WorkloadEngine {
    public let kind = ExperimentEngine.lab
    public let device = "cpu"
    let gemm: any GEMMBackend
    /// Data sets by recipe: the configurations of a sweep share theirs, and making 100,000
    /// synthetic samples is not free.
    private var datasets: [DataRecipe: (train: Dataset, test: Dataset)] = [:]
    /// Networks and linear models later workloads start from, by key.
    private var networks: [String: Network] = [:]
    private var linearModels: [String: SparseLinearModel] = [:]

    public init(gemm: any GEMMBackend = SwiftGEMM()) {
        self.gemm = gemm
    }

    public func forgetWeights() {
        networks = [:]
        linearModels = [:]
        datasets = [:]
    }

    public func run(
        _ workload: Workload, task: String?, session: MeasuredSession, shouldStop: () -> Bool
    ) throws -> WorkloadOutcome {
        let (train, test) = try data(workload.data)
        let measure = Measure(task: task, session: session)
        switch workload.model {
        case .network(let spec):
            switch workload.kind {
            case .train:
                return try trainNetwork(
                    { () throws(WorkloadError) in try self.build(spec, workload: workload) }, workload, train: train,
                    test: test, measure, shouldStop)
            case .inference:
                let network = try build(spec, workload: workload)
                return try infer(network, workload, train: train, test: test, measure, shouldStop)
            }
        case .l1Logistic, .lasso:
            switch workload.kind {
            case .train: return try trainLinear(workload, train: train, test: test, measure)
            case .inference: return try inferLinear(workload, train: train, test: test, measure, shouldStop)
            }
        }
    }

    private func data(_ recipe: DataRecipe) throws(WorkloadError) -> (train: Dataset, test: Dataset) {
        if let made = datasets[recipe] { return made }
        do {
            let made = try recipe.materialize()
            datasets[recipe] = made
            return made
        } catch {
            throw WorkloadError(.invalidData, error.description)
        }
    }

    /// The network of `spec`, with the kept weights the workload starts from copied in.
    private func build(_ spec: ModelSpec, workload: Workload) throws(WorkloadError) -> Network {
        let network: Network
        do {
            network = try Network.from(spec, seed: workload.seed, gemm: gemm)
        } catch {
            throw WorkloadError(.invalidModel, error.message)
        }
        guard let key = workload.initialWeights else { return network }
        guard let kept = networks[key] else {
            throw WorkloadError(.missingWeights, "no earlier workload kept weights under '\(key)'")
        }
        let from = kept.parameters, to = network.parameters
        guard from.count == to.count, zip(from, to).allSatisfy({ $0.value.count == $1.value.count }) else {
            throw WorkloadError(.weightsMismatch, "the weights kept under '\(key)' do not fit \(spec.name)")
        }
        for (source, target) in zip(from, to) { target.value = source.value }
        return network
    }

    /// Trains a network `make` builds (with the kept weights it starts from), as many runs from
    /// that start as the workload's minimum seconds take; the last run's network is the result.
    private func trainNetwork(
        _ make: () throws(WorkloadError) -> Network, _ workload: Workload, train: Dataset, test: Dataset,
        _ measure: Measure, _ shouldStop: () -> Bool
    ) throws -> WorkloadOutcome {
        func prepared() throws(WorkloadError) -> Network {
            let network = try make()
            do {
                try network.freeze(first: workload.freeze)
            } catch {
                throw WorkloadError(.invalidModel, error.description)
            }
            return network
        }
        var network = try prepared()
        let trainer = try Trainer(epochs: workload.epochs, batchSize: workload.batch, seed: workload.seed)
        var epochsRun = 0
        var runs = 0
        var samples = 0
        var reached = false
        let (energy, seconds) = try measure {
            let start = monotonicSeconds()
            repeat {
                // A run after the first starts again from the same weights: building them is a
                // small part of a run (one pass over the parameters against epochs over the data).
                if runs > 0 { network = try prepared() }
                let optimizer = Self.optimizer(workload.optimizer)
                var schedule = Trainer.EpochSchedule(trainer: trainer, samples: train.count)
                (epochsRun, reached) = (0, false)
                while epochsRun < workload.epochs {
                    if shouldStop() { throw ExperimentInterrupted() }
                    _ = schedule.trainEpoch(network, on: train, optimizer: optimizer)
                    epochsRun += 1
                    samples += train.count
                    // The check belongs to the protocol of training to a target, so it is measured.
                    if let target = workload.targetAccuracy, trainer.evaluate(network, on: test).accuracy >= target {
                        reached = true
                        break
                    }
                }
                runs += 1
            } while monotonicSeconds() - start < workload.minimumSeconds
                && runs < RepetitionProtocol.defaultMaximumPasses
        }
        if let key = workload.keepWeights { networks[key] = network }
        // Weights only, biases aside, as after inference.
        let weights = MagnitudePruning.nonzeroWeights(network)
        return WorkloadOutcome(
            energy: energy, seconds: seconds, samplesProcessed: samples, epochsRun: epochsRun,
            accuracy: trainer.evaluate(network, on: test).accuracy,
            reachedTarget: workload.targetAccuracy == nil ? nil : reached, nonzeroWeights: weights,
            parameterBytes: network.parameterCount * MemoryLayout<Float>.stride,
            trainableParameters: network.trainableParameters.reduce(0) { $0 + $1.count }, runs: runs)
    }

    private func infer(
        _ network: Network, _ workload: Workload, train: Dataset, test: Dataset, _ measure: Measure,
        _ shouldStop: () -> Bool
    ) throws -> WorkloadOutcome {
        if let sparsity = workload.sparsity { MagnitudePruning.prune(network, sparsity: sparsity) }
        let forward: (Buffer) throws -> Buffer
        let bytes: Int
        switch workload.storage {
        case .float32:
            forward = { network.forward($0) }
            bytes = network.parameterCount * MemoryLayout<Float>.stride
        case .float16:
            let half = HalfPrecisionInference(network)
            forward = { half.forward($0) }
            // Biases of the layers without weights to store are none; every stored value is 2 bytes.
            bytes = half.parameterBytes
        case .csr:
            let sparse: SparseInference
            do {
                sparse = try SparseInference(network)
            } catch {
                throw WorkloadError(.invalidModel, error.description)
            }
            forward = { Buffer(try sparse.forward($0.matrix)) }
            bytes = sparse.storedBytes
        }
        let trainer = try Trainer(epochs: 1, batchSize: workload.batch, seed: workload.seed)
        let (passes, energy, seconds) = try repeatPasses(workload, over: train, measure, shouldStop) { batch in
            _ = try forward(batch)
        }
        // Every path computes the same logits up to rounding; a failure here was one above.
        let accuracy = trainer.evaluate(network, on: test) { (try? forward($0)) ?? Buffer() }.accuracy
        let weights = MagnitudePruning.nonzeroWeights(network)
        return WorkloadOutcome(
            energy: energy, seconds: seconds, samplesProcessed: train.count * passes, epochsRun: passes,
            accuracy: accuracy, nonzeroWeights: weights, parameterBytes: bytes,
            trainableParameters: network.parameterCount)
    }

    private func trainLinear(
        _ workload: Workload, train: Dataset, test: Dataset, _ measure: Measure
    ) throws -> WorkloadOutcome {
        var model: SparseLinearModel?
        let (energy, seconds) = try measure {
            switch workload.model {
            case .l1Logistic(let lambda, let iterations):
                model = L1Logistic.train(train, lambda: Float(lambda), iterations: iterations).model
            case .lasso(let lambda, let sweeps):
                model = Lasso.train(train, lambda: Float(lambda), sweeps: sweeps)
            case .network: break
            }
        }
        guard let model else { throw WorkloadError(.invalidModel, "not a linear model") }
        if let key = workload.keepWeights { linearModels[key] = model }
        return WorkloadOutcome(
            energy: energy, seconds: seconds, samplesProcessed: train.count * workload.epochs,
            epochsRun: workload.epochs, accuracy: model.accuracy(on: test), nonzeroWeights: model.nonzeroWeights,
            parameterBytes: model.parameterCount * MemoryLayout<Float>.stride,
            trainableParameters: model.parameterCount)
    }

    /// A linear model runs forward with its weights in CSR: what sparse modelling offers at
    /// inference is that the zeros cost nothing.
    private func inferLinear(
        _ workload: Workload, train: Dataset, test: Dataset, _ measure: Measure, _ shouldStop: () -> Bool
    ) throws -> WorkloadOutcome {
        guard let key = workload.initialWeights, let model = linearModels[key] else {
            throw WorkloadError(
                .missingWeights, "a linear model's inference needs the weights a training workload kept")
        }
        let matrix = CSRMatrix(dense: model.weights)
        var output = Matrix(rows: 0, columns: 0)
        let (passes, energy, seconds) = try repeatPasses(workload, over: train, measure, shouldStop) { batch in
            try matrix.multiply(batch.matrix, bias: model.bias, into: &output)
        }
        return WorkloadOutcome(
            energy: energy, seconds: seconds, samplesProcessed: train.count * passes, epochsRun: passes,
            accuracy: model.accuracy(on: test), nonzeroWeights: matrix.nonzeros,
            parameterBytes: matrix.storedBytes(bias: model.bias.count),
            trainableParameters: model.parameterCount)
    }

    /// Passes over `data` in order, batch by batch, at least the workload's epochs and for at
    /// least its minimum seconds, measured together.
    private func repeatPasses(
        _ workload: Workload, over data: Dataset, _ measure: Measure, _ shouldStop: () -> Bool,
        _ forward: (Buffer) throws -> Void
    ) throws -> (passes: Int, energy: PhaseEnergy?, seconds: Double) {
        let batch = Buffer()
        var labels = [Int32](repeating: 0, count: workload.batch)
        var passes = 0
        let (energy, seconds) = try measure {
            let start = monotonicSeconds()
            while passes < max(workload.epochs, 1)
                || (monotonicSeconds() - start < workload.minimumSeconds
                    && passes < RepetitionProtocol.defaultMaximumPasses)
            {
                if shouldStop() { throw ExperimentInterrupted() }
                var offset = 0
                while offset < data.count {
                    let size = min(workload.batch, data.count - offset)
                    Trainer.gather(data, offset..<offset + size, into: batch, labels: &labels)
                    try forward(batch)
                    offset += size
                }
                passes += 1
            }
        }
        return (passes, energy, seconds)
    }

    static func optimizer(_ setting: OptimizerSetting) -> any Optimizer {
        switch setting.name {
        case .sgd: SGD(learningRate: Float(setting.learningRate), momentum: Float(setting.momentum))
        case .adam: Adam(learningRate: Float(setting.learningRate))
        }
    }
}

/// Runs a body as the measured task, or, for a warm-up, just times it.
struct Measure {
    let task: String?
    let session: MeasuredSession

    func callAsFunction(_ body: () throws -> Void) throws -> (energy: PhaseEnergy?, seconds: Double) {
        guard let task else {
            let start = monotonicSeconds()
            try body()
            return (nil, monotonicSeconds() - start)
        }
        let (_, energy) = try session.measure(task, body)
        return (energy, energy.duration)
    }
}

extension CSRMatrix {
    /// Bytes the matrix and a bias of `bias` values take: a value and a column position per
    /// non-zero, a row start per output and one more, a value per bias.
    func storedBytes(bias: Int) -> Int { nonzeros * 8 + (outputs + 1) * 4 + bias * 4 }
}

extension SparseInference {
    /// Bytes the CSR weights and biases take (``CSRMatrix/storedBytes(bias:)`` over the stages).
    var storedBytes: Int {
        stages.reduce(0) { total, stage in
            switch stage {
            case .dense(let m, let bias), .conv(let m, let bias, _):
                total + m.storedBytes(bias: bias.count)
            case .plain: total
            }
        }
    }
}
