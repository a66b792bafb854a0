import FootprintCore

extension ResolvedLocation {
    /// Where this machine is when nobody said: the system time zone's country, else the world
    /// average; the name says which.
    public static func fromSystem(
        root: String = "/", environment: [String: String],
        catalog: GridCatalog? = nil
    ) -> ResolvedLocation {
        // The bundled catalog is loaded only when a country was found: most runs never need it.
        if let (zone, country) = TimeZoneLocator(root: root, environment: environment).locate(),
            let region = try? (catalog ?? .bundled).region(country)
        {
            return ResolvedLocation(region: region, chosenBy: "from the system time zone \(zone)")
        }
        return ResolvedLocation(
            code: GridCatalog.worldAverage.code,
            name: "world average: no location given and the time zone names no country",
            intensity: GridCatalog.worldAverage.intensity, source: GridCatalog.worldAverage.source)
    }
}
