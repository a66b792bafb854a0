import FootprintCore

@testable import FootprintModels

// The lab's own analysis of a network as a count, for tests that check the spec reader counts the
// lab's layers as the lab does.
extension ModelCount {
    /// The count of a lab network, layer by layer.
    init(_ analysis: ModelAnalysis) {
        self.init(
            name: analysis.spec.name, format: .spec, unit: .sample,
            input: "[" + analysis.spec.input.map(String.init).joined(separator: ", ") + "]",
            inputElements: analysis.spec.input.reduce(1, *),
            nodes: analysis.layers.map {
                Node(
                    name: "layers[\($0.index - 1)]", kind: $0.layer.typeName, detail: $0.layer.summary,
                    outputShape: $0.outputShape, parameters: $0.parameters, forwardFLOPs: $0.forwardFLOPs,
                    activationElements: $0.activationElements)
            })
    }
}
