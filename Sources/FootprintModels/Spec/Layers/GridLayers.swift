extension SpecLayers {
    /// Layers of images, volumes and signals: convolutions, pooling, normalisation, joins, reshapes.
    static let grid: [any SpecLayer.Type] = []
}
