import Foundation

/// Every bundled grid carbon intensity, with case-insensitive lookup by code, alias or name.
public struct GridCatalog: Sendable {
    /// All regions, countries first.
    public let regions: [GridRegion]
    private let index: [String: [Int]]

    /// The world average used when a place is unknown: the generation-weighted mean of the country
    /// table, so that the fallback and the countries share one source and year.
    public static let worldAverage: GridRegion = {
        do {
            return try world()
        } catch {
            // Compiled in and checked by the test suite, as for `bundled`.
            preconditionFailure("\(error)")
        }
    }()

    /// The catalog built from the bundled tables.
    public static let bundled: GridCatalog = {
        do {
            return try GridCatalog(loadingBundledTables: ())
        } catch {
            // The tables are compiled in and checked by the test suite; reaching this means the
            // build itself is broken, and no figure from it could be trusted.
            preconditionFailure("\(error)")
        }
    }()

    /// Builds a catalog from regions (tests use this with their own lists).
    public init(regions: [GridRegion]) {
        let sorted = regions.sorted { ($0.kind, $0.code) < ($1.kind, $1.code) }
        var index: [String: [Int]] = [:]
        for (position, region) in sorted.enumerated() {
            for key in [region.code, region.name] + region.aliases {
                index[Self.key(key), default: []].append(position)
            }
        }
        self.regions = sorted
        self.index = index
    }

    private init(loadingBundledTables: Void) throws {
        var regions: [GridRegion] = [Self.worldAverage]
        regions += try Self.countries()
        let zones = try Self.electricityMaps()
        // A Nordic bidding zone is also found by Electricity Maps' spelling of it ("SE-SE3"), as
        // their files name it, where no Electricity Maps zone of the table has that id.
        let zoneIDs = Set(zones.flatMap(\.aliases))
        regions += try Self.subnational().map { region in
            var region = region
            if region.kind == .nordicZone, !zoneIDs.contains(region.intensityZone) {
                region.aliases.append(region.intensityZone)
            }
            return region
        }
        regions += try Self.cloud()
        regions += zones
        self.init(regions: regions)
    }

    /// Finds a region by code, alias or name, case-insensitively.
    ///
    /// Exact codes win over aliases, and among equals the more specific kind wins in the order of
    /// ``GridRegion/Kind`` (a country before a US state of the same name).
    /// - Throws: ``UnknownRegion`` naming the closest matches.
    public func region(_ query: String) throws(UnknownRegion) -> GridRegion {
        let key = Self.key(query)
        if let hits = index[key], !hits.isEmpty {
            let candidates = hits.map { regions[$0] }
            if let byCode = candidates.first(where: { Self.key($0.code) == key }) { return byCode }
            return candidates[0]
        }
        throw UnknownRegion(query: query, suggestions: suggestions(for: query))
    }

    /// The regions of one kind.
    public func regions(of kind: GridRegion.Kind) -> [GridRegion] {
        regions.filter { $0.kind == kind }
    }

    /// The lowest- and highest-intensity regions of the given kinds.
    public func extremes(of kinds: Set<GridRegion.Kind>) -> (lowest: GridRegion, highest: GridRegion)? {
        let chosen = regions.filter { kinds.contains($0.kind) }
        guard let low = chosen.min(by: { $0.intensity < $1.intensity }),
            let high = chosen.max(by: { $0.intensity < $1.intensity })
        else { return nil }
        return (low, high)
    }

    /// Up to `limit` regions whose codes or names are closest to `query`.
    public func suggestions(for query: String, limit: Int = 3) -> [GridRegion] {
        let needle = Self.key(query)
        // Everything is equally close to nothing: an empty name gets no guesses.
        if needle.isEmpty { return [] }
        var scored: [(score: Int, position: Int)] = []
        for (key, positions) in index {
            guard let score = ClosestMatch.suggestionDistance(needle, key) else { continue }
            for position in positions { scored.append((score, position)) }
        }
        var seen = Set<Int>()
        return scored.sorted { ($0.score, $0.position) < ($1.score, $1.position) }
            .filter { seen.insert($0.position).inserted }
            .prefix(limit)
            .map { regions[$0.position] }
    }

    static func key(_ text: String) -> String {
        text.lowercased().trimmingCharacters(in: .whitespaces)
    }
}

/// A region code or name that Footprint does not know: the one way a look-up fails, so the type is
/// what to match on. What to do instead (list the regions, give an intensity) is the caller's to say.
public struct UnknownRegion: Error, CustomStringConvertible, Sendable {
    /// What the user asked for.
    public let query: String
    /// The closest known regions.
    public let suggestions: [GridRegion]

    public init(query: String, suggestions: [GridRegion]) {
        self.query = query
        self.suggestions = suggestions
    }

    /// "unknown region 'Germny'; did you mean DE (Germany)?": what was not found and the likely intent.
    public var description: String {
        let guess =
            suggestions.isEmpty
            ? "" : "; did you mean " + suggestions.map { "\($0.code) (\($0.name))" }.joined(separator: ", ") + "?"
        return "unknown region \(Format.quoted(query))\(guess)"
    }
}
