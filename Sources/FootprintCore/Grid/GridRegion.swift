/// A place with a known grid carbon intensity: a country, a sub-national grid, a cloud region.
public struct GridRegion: Sendable, Hashable, Codable {
    /// What kind of place a region is; also the order in which lookups prefer them.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case country
        case usState = "us-state"
        case canadianProvince = "ca-province"
        case nordicZone = "nordic-zone"
        case cloudRegion = "cloud-region"
        case electricityMapsZone = "electricity-maps-zone"
        case worldAverage = "world-average"

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rank < rhs.rank }

        private var rank: Int {
            switch self {
            case .country: 0
            case .usState: 1
            case .canadianProvince: 2
            case .nordicZone: 3
            case .cloudRegion: 4
            case .electricityMapsZone: 5
            case .worldAverage: 6
            }
        }

        /// A label for tables.
        public var label: String {
            switch self {
            case .country: "country"
            case .usState: "US state"
            case .canadianProvince: "Canadian province"
            case .nordicZone: "Nordic bidding zone"
            case .cloudRegion: "cloud region"
            case .electricityMapsZone: "Electricity Maps zone"
            case .worldAverage: "world average"
            }
        }
    }

    /// The canonical code: ISO alpha-2 (`DE`), `US-CA`, `CA-QC`, `SE1`, `aws:us-east-1`, `em:US-CAL-CISO`.
    public var code: String
    /// A readable name.
    public var name: String
    /// What kind of place this is.
    public var kind: Kind
    /// Other spellings that find this region: alpha-3 codes, full names, bare cloud region names.
    public var aliases: [String]
    /// The ISO alpha-2 code of the country the region lies in, where known.
    public var country: String?
    /// The yearly average intensity.
    public var intensity: GridIntensity
    /// The year the figure describes.
    public var year: Int
    /// Where the figure comes from.
    public var source: String
}
