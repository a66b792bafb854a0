import FootprintCore

/// A counted ONNX graph: the model's count, and the part of its FLOPs that is matrix products and
/// convolutions without bias (the part PyTorch's FlopCounterMode counts).
struct ONNXCount {
    var count: ModelCount
    var matrixFLOPs: Double
}

/// Walks an ONNX graph in order, working out every tensor's shape (and the values of small shape
/// tensors), and counts each node's parameters, FLOPs and activations.
struct ONNXCounter {
    let model: ONNXModel
    let name: String
    let options: ModelReadOptions

    /// The figures of an operator from the family that handles it; nil for one none knows.
    static func figures(_ operation: ONNXOperation) throws(InferenceProblem) -> ONNXFigures? {
        if let figures = try ONNXShapeOperators.figures(operation) { return figures }
        if let figures = try ONNXElementwiseOperators.figures(operation) { return figures }
        if let figures = try ONNXMatrixOperators.figures(operation) { return figures }
        if let figures = try ONNXRecurrentOperators.figures(operation) { return figures }
        return try ONNXContractionOperators.figures(operation)
    }

    /// Inputs (0-based) that take statistics, states or settings, not parameters, even from float
    /// initializers: batch normalisation's running mean and variance, as PyTorch counts them (buffers);
    /// a recurrent cell's sequence lengths and initial hidden and cell states; the scales and bounds
    /// of resizing, clipping and padding.
    static let stateInputs: [String: Set<Int>] = [
        "BatchNormalization": [3, 4], "LSTM": [4, 5, 6], "GRU": [4, 5], "RNN": [4, 5], "Resize": [1, 2, 3],
        "Upsample": [1], "Clip": [1, 2], "Pad": [1, 2, 3], "Range": [0, 1, 2]
    ]

