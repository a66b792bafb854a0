/// Every layer type the spec format has, found by the name a spec gives in `"type"`.
public enum SpecLayers {
    /// All layer types: those of images and grids, then those of sequences.
    public static let all: [any SpecLayer.Type] = grid + sequence

    /// The type a spec names (compared lower-cased), nil when there is none.
    public static func type(named name: String) -> (any SpecLayer.Type)? {
        let lowered = name.lowercased()
        return all.first { $0.typeNames.contains(lowered) }
    }

    /// Every type name, sorted, for the error that lists them.
    public static var typeNames: [String] { all.flatMap { $0.typeNames }.sorted() }
}
