/// Weights stored as IEEE half precision (Float16), for the precision experiment: half the bytes
/// of Float32 to keep and move; arithmetic still happens in Float32 after widening.
public struct HalfMatrix: Sendable {
    public let rows: Int, columns: Int
    public let storage: [Float16]

    /// Rounds a Float32 matrix to half precision (values beyond ±65,504 saturate to infinity).
    public init(_ m: Matrix) {
        rows = m.rows
        columns = m.columns
        storage = m.storage.prefix(m.count).map { Float16($0) }
    }

    /// Widens back to Float32.
    public func widened() -> Matrix {
        Matrix(rows: rows, columns: columns, values: storage.map { Float($0) })
    }

    /// Bytes the values take.
    public var bytes: Int { storage.count * MemoryLayout<Float16>.stride }
}

/// Inference with every dense and conv layer's weights and biases held in Float16 and widened
/// into the layer before each forward pass: what a network stored in half precision computes.
public final class HalfPrecisionInference {
    let network: Network
    /// Each dense and conv layer's parameters in order: weights, then the bias if it has one.
    let stored: [[HalfMatrix]]

    /// Keeps a half-precision copy of `network`'s parameters; the network itself is left as it is.
    public init(_ network: Network) {
        self.network = network
        stored = network.layers.compactMap { layer -> [HalfMatrix]? in
            guard layer is Dense || layer is Conv2D else { return nil }
            return layer.parameters.map { HalfMatrix($0.value) }
        }
    }

    /// Bytes of the stored parameters, against 4 per value in Float32.
    public var parameterBytes: Int { stored.reduce(0) { total, layer in layer.reduce(total) { $0 + $1.bytes } } }

    /// Logits for a batch, computed with the half-precision parameters.
    public func forward(_ batch: Buffer) -> Buffer {
        let trainable = network.layers.filter { $0 is Dense || $0 is Conv2D }
        let saved = trainable.map { $0.parameters.map(\.value) }
        for (layer, halves) in zip(trainable, stored) {
            for (parameter, half) in zip(layer.parameters, halves) { parameter.value = half.widened() }
        }
        defer {
            for (layer, values) in zip(trainable, saved) {
                for (parameter, value) in zip(layer.parameters, values) { parameter.value = value }
            }
        }
        return network.forward(batch)
    }
}