    func count() throws(ModelError) -> ONNXCount {
        let graph = model.graph
        let opset =
            model.opsets.first(where: { $0.domain.isEmpty || $0.domain == "ai.onnx" })?.version ?? 1
        var values: [String: ONNXValue] = [:]
        var floatInitializers: [String: Int] = [:]
        var scalars = 0
        var weights = 0
        for tensor in graph.initializers {
            guard let elements = Shapes.count(tensor.dims) else {
                throw ONNXCounter.tooLarge("initializer \(tensor.name)")
            }
            values[tensor.name] = ONNXValue(
                shape: tensor.dims, elementType: tensor.dataType, values: tensor.values, isConstant: true,
                origins: [tensor.name])
            // A single float is a constant the exporter stored as an initializer (a scale, an epsilon).
            if tensor.isFloat {
                if elements > 1 { floatInitializers[tensor.name] = elements } else { scalars += 1 }
                weights += elements
                guard weights <= ModelAnalysis.countLimit else { throw ONNXCounter.tooLarge("the weights together") }
            }
        }
        let dimensions = try ONNXDimensions(graph: graph, given: options.dimensions)
        var inputWords: [String] = []
        var inputElements = 0
        for input in graph.inputs where values[input.name] == nil {
            let shape = try dimensions.resolve(input)
            values[input.name] = ONNXValue(shape: shape, elementType: input.elementType)
            inputWords.append("\(input.name) \(shape)")
            inputElements += Shapes.count(shape) ?? 0
            guard inputElements <= ModelAnalysis.countLimit else { throw ONNXCounter.tooLarge("the inputs") }
        }
        let declared = Dictionary(
            (graph.valueInfo + graph.outputs).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        var nodes: [ModelCount.Node] = []
        var matrixFLOPs = 0.0
        var uncounted: [(String, Int)] = []
        var problems: [String] = []
        var counted: Set<String> = []
        var sharedUses = 0
        var activations = inputElements
        var useCount: [String: Int] = [:]
        let perSample = Double(dimensions.batch)

        for (index, node) in graph.nodes.enumerated() {
            let label = node.name.isEmpty ? (node.outputs.first ?? "node \(index)") : node.name
            let inputs = node.inputs.map { $0.isEmpty ? nil : values[$0] }
            let missing = zip(node.inputs, inputs).first { !$0.0.isEmpty && $0.1 == nil }?.0
            let isDefaultDomain = node.domain.isEmpty || node.domain == "ai.onnx"
            let isRuntimeDomain = node.domain == ONNXRuntimeOperators.domain
            let kind = isDefaultDomain ? node.opType : "\(node.domain).\(node.opType)"
            var figures: ONNXFigures?
            var problem: String?
            if let missing {
                problem = "\(label) (\(node.opType)): input \(missing) has no known shape"
            } else if isDefaultDomain || isRuntimeDomain {
                let operation = ONNXOperation(node: node, inputs: inputs, opset: opset)
                var tooLarge = false
                do throws(InferenceProblem) {
                    figures =
                        isRuntimeDomain
                        ? try ONNXRuntimeOperators.figures(operation) : try ONNXCounter.figures(operation)
                    for output in figures?.outputs ?? [] where Shapes.count(output.shape) == nil {
                        guard output.shape.allSatisfy({ $0 >= 0 }) else {
                            throw InferenceProblem("an output of shape \(output.shape)")
                        }
                        tooLarge = true
                    }
                } catch {
                    figures = nil
                    problem = "\(label) (\(node.opType)): \(error.problem)"
                }
                if tooLarge { throw ONNXCounter.tooLarge("node \(label) (\(node.opType))") }
            }
            let present = inputs.compactMap { $0 }
            let folded = present.allSatisfy { $0.isConstant || $0.values != nil }
            guard let figures else {
                // Not counted: listed by name, its weights still counted, its outputs taken from the
                // file's declarations where it has them.
                if let at = uncounted.firstIndex(where: { $0.0 == kind }) {
                    uncounted[at].1 += 1
                } else {
                    uncounted.append((kind, 1))
                }
                if let problem, problems.count < 3 { problems.append(problem) }
                for output in node.outputs where !output.isEmpty {
                    if let info = declared[output], let shape = try? dimensions.resolve(info) {
                        values[output] = ONNXValue(shape: shape, elementType: info.elementType, isConstant: folded)
                    }
                }
                let parameters = attribute(present, node: node, to: &counted, weights: floatInitializers)
                // Nodes left out only because an earlier one was are in the uncounted list, not the table.
                if parameters > 0 {
                    nodes.append(
                        ModelCount.Node(
                            name: label, kind: kind, detail: "\(kind) (not counted)", parameters: parameters,
                            forwardFLOPs: 0,
                            activationElements: 0))
                }
                continue
            }
            let hidden = folded || figures.outputs.allSatisfy { $0.values != nil }
            for (position, output) in node.outputs.enumerated()
            where !output.isEmpty && position < figures.outputs.count {
                var value = figures.outputs[position]
                if hidden {
                    value.isConstant = true
                    value.origins = Array(Set(present.flatMap(\.origins)))
                } else {
                    value.isConstant = false
                    value.origins = []
                }
                values[output] = value
            }
            if hidden { continue }
            let statistics = ONNXCounter.stateInputs[node.opType] ?? []
            var weighed: [ONNXValue] = []
            for (position, input) in inputs.enumerated() {
                guard let input else { continue }
                if statistics.contains(position) {
                    counted.formUnion(input.origins)
                } else {
                    weighed.append(input)
                    for origin in Set(input.origins) where floatInitializers[origin] != nil {
                        useCount[origin, default: 0] += 1
                        if useCount[origin] == 2 { sharedUses += 1 }
                    }
                }
            }
            let parameters = attribute(weighed, node: node, to: &counted, weights: floatInitializers)
            let output = figures.outputs.first
            let kept = figures.keepsOutput ? (output?.elements ?? 0) + figures.internalActivations : 0
            activations += kept
            guard activations <= ModelAnalysis.countLimit else { throw ONNXCounter.tooLarge("the activations") }
            matrixFLOPs += figures.matrixFLOPs
            nodes.append(
                ModelCount.Node(
                    name: label, kind: kind, detail: figures.detail.isEmpty ? kind : "\(kind) \(figures.detail)",
                    outputShape: output?.shape ?? [],
                    parameters: parameters, forwardFLOPs: figures.flops / perSample,
                    activationElements: Int((Double(kept) / perSample).rounded(.up))))
        }

        let unused = floatInitializers.filter { !counted.contains($0.key) }
        let notes =
            remarks(
                opset: opset, scalars: scalars, sharedUses: sharedUses, unused: unused.count,
                unusedValues: unused.values.reduce(0, +)) + dimensions.notes + problems.map { "not counted: " + $0 }
        let words = inputWords.joined(separator: ", ")
        return ONNXCount(
            count: ModelCount(
                name: Self.title(file: name, graph: graph.name), format: .onnx, unit: .sample,
                input: dimensions.batch > 1 ? "\(words) (per sample of batch \(dimensions.batch))" : words,
                inputElements: inputElements / max(dimensions.batch, 1), nodes: nodes,
                uncounted: uncounted.map { ModelCount.Uncounted(name: $0.0, occurrences: $0.1) }, notes: notes),
            matrixFLOPs: matrixFLOPs / perSample)
    }

    /// Graph names exporters give every graph (PyTorch's two exporters), which say nothing of the model.
    static let exportersGraphNames: Set<String> = ["main_graph", "torch_jit", "torch-jit-export"]

    /// The model's name: the file's, which the user chose, with the graph's own name beside it when
    /// the exporter was given one.
    static func title(file: String, graph: String) -> String {
        graph.isEmpty || graph == file || exportersGraphNames.contains(graph) ? file : "\(file) (graph \(graph))"
    }

    /// What the reader should know beside the figures: the exporter, what was taken as a parameter
    /// and what not.
    private func remarks(opset: Int64, scalars: Int, sharedUses: Int, unused: Int, unusedValues: Int) -> [String] {
        var notes: [String] = []
        let producer =
            model.producer.isEmpty
            ? "" : "exported by \(model.producer)\(model.producerVersion.isEmpty ? "" : " " + model.producerVersion), "
        notes.append("\(producer)ONNX opset \(opset); parameters are the float initializers, each counted once")
        if scalars > 0 {
            notes.append(
                "\(scalars) single-value float initializer\(scalars == 1 ? " is" : "s are") taken as a constant, not a parameter"
            )
        }
        if sharedUses > 0 {
            notes.append(
                "\(sharedUses) weight tensor\(sharedUses == 1 ? " is" : "s are") used by several nodes and counted once"
            )
        }
        if model.graph.nodes.contains(where: { $0.opType == "BatchNormalization" }) {
            notes.append(
                "BatchNormalization's running mean and variance are statistics, not parameters (as PyTorch counts them)"
            )
        }
        if unused > 0 {
            notes.append(
                "\(unused) float initializer\(unused == 1 ? "" : "s") (\(unusedValues) values) used by no counted node, not counted"
            )
        }
        if model.graph.initializers.contains(where: \.isExternal) {
            notes.append("weights stored in external data files: their shapes are counted, the files are not read")
        }
        return notes
    }

    /// The error for a count past the limit, naming what.
    static func tooLarge(_ what: String) -> ModelError {
        ModelError(
            .tooLarge,
            "\(what) is too large: more than 2^53 (about 9.0e15) values, more than any machine holds")
    }

    /// The parameters of the float initializers behind `inputs` not yet counted, now counted.
    private func attribute(
        _ inputs: [ONNXValue], node: ONNXNode, to counted: inout Set<String>, weights: [String: Int]
    ) -> Int {
        var parameters = 0
        for origin in inputs.flatMap(\.origins) where !counted.contains(origin) {
            counted.insert(origin)
            parameters += weights[origin] ?? 0
        }
        return parameters
    }
}
