extension SpecLayers {
    /// Layers of images, volumes and signals: convolutions, pooling, normalisation, joins, reshapes.
    static let grid: [any SpecLayer.Type] = [
        DenseLayer.self, ConvolutionLayer.self, TransposedConvolutionLayer.self, PoolingLayer.self,
        GlobalPoolingLayer.self, UpsampleLayer.self, BatchNormLayer.self, GroupNormLayer.self, ActivationLayer.self,
        SoftmaxLayer.self, DropoutLayer.self, IdentityLayer.self, ElementwiseJoinLayer.self, ConcatLayer.self,
        FlattenLayer.self, ReshapeLayer.self, PermuteLayer.self
    ]
}
