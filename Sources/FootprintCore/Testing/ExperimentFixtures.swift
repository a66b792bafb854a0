/// Made-up but plausible results of every experiment, for the tests of whatever stores, prints or
/// renders them: configurations filled as each experiment fills them (its sweep, its groups, its
/// parameters), judged by the experiment's own rule, so the verdicts and findings are what the
/// rules make of these figures. In the package rather than a test target so that every test target
/// (ledger, report, command line) builds its results the same way.
package enum ExperimentFixtures {
    /// A suite of `names` (all eleven by default) as the lab engine would report it.
    package static func suite(
        runID: String = "6b02f1c0-0000-4000-8000-000000000001", names: [ExperimentName] = ExperimentName.allCases,
        status: RunStatus = .finished, method: MeasurementMethod = .tdpLoad
    ) -> ExperimentSuiteResult {
        ExperimentSuiteResult(
            runID: runID, engine: .lab, scale: .smoke, machine: "test-host, Test CPU (4 cores), no GPU; energy modeled",
            repeats: 3, status: status, started: "2026-11-30T10:00:00Z",
            experiments: names.map { result($0, method: method) })
    }

    /// One experiment's result from its usual configurations.
    package static func result(_ name: ExperimentName, method: MeasurementMethod = .tdpLoad) -> ExperimentResult {
        result(name, configurations: configurations(of: name, method: method))
    }

    /// One experiment judged by its rule on `configurations` (none: what an interrupted suite
    /// holds for an experiment stopped before its first configuration).
    package static func result(_ name: ExperimentName, configurations: [ConfigurationResult]) -> ExperimentResult {
        ExperimentResult(
            definition: name.definition, evaluation: evaluation(of: name, configurations),
            configurations: configurations)
    }

    /// A configuration of `joules` (the median; repeats 3 % below and 4 % above) at 10 W.
    package static func configuration(
        _ label: String, _ parameters: ConfigurationParameters, joules: Double, accuracy: Double? = nil,
        method: MeasurementMethod = .tdpLoad
    ) -> ConfigurationResult {
        var result = ConfigurationResult(
            label: label, parameters: parameters,
            energy: Spread(median: joules, minimum: joules * 0.97, maximum: joules * 1.04),
            durationSeconds: joules / 10, samplesPerSecond: 0, accuracy: accuracy, method: method)
        if let samples = result.samples, joules > 0 { result.samplesPerSecond = samples / (joules / 10) }
        return result
    }

    // MARK: - Configurations, filled as each experiment's design fills them

    /// Made-up configurations of `name`, measured by `m`.

    package static func configurations(of name: ExperimentName, method m: MeasurementMethod) -> [ConfigurationResult] {
        typealias P = ConfigurationParameters
        switch name {
        case .trainingSetSize:
            return [2_000, 4_000, 8_000, 12_000, 16_000, 20_000].map { d in
                var c = configuration(
                    "D = \(Format.significant(Double(d)))",
                    P(trainSamples: d, epochs: 2, depth: 2, width: 64, model: "2x64", phase: .train),
                    joules: 4 + 0.0021 * Double(d * 2), accuracy: 0.8 + Double(d) / 200_000, method: m)
                c.predictedEnergyJoules = 0.002 * Double(d * 2)
                return c
            }
        case .epochs:
            return [(2, 64), (4, 128)].flatMap { depth, width in
                [1, 2, 4, 6, 8].map { e in
                    let model = "\(depth)x\(width)"
                    return configuration(
                        "\(model), E = \(e)",
                        P(
                            trainSamples: 5_000, epochs: e, depth: depth, width: width, model: model, phase: .train,
                            group: model),
                        joules: 2 + Double(e) * 0.3e-6 * Double(depth * width * width) * 5, accuracy: 0.9, method: m)
                }
            }
        case .trainingVsInference:
            return [1_000, 10_000].flatMap { d in
                [2, 4, 8].flatMap { depth in
                    [32, 64].flatMap { width -> [ConfigurationResult] in
                        let group = "\(depth)x\(width), \(Format.significant(Double(d))) samples"
                        let training = 1e-7 * Double(depth * width * width) * Double(d) * 3
                        let share = 0.5 + 0.035 * Double(depth) + (width == 64 ? 0.02 : 0)
                        return [
                            configuration(
                                "\(depth)x\(width) train, D \(d)",
                                P(
                                    trainSamples: d, epochs: 3, depth: depth, width: width, model: "\(depth)x\(width)",
                                    phase: .train, group: group), joules: training, accuracy: 0.9, method: m),
                            configuration(
                                "\(depth)x\(width) inference, D \(d)",
                                P(
                                    trainSamples: d * 3, epochs: 3, depth: depth, width: width,
                                    model: "\(depth)x\(width)", phase: .inference, group: group),
                                joules: training * (1 - share), method: m)
                        ]
                    }
                }
            }
        case .modelSize:
            return [25, 50, 100].flatMap { width in
                [10, 50, 90, 130, 170].map { depth in
                    let parameters = depth * (width * width + width) + 784 * width + width * 10
                    // A step where the weights outgrow a cache: the rise comes in jumps.
                    let jump = parameters > 200_000 ? 1.8 : 1
                    return configuration(
                        "\(depth)x\(width)",
                        P(
                            trainSamples: 2_000, epochs: 1, depth: depth, width: width, model: "\(depth)x\(width)",
                            phase: .train, trainableParameters: parameters, group: "width \(width)"),
                        joules: 1e-4 * Double(parameters) * jump + 0.5, accuracy: 0.85, method: m)
                }
            }
        case .modelShape:
            let pairs: [(group: String, deep: (Int, Int), wide: (Int, Int), ratio: Double)] = [
                ("equal parameters ≈ 41k", (16, 50), (2, 140), 1.6), ("equal nodes 400", (8, 50), (2, 200), 1.3)
            ]
            return pairs.flatMap { pair in
                let rows: [(model: String, shape: (Int, Int), joules: Double)] = [
                    ("deep", pair.deep, pair.ratio * 10), ("wide", pair.wide, 10)
                ]
                return rows.map { model, shape, joules in
                    configuration(
                        "\(model) \(shape.0)x\(shape.1)",
                        P(
                            trainSamples: 5_000, epochs: 2, depth: shape.0, width: shape.1, model: model,
                            phase: .train, trainableParameters: shape.0 * shape.1 * shape.1, group: pair.group),
                        joules: joules, accuracy: 0.88, method: m)
                }
            }
        case .layerType:
            return [("≈ 20k parameters", 20_000), ("≈ 80k parameters", 80_000)].flatMap { group, parameters in
                [("dense", 2, 100, 1.0), ("conv", 2, 16, 6.0)].map { model, depth, width, perParameter in
                    configuration(
                        "\(model) \(depth)x\(width)",
                        P(
                            trainSamples: 2_000, epochs: 1, depth: depth, width: width, model: model, phase: .train,
                            trainableParameters: parameters,
                            flopsPerSample: Double(parameters) * (model == "conv" ? 40 : 2),
                            group: group), joules: 1e-4 * Double(parameters) * perParameter, accuracy: 0.9, method: m)
                }
            }
        case .transferLearning:
            let rows: [(String, Double, Double, Bool?, Int?)] = [
                ("pretrain (source)", 60, 0.97, nil, nil), ("scratch", 45, 0.95, true, nil),
                ("fine-tuned", 6, 0.95, true, 3), ("dedicated", 1.5, 0.951, true, nil)
            ]
            return rows.map { model, joules, accuracy, reached, frozen in
                var c = configuration(
                    model,
                    P(
                        trainSamples: 5_000, epochs: Int(joules / 3) + 1, depth: model == "dedicated" ? 1 : 4,
                        width: model == "dedicated" ? 32 : 256, model: model, phase: .train, frozenLayers: frozen),
                    joules: joules, accuracy: accuracy, method: m)
                c.reachedTarget = reached
                return c
            }
        case .sparseVsDeep:
            let models: [(String, Double, Double, Int)] = [
                ("l1-logistic", 0.2, 0.91, 2_100), ("lasso", 0.15, 0.86, 1_500), ("mlp", 40, 0.95, 109_386),
                ("cnn", 160, 0.97, 52_000)
            ]
            return models.flatMap { model, joules, accuracy, nonzero in
                var train = configuration(
                    "\(model) train", P(trainSamples: 5_000, epochs: 5, model: model, phase: .train, group: model),
                    joules: joules, accuracy: accuracy, method: m)
                var inference = configuration(
                    "\(model) inference", P(trainSamples: 1_000, model: model, phase: .inference, group: model),
                    joules: joules / 200, accuracy: accuracy, method: m)
                train.nonzeroWeights = nonzero
                inference.nonzeroWeights = nonzero
                return [train, inference]
            }
        case .precision:
            return [("float32", 2.0, 0.951, 436_000), ("float16", 1.5, 0.95, 218_000)].map { precision, j, a, bytes in
                var c = configuration(
                    precision,
                    P(
                        trainSamples: 10_000, depth: 2, width: 256, model: "2x256", phase: .inference,
                        precision: precision, group: "2x256"), joules: j, accuracy: a, method: m)
                c.parameterBytes = bytes
                return c
            }
        case .batchSize:
            return [1, 4, 16, 64, 256, 512].flatMap { batch in
                [("train", ExperimentPhase.train, 3e-3), ("inference", .inference, 1e-3)].map { group, phase, base in
                    configuration(
                        "\(group), batch \(batch)",
                        P(trainSamples: 2_048, epochs: 1, batch: batch, model: "2x64", phase: phase, group: group),
                        joules: 2_048 * base * (0.05 + 1 / Double(batch)), method: m)
                }
            }
        case .pruning:
            return [0, 0.5, 0.8, 0.9, 0.95].flatMap { sparsity in
                [("dense", 1.0), ("csr", 1.6 * (1 - sparsity) + 0.05)].map { model, relative in
                    var c = configuration(
                        "\(model), \(Format.percent(sparsity))",
                        P(trainSamples: 10_000, sparsity: sparsity, model: model, phase: .inference, group: model),
                        joules: 3 * relative,
                        accuracy: 0.95 - (sparsity > 0.85 ? 0.01 : 0) - (sparsity > 0.92 ? 0.03 : 0),
                        method: m)
                    c.nonzeroWeights = Int(200_000 * (1 - sparsity))
                    return c
                }
            }
        }
    }

    // MARK: - Evidence, drawn from the configurations the way the experiment's rule reads it

    static func evaluation(of name: ExperimentName, _ configurations: [ConfigurationResult]) -> Evaluation {
        func named(
            _ model: String, phase: ExperimentPhase? = nil, in list: [ConfigurationResult] = configurations
        )
            -> [ConfigurationResult]
        {
            list.filter { $0.parameters.model == model && (phase == nil || $0.parameters.phase == phase) }
        }
        func groups(_ list: [ConfigurationResult]) -> [String] {
            list.compactMap(\.parameters.group).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        }
        switch name.definition.rule {
        case .linearity(let rule):
            if name == .trainingSetSize {
                let model = configurations.first?.parameters.model ?? "model"
                let sweeps =
                    configurations.isEmpty
                    ? [] : [Sweep(name: model, configurations: configurations) { p in p.trainSamples.map(Double.init) }]
                return rule.evaluate(sweeps, quantity: "training samples", unit: "sample")
            }
            let sweeps = groups(configurations).map { group in
                Sweep(name: group, configurations: configurations.filter { $0.parameters.group == group }) {
                    $0.epochs.map(Double.init)
                }
            }
            return rule.evaluate(sweeps, quantity: "epochs", unit: "epoch")
        case .rankCorrelation(let rule):
            let sweeps = groups(configurations).map { group in
                Sweep(name: group, configurations: configurations.filter { $0.parameters.group == group }) {
                    $0.trainableParameters.map(Double.init)
                }
            }
            return rule.evaluate(sweeps, quantity: "trainable parameters")
        case .overheadShare(let rule):
            // The largest model at each training-set size.
            var largest: [Int: (size: Int, evidence: OverheadEvidence)] = [:]
            for group in groups(configurations) {
                let pair = configurations.filter { $0.parameters.group == group }
                guard let training = pair.first(where: { $0.parameters.phase == .train }),
                    let inference = pair.first(where: { $0.parameters.phase == .inference }),
                    let d = training.parameters.trainSamples
                else { continue }
                let size = (training.parameters.depth ?? 0) * (training.parameters.width ?? 0)
                if size >= largest[d]?.size ?? -1 {
                    largest[d] = (
                        size, OverheadEvidence(label: group, training: training.energy, inference: inference.energy)
                    )
                }
            }
            return rule.evaluate(largest.keys.sorted().compactMap { largest[$0]?.evidence })
        case .ratios(let rule):
            let (pairs, accuracy) = ratioEvidence(name, configurations, named: { named($0, phase: $1) }, groups: groups)
            return rule.evaluate(pairs, accuracy: accuracy)
        }
    }

    static func ratioEvidence(
        _ name: ExperimentName, _ configurations: [ConfigurationResult],
        named: (String, ExperimentPhase?) -> [ConfigurationResult], groups: ([ConfigurationResult]) -> [String]
    ) -> ([RatioEvidence], [AccuracyEvidence]) {
        typealias C = ExperimentName.Criterion
        func one(_ model: String, _ phase: ExperimentPhase? = nil) -> ConfigurationResult? { named(model, phase).first }
        func ratio(
            _ criterion: String, _ pair: String, _ a: ConfigurationResult?, _ b: ConfigurationResult?
        )
            -> RatioEvidence?
        {
            guard let a, let b else { return nil }
            return RatioEvidence(
                criterion: criterion, pair: pair, numerator: a.energy, denominator: b.energy,
                numeratorReached: a.reachedTarget ?? true, denominatorReached: b.reachedTarget ?? true)
        }
        func inGroup(_ group: String, _ model: String) -> ConfigurationResult? {
            configurations.first { $0.parameters.group == group && $0.parameters.model == model }
        }
        switch name {
        case .transferLearning:
            return (
                [
                    ratio(C.scratchOverFineTuned, "", one("scratch"), one("fine-tuned")),
                    ratio(C.fineTunedOverDedicated, "", one("fine-tuned"), one("dedicated"))
                ].compactMap { $0 }, []
            )
        case .modelShape:
            return (
                groups(configurations).compactMap { group in
                    ratio(
                        group.hasPrefix("equal nodes") ? C.deepOverWideAtNodes : C.deepOverWideAtParameters, group,
                        inGroup(group, "deep"), inGroup(group, "wide"))
                }, []
            )
        case .layerType:
            return (
                groups(configurations).compactMap { group in
                    guard let conv = inGroup(group, "conv"), let dense = inGroup(group, "dense"),
                        let a = conv.energy.divided(by: Double(conv.parameters.trainableParameters ?? 0)),
                        let b = dense.energy.divided(by: Double(dense.parameters.trainableParameters ?? 0))
                    else { return nil }
                    return RatioEvidence(
                        criterion: C.convOverDensePerParameter, pair: group, numerator: a, denominator: b)
                }, []
            )
        case .sparseVsDeep:
            let sparse = one("l1-logistic", .train)
            var pairs: [RatioEvidence] = []
            var accuracy: [AccuracyEvidence] = []
            for deep in ["mlp", "cnn"] {
                guard let d = one(deep, .train), let s = sparse else { continue }
                pairs.append(
                    RatioEvidence(
                        criterion: C.deepOverSparseEnergy, pair: deep, numerator: d.energy, denominator: s.energy))
                pairs.append(
                    RatioEvidence(
                        criterion: C.deepOverSparseTime, pair: deep, numerator: Spread(exactly: d.durationSeconds),
                        denominator: Spread(exactly: s.durationSeconds)))
                if let a = d.accuracy, let b = s.accuracy {
                    accuracy.append(AccuracyEvidence(pair: "\(deep) → l1-logistic", reference: a, candidate: b))
                }
            }
            return (pairs, accuracy)
        case .precision:
            let full = configurations.first { $0.parameters.precision == "float32" }
            let half = configurations.first { $0.parameters.precision == "float16" }
            let accuracy = full.flatMap { f in
                half.flatMap { h in
                    f.accuracy.flatMap { a in
                        h.accuracy.map { AccuracyEvidence(pair: "float32 → float16", reference: a, candidate: $0) }
                    }
                }
            }
            return ([ratio(C.float32OverFloat16, "", full, half)].compactMap { $0 }, [accuracy].compactMap { $0 })
        case .batchSize:
            let inference = configurations.filter { $0.parameters.phase == .inference }
                .sorted { ($0.parameters.batch ?? 0) < ($1.parameters.batch ?? 0) }
            guard let first = inference.first, let last = inference.last, inference.count > 1,
                let a = first.energyPerSample, let b = last.energyPerSample
            else { return ([], []) }
            return ([RatioEvidence(criterion: C.batchOneOverLargest, pair: "", numerator: a, denominator: b)], [])
        case .pruning:
            func at(_ sparsity: Double, _ model: String) -> ConfigurationResult? {
                configurations.first { $0.parameters.sparsity == sparsity && $0.parameters.model == model }
            }
            let accuracy = at(0, "dense").flatMap { r in
                at(0.9, "csr").flatMap { c in
                    r.accuracy.flatMap { a in
                        c.accuracy.map { AccuracyEvidence(pair: "0 % → 90 %", reference: a, candidate: $0) }
                    }
                }
            }
            return (
                [ratio(C.denseOverSparseInference, "", at(0.9, "dense"), at(0.9, "csr"))].compactMap { $0 },
                [accuracy].compactMap { $0 }
            )
        case .trainingSetSize, .epochs, .trainingVsInference, .modelSize:
            return ([], [])
        }
    }
}
