import FootprintCore

/// Yastremsky; Patterson et al.: weights kept in 16 bits move half the bytes of 32 and so cost
/// less energy per inference. One network is trained on the digits and kept (that configuration
/// is shown, not judged); the same weights then run forward over the same samples stored in
/// Float32 and in Float16. The lab's Float16 path stores the weights in half precision and widens
/// them to Float32 for each batch (this CPU computes in Float32), so what it measures is the cost
/// of half-precision storage on such a machine, widening included.
struct PrecisionDesign: RatioDesign {
    let name = ExperimentName.precision

    struct Plan {
        var samples: Int
        var depth: Int
        var width: Int
        var epochs: Int
    }

    static func plan(_ scale: ExperimentScale) -> Plan {
        switch scale {
        case .smoke: Plan(samples: 600, depth: 2, width: 64, epochs: 5)
        // Weights of a few MB (3x512: 2.2 MB in Float32), beyond a core's L2 cache: where bytes moved matter.
        case .standard: Plan(samples: DesignKit.digitsTrainSamples, depth: 3, width: 512, epochs: 5)
        case .paper: Plan(samples: DesignKit.digitsTrainSamples, depth: 4, width: 1_024, epochs: 5)
        }
    }

    static let kept = "precision"

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        let plan = Self.plan(scale)
        let data = DesignKit.digits(plan.samples)
        let spec = DesignKit.mlp(depth: plan.depth, width: plan.width)
        let model = "\(plan.depth)x\(plan.width)"
        var configurations = [
            DesignKit.training(
                "\(model) training (\(plan.epochs) epochs, kept)", spec: spec, data: data, epochs: plan.epochs,
                depth: plan.depth, width: plan.width, model: model, group: model,
                minimumSeconds: scale.minimumPhaseSeconds
            ).keeping(Self.kept)
        ]
        for storage in [Workload.Storage.float32, .float16] {
            var configuration = DesignKit.inference(
                "\(model) inference, \(storage.shown)", spec: spec, data: data, scale: scale, depth: plan.depth,
                width: plan.width, model: model, group: model
            ).startingFrom(Self.kept)
            configuration.workload.storage = storage
            configuration.parameters.precision = storage.rawValue
            configurations.append(configuration)
        }
        return configurations
    }

    func evidence(_ measured: [MeasuredConfiguration]) -> RatioEvidenceSet {
        let single = measured.first(phase: .inference) { $0.precision == Workload.Storage.float32.rawValue }
        let half = measured.first(phase: .inference) { $0.precision == Workload.Storage.float16.rawValue }
        var evidence = RatioEvidenceSet()
        if let single, let half {
            let pair = single.result.parameters.model ?? ""
            evidence.pairs.append(
                RatioEvidence(
                    criterion: ExperimentName.Criterion.float32OverFloat16, pair: pair,
                    numerator: single.result.energy, denominator: half.result.energy))
            if let reference = single.result.accuracy, let candidate = half.result.accuracy {
                evidence.accuracy.append(
                    AccuracyEvidence(pair: "Float16 against Float32", reference: reference, candidate: candidate))
            }
        }
        if let single, let half, let bytes32 = single.result.parameterBytes, let bytes16 = half.result.parameterBytes,
            bytes32 > 0, bytes16 > 0
        {
            evidence.context =
                "Weights stored: \(Format.count(bytes32)) bytes in Float32, \(Format.count(bytes16)) in Float16"
                + " (×\(Format.significant(Double(bytes32) / Double(bytes16))) fewer); this CPU widens Float16 to"
                + " Float32 for every batch, which the energy includes."
        }
        return evidence
    }
}
