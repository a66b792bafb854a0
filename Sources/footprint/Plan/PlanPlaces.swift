import FootprintCore

/// A place a plan compares, as the catalog knows it, with the zones its readings may be kept under.
struct PlanPlace {
    var code: String
    var name: String
    var annual: GridIntensity
    var annualSource: String
    /// The zones to look readings up under, most specific first: the region's own
    /// (``GridRegion/intensityZone``), and for a cloud region the country it lies in, whose grid it
    /// draws from.
    var zones: [String]

    init(code: String, name: String, annual: GridIntensity, annualSource: String, zones: [String]) {
        self.code = code
        self.name = name
        self.annual = annual
        self.annualSource = annualSource
        self.zones = zones
    }

    init(region: GridRegion) {
        var zones = [region.intensityZone]
        if region.kind == .cloudRegion, let country = region.country { zones.append(country) }
        self.init(
            code: region.code, name: region.name, annual: region.intensity,
            annualSource: ResolvedLocation(region: region).source, zones: zones)
    }

    /// Here as the run or plan resolved it: a catalog region keeps its zones; a given intensity has none.
    init(here location: ResolvedLocation) {
        if let code = location.code, let region = try? GridCatalog.bundled.region(code), region.code == code {
            self.init(region: region)
            name = location.name
        } else {
            self.init(
                code: location.code ?? "here", name: location.name, annual: location.intensity,
                annualSource: location.source, zones: [])
        }
    }
}

enum PlanPlaces {
    /// Here first, then each of `others` (comma-separated catalog codes or names) not already listed.
    /// - Throws: ``UnknownRegion`` with the catalog's suggestions for a code it does not know, and
    ///   ``InvalidInput`` for an empty entry.
    static func resolve(here: ResolvedLocation, others: String?) throws -> [PlanPlace] {
        var places = [PlanPlace(here: here)]
        guard let others else { return places }
        for entry in others.split(separator: ",", omittingEmptySubsequences: false) {
            let code = entry.trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else {
                throw InvalidInput(
                    "--locations has an empty entry; give codes separated by commas, e.g. DE,FR,SE,aws:eu-north-1")
            }
            let region = try GridCatalog.bundled.region(code)
            if !places.contains(where: { $0.code == region.code }) { places.append(PlanPlace(region: region)) }
        }
        return places
    }
}
