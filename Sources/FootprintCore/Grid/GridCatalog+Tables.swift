extension GridCatalog {
    static func world() throws -> GridRegion {
        let table = try DataTable.embedded("grid-world")
        let (code, value, year, source) = try (
            table.column("code"), table.column("g_per_kwh"), table.column("year"), table.column("source")
        )
        guard table.rows.count == 1, let row = table.rows.first, let g = row[value].number, let y = Int(row[year])
        else {
            throw DataTable.Malformed(
                table: "grid-world", line: 0, reason: .missingValues("the one row of a figure and a year"))
        }
        return GridRegion(
            code: String(row[code]), name: "World average", kind: .worldAverage,
            aliases: ["world", "global"], country: nil, intensity: .gramsPerKilowattHour(g),
            year: y, source: String(row[source]))
    }

    static func countries() throws -> [GridRegion] {
        let table = try DataTable.embedded("grid-countries")
        let (alpha2, alpha3, name, value, year, source) = try (
            table.column("alpha2"), table.column("alpha3"), table.column("name"),
            table.column("g_per_kwh"), table.column("year"), table.column("source")
        )
        return table.rows.compactMap { row in
            guard let g = row[value].number, let y = Int(row[year]) else { return nil }
            return GridRegion(
                code: String(row[alpha2]), name: String(row[name]), kind: .country,
                aliases: [String(row[alpha3])], country: String(row[alpha2]),
                intensity: .gramsPerKilowattHour(g), year: y, source: String(row[source]))
        }
    }

    static func subnational() throws -> [GridRegion] {
        let table = try DataTable.embedded("grid-subnational")
        let (code, kind, name, value, year, source) = try (
            table.column("code"), table.column("kind"), table.column("name"),
            table.column("g_per_kwh"), table.column("year"), table.column("source")
        )
        return table.rows.compactMap { row in
            guard let g = row[value].number, let y = Int(row[year]),
                let k = GridRegion.Kind(rawValue: String(row[kind]))
            else { return nil }
            let country: String =
                switch k {
                case .usState: "US"
                case .canadianProvince: "CA"
                default: String(row[code].prefix(2))
                }
            return GridRegion(
                code: String(row[code]), name: String(row[name]), kind: k, aliases: [],
                country: country, intensity: .gramsPerKilowattHour(g), year: y,
                source: String(row[source]))
        }
    }

    static func cloud() throws -> [GridRegion] {
        let table = try DataTable.embedded("grid-cloud")
        let (provider, region, location, country, value, year, source) = try (
            table.column("provider"), table.column("region"), table.column("location"),
            table.column("country"), table.column("g_per_kwh"), table.column("year"), table.column("source")
        )
        var bareNames: [Substring: Int] = [:]
        for row in table.rows { bareNames[row[region], default: 0] += 1 }
        return table.rows.compactMap { row in
            guard let g = row[value].number, let y = Int(row[year]) else { return nil }
            let providerName = CloudProvider.displayName(row[provider])
            // A bare region name ("us-east-1") is a convenience only where one provider uses it.
            let aliases = bareNames[row[region]] == 1 ? [String(row[region])] : []
            return GridRegion(
                code: "\(row[provider]):\(row[region])",
                name: "\(providerName) \(row[region]) (\(row[location]))", kind: .cloudRegion,
                aliases: aliases + ["\(row[provider])/\(row[region])"], country: String(row[country]),
                intensity: .gramsPerKilowattHour(g), year: y, source: String(row[source]))
        }
    }

    static func electricityMaps() throws -> [GridRegion] {
        let table = try DataTable.embedded("grid-electricitymaps")
        let (zone, country, name, value, year, source) = try (
            table.column("zone"), table.column("country"), table.column("name"),
            table.column("g_per_kwh"), table.column("year"), table.column("source")
        )
        return table.rows.compactMap { row in
            guard let g = row[value].number, let y = Int(row[year]) else { return nil }
            let zoneName = row[name] == row[country] ? String(row[name]) : "\(row[name]), \(row[country])"
            return GridRegion(
                code: "em:\(row[zone])", name: zoneName, kind: .electricityMapsZone,
                aliases: [String(row[zone])], country: nil,
                intensity: .gramsPerKilowattHour(g), year: y, source: String(row[source]))
        }
    }
}
