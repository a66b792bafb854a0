import FootprintCore

/// Yastremsky: batching requests costs less energy per sample than serving them one at a time.
/// One MLP on the synthetic task, per batch size trained for an epoch and then run forward over
/// the same samples with the weights it reached, energy reported per sample. Small batches train
/// and infer on fewer samples (a step per sample is slow, and per sample is what is compared). The learning rate grows with the square root of the batch
/// (0.05 at 32, after Krizhevsky 2014), so that no batch size diverges or crawls: SGD at one fixed
/// rate diverges at batch 1 on this task.
struct BatchSizeDesign: RatioDesign {
    let name = ExperimentName.batchSize

    struct Plan {
        var depth: Int
        var width: Int
        var batches: [Int]
        /// Training samples at batch sizes below ``smallBelow``.
        var smallSamples: Int
        var smallBelow: Int
        /// Training samples at the other batch sizes.
        var samples: Int
    }

    static func plan(_ scale: ExperimentScale) -> Plan {
        let powers = (0...9).map { 1 << $0 }
        return switch scale {
        case .smoke:
            Plan(depth: 2, width: 64, batches: [1, 8, 64, 512], smallSamples: 256, smallBelow: 16, samples: 2_048)
        case .standard:
            Plan(depth: 2, width: 128, batches: powers, smallSamples: 2_048, smallBelow: 16, samples: 8_192)
        case .paper:
            Plan(depth: 4, width: 256, batches: powers, smallSamples: 10_000, smallBelow: 16, samples: 100_000)
        }
    }

    static let training = "training"
    static let inference = "inference"

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        let plan = Self.plan(scale)
        let spec = DesignKit.mlp(depth: plan.depth, width: plan.width)
        let model = "\(plan.depth)x\(plan.width)"
        return plan.batches.flatMap { batch in
            let data = DesignKit.synthetic(batch < plan.smallBelow ? plan.smallSamples : plan.samples, scale: scale)
            let key = "batch \(batch)"
            return [
                DesignKit.training(
                    "batch \(batch) training", spec: spec, data: data, epochs: 1, batch: batch,
                    optimizer: Self.optimizer(batch: batch), depth: plan.depth, width: plan.width, model: model,
                    group: Self.training, minimumSeconds: scale.minimumPhaseSeconds
                ).keeping(key),
                DesignKit.inference(
                    "batch \(batch) inference", spec: spec, data: data, batch: batch, scale: scale, depth: plan.depth,
                    width: plan.width, model: model, group: Self.inference
                ).startingFrom(key)
            ]
        }
    }

    /// SGD with momentum 0.9 at 0.05·√(batch / 32).
    static func optimizer(batch: Int) -> OptimizerSetting {
        .sgd(learningRate: 0.05 * (Double(batch) / 32).squareRoot(), momentum: 0.9)
    }

    func evidence(_ measured: [MeasuredConfiguration]) -> RatioEvidenceSet {
        let results = measured.map(\.result)
        var evidence = RatioEvidenceSet()
        if let (one, largest) = Self.extremes(results, phase: .inference) {
            evidence.pairs.append(
                RatioEvidence(
                    criterion: ExperimentName.Criterion.batchOneOverLargest, pair: "batch 1 ÷ batch \(largest.batch)",
                    numerator: one.perSample, denominator: largest.perSample))
        }
        // Not judged, but what a reader weighs: where inference per sample was cheapest (the curve
        // need not fall all the way to the largest batch), and the same ratio for training.
        var context: [String] = []
        if let (one, best) = Self.extremes(results, phase: .inference, beyond: .cheapest), best.perSample.median > 0 {
            context.append(
                "inference per sample was cheapest at batch \(best.batch), batch 1 ÷ batch \(best.batch) ×"
                    + Format.significant(one.perSample.median / best.perSample.median))
        }
        if let (one, largest) = Self.extremes(results, phase: .train), largest.perSample.median > 0 {
            context.append(
                "training batch 1 ÷ batch \(largest.batch) energy per sample ×"
                    + Format.significant(one.perSample.median / largest.perSample.median))
        }
        if !context.isEmpty { evidence.context = "Not judged: " + context.joined(separator: "; ") + "." }
        return evidence
    }

    /// Which batch beyond 1 ``extremes(_:phase:beyond:)`` sets against batch 1.
    enum Counterpart { case largest, cheapest }

    /// Energy per sample at batch 1 and at the largest (or cheapest per sample) batch measured
    /// beyond it; nil until both are.
    static func extremes(
        _ results: [ConfigurationResult], phase: ExperimentPhase, beyond counterpart: Counterpart = .largest
    ) -> (one: (batch: Int, perSample: Spread), other: (batch: Int, perSample: Spread))? {
        let measured = results.compactMap { result -> (batch: Int, perSample: Spread)? in
            guard result.parameters.phase == phase, let batch = result.parameters.batch,
                let perSample = result.energyPerSample
            else { return nil }
            return (batch, perSample)
        }
        let beyond = measured.filter { $0.batch > 1 }
        let other =
            switch counterpart {
            case .largest: beyond.max { $0.batch < $1.batch }
            case .cheapest: beyond.min { $0.perSample.median < $1.perSample.median }
            }
        guard let one = measured.first(where: { $0.batch == 1 }), let other else { return nil }
        return (one, other)
    }
}
