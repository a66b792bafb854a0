import Testing

@testable import FootprintLab

/// Checks a network's back-propagated parameter gradients against central finite differences of
/// its loss on one batch. Float32 limits the agreement to a few per cent plus an absolute floor.
enum FiniteDifferences {
    static func expectGradientsMatch(
        _ network: Network, _ x: Matrix, _ labels: [Int32], step h: Float,
        absoluteTolerance: Float, label: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        network.lossAndGradients(Buffer(x), labels: labels[...])
        let analytic = network.parameters.map(\.gradient.storage)
        let loss = { network.lossFunction.loss(network.forward(Buffer(x)), labels: labels[...]) }
        for (p, parameter) in network.parameters.enumerated() {
            for i in 0..<parameter.count {
                let original = parameter.value.storage[i]
                parameter.value.storage[i] = original + h
                let up = loss()
                parameter.value.storage[i] = original - h
                let down = loss()
                parameter.value.storage[i] = original
                let numeric = (up - down) / (2 * h)
                #expect(
                    abs(numeric - analytic[p][i]) <= absoluteTolerance + 0.05 * abs(numeric),
                    "\(label)parameter \(p)[\(i)]", sourceLocation: sourceLocation)
            }
        }
    }
}
