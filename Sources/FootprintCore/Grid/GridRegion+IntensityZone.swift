extension GridRegion {
    /// The zone this region's time-resolved readings are kept under (``IntensityReading/zone``), in
    /// Electricity Maps' spelling where it has one: the code ("DE", "US-CA", "aws:eu-north-1"), an
    /// Electricity Maps zone's id without the catalog's "em:" ("US-CAL-CISO"), and a Nordic bidding
    /// zone with its country first ("SE-SE3" for SE3). Whoever stores or looks up readings of a
    /// region the catalog knows goes through this, so that readings imported for "SE-SE3" or
    /// "Germany" are found for "SE3" and "DE".
    public var intensityZone: String {
        switch kind {
        case .electricityMapsZone where code.hasPrefix("em:"): String(code.dropFirst(3))
        case .nordicZone: "\(code.prefix(2))-\(code)"
        default: code
        }
    }
}
