import FootprintCore

/// Patterson et al.; Yastremsky: pruning most weights and skipping the zeros cuts inference energy
/// several-fold at little cost in accuracy. One MLP is trained on the digits and kept (shown, not
/// judged); at each sparsity its smallest weights (over all layers together) are set to zero,
/// without retraining, and the pruned network runs forward over the same samples twice: with its
/// weights dense (the zeros multiplied like any weight) and in compressed sparse rows (zeros
/// skipped). Judged at 90 %: dense ÷ CSR energy, and the accuracy lost against the unpruned
/// network.
struct PruningDesign: RatioDesign {
    let name = ExperimentName.pruning

    struct Plan {
        var samples: Int
        var depth: Int
        var width: Int
        var epochs: Int
        var sparsities: [Double]
    }

    /// The sparsity the claim is judged at.
    static let judged = 0.9

    static func plan(_ scale: ExperimentScale) -> Plan {
        switch scale {
        // Smoke checks the plumbing in seconds: a small network, which loses more accuracy to pruning.
        case .smoke: Plan(samples: 300, depth: 2, width: 64, epochs: 5, sparsities: [0, 0.5, 0.9, 0.95])
        case .standard:
            Plan(
                samples: DesignKit.digitsTrainSamples, depth: 2, width: 512, epochs: 10,
                sparsities: [0, 0.5, 0.7, 0.8, 0.9, 0.95])
        case .paper:
            Plan(
                samples: DesignKit.digitsTrainSamples, depth: 3, width: 1_024, epochs: 10,
                sparsities: [0, 0.5, 0.7, 0.8, 0.9, 0.95])
        }
    }

    static let kept = "pruning"
    static let dense = "dense"
    static let csr = "csr"

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        let plan = Self.plan(scale)
        let data = DesignKit.digits(plan.samples)
        let spec = DesignKit.mlp(depth: plan.depth, width: plan.width)
        var configurations = [
            DesignKit.training(
                "\(plan.depth)x\(plan.width) training (\(plan.epochs) epochs, kept)", spec: spec, data: data,
                epochs: plan.epochs, depth: plan.depth, width: plan.width, model: "\(plan.depth)x\(plan.width)",
                minimumSeconds: scale.minimumPhaseSeconds
            ).keeping(Self.kept)
        ]
        for sparsity in plan.sparsities {
            for (storage, model) in [(Workload.Storage.float32, Self.dense), (.csr, Self.csr)] {
                var configuration = DesignKit.inference(
                    "\(storage == .csr ? "CSR" : "dense"), \(Format.percent(sparsity)) pruned", spec: spec, data: data,
                    scale: scale, depth: plan.depth, width: plan.width, model: model, group: model
                ).startingFrom(Self.kept)
                configuration.workload.storage = storage
                configuration.workload.sparsity = sparsity
                configuration.parameters.sparsity = sparsity
                configurations.append(configuration)
            }
        }
        return configurations
    }

    func evidence(_ measured: [MeasuredConfiguration]) -> RatioEvidenceSet {
        func at(_ sparsity: Double, _ model: String) -> ConfigurationResult? {
            measured.first(phase: .inference, model: model) { $0.sparsity == sparsity }?.result
        }
        var evidence = RatioEvidenceSet()
        let percent = Format.percent(Self.judged)
        if let dense = at(Self.judged, Self.dense), let sparse = at(Self.judged, Self.csr) {
            evidence.pairs.append(
                RatioEvidence(
                    criterion: ExperimentName.Criterion.denseOverSparseInference, pair: "\(percent) pruned",
                    numerator: dense.energy, denominator: sparse.energy))
        }
        if let unpruned = (at(0, Self.dense) ?? at(0, Self.csr))?.accuracy,
            let pruned = (at(Self.judged, Self.csr) ?? at(Self.judged, Self.dense))?.accuracy
        {
            evidence.accuracy.append(
                AccuracyEvidence(pair: "\(percent) pruned against unpruned", reference: unpruned, candidate: pruned))
        }
        if let unpruned = at(0, Self.dense), let sparse = at(Self.judged, Self.csr), sparse.energy.median > 0 {
            evidence.context =
                "Not judged: unpruned dense ÷ CSR at \(percent) energy ×"
                + Format.significant(unpruned.energy.median / sparse.energy.median)
                + (sparse.nonzeroWeights.map { ", \(Format.count($0)) non-zero weights left" } ?? "") + "."
        }
        return evidence
    }
}
