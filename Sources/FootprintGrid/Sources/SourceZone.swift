import FootprintCore

/// A zone as a caller names it, resolved once: the spelling readings are stored under (for a place
/// the catalog knows, the ledger's spelling of it: "DE", "SE-SE3" for SE3, "US-CAL-CISO" for
/// em:US-CAL-CISO, "aws:eu-north-1"; the text as given otherwise, "GB-13", "CAISO_NORTH"), and the
/// catalog region where there is one.
public struct SourceZone: Sendable, Hashable {
    /// The spelling readings carry in ``IntensityReading/zone``.
    public var code: String
    /// The catalog's region, when the zone is one.
    public var region: GridRegion?

    /// Resolves `text` through `catalog`: a known code, alias or name becomes its region's code;
    /// anything else is kept as typed (trimmed), for a source that names its own regions.
    public init(_ text: String, catalog: GridCatalog = .bundled) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let region = try? catalog.region(trimmed), region.kind != .worldAverage {
            self.code = Self.storedZone(of: region)
            self.region = region
        } else {
            self.code = trimmed
            self.region = nil
        }
    }

    /// Electricity Maps' zone for this place, or why it has none. Zones are documented by Electricity
    /// Maps as ISO 3166 alpha-2 codes for whole countries and `CC-REGION` for parts ("SE-SE3",
    /// "US-CAL-CISO", "CA-QC"); the catalog's `em:` zones are theirs already.
    public func electricityMapsZone() throws(IntensitySourceError) -> String {
        guard let region else {
            // Electricity Maps zones the 2021 table lacks: passed on as typed; an unknown one is
            // answered by the API (404), which the client reports as an unknown zone.
            guard Self.looksLikeElectricityMapsZone(code) else { throw unknown("Electricity Maps", hint: Self.emHint) }
            return code
        }
        switch region.kind {
        case .electricityMapsZone, .nordicZone:
            // Already in Electricity Maps' spelling: US-CAL-CISO; SE3 → SE-SE3, NO1 → NO-NO1.
            return code
        case .country, .canadianProvince:
            return region.code
        case .usState:
            throw unknown(
                "Electricity Maps",
                hint: "it divides the US by balancing authority, not by state; " + Self.emHint)
        case .cloudRegion:
            guard let country = region.country, !["US", "CA"].contains(country) else {
                throw unknown(
                    "Electricity Maps",
                    hint: "the region lies in a country it divides by balancing authority or province; " + Self.emHint)
            }
            return country
        case .worldAverage:
            throw unknown("Electricity Maps", hint: Self.emHint)
        }
    }

    /// The UK National Grid ESO Carbon Intensity API's area: Great Britain as a whole for GB and the
    /// cloud regions there, or one of its 17 numbered regions written "GB-1" … "GB-17" (the API's
    /// `regionid`: 1 North Scotland … 13 London … 17 Scotland).
    public func ukArea() throws(IntensitySourceError) -> UKCarbonIntensitySource.Area {
        if let region {
            if region.code == "GB" || (region.kind == .cloudRegion && region.country == "GB") { return .national }
            throw unknown(
                "The UK National Grid's Carbon Intensity API", hint: "it covers Great Britain only: GB, or GB-1 … GB-17"
            )
        }
        let upper = code.uppercased()
        if upper.hasPrefix("GB-"), let id = Int(upper.dropFirst(3)), (1...17).contains(id) { return .region(id) }
        throw unknown(
            "The UK National Grid's Carbon Intensity API", hint: "it covers Great Britain only: GB, or GB-1 … GB-17")
    }

    /// WattTime's region. WattTime names its own regions (CAISO_NORTH, PJM_DC) and documents no
    /// mapping from countries or cloud regions to them (its `/v3/region-from-loc` maps coordinates),
    /// so a catalog place is refused and WattTime's own names are passed on as given.
    public func wattTimeRegion() throws(IntensitySourceError) -> String {
        let allowed = code.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" }
        guard region == nil || code.contains("_"), allowed, !code.isEmpty else {
            throw unknown("WattTime", hint: "give WattTime's own region name, e.g. CAISO_NORTH or PJM_DC")
        }
        return code
    }

    /// The zone the ledger keeps a region's readings under: Electricity Maps' spelling where it has
    /// one (an `em:` zone without the prefix, a Nordic bidding zone with its country first), the
    /// catalog's code otherwise.
    static func storedZone(of region: GridRegion) -> String {
        switch region.kind {
        case .electricityMapsZone where region.code.hasPrefix("em:"): String(region.code.dropFirst(3))
        case .nordicZone: "\(region.code.prefix(2))-\(region.code)"
        default: region.code
        }
    }

    private static let emHint =
        "give an Electricity Maps zone, e.g. DE, SE-SE3 or US-CAL-CISO (`footprint regions list --kind electricity-maps-zone`)"

    static func looksLikeElectricityMapsZone(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 2 || first.count == 3 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
        }
    }

    private func unknown(_ source: String, hint: String) -> IntensitySourceError {
        IntensitySourceError(.unknownZone, "\(source) has no zone for \(Format.quoted(code)): \(hint)")
    }
}
