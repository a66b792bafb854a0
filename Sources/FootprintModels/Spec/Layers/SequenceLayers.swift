extension SpecLayers {
    /// Layers of sequences: embeddings, recurrent layers, attention, transformer blocks, experts.
    static let sequence: [any SpecLayer.Type] = []
}
