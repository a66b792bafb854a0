extension SpecLayers {
    /// Layers of sequences: embeddings, recurrent layers, attention, transformer blocks, experts.
    static let sequence: [any SpecLayer.Type] = [
        EmbeddingLayer.self, PositionEmbeddingLayer.self, NormLayer.self, AttentionLayer.self,
        TransformerLayer.self, MixtureOfExpertsLayer.self, RecurrentLayer.self, PoolerLayer.self,
        LanguageModelHeadLayer.self, ToSequenceLayer.self, ClassTokenLayer.self, FirstTokenLayer.self
    ]
}
