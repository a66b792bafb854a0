import Testing

@testable import FootprintCore

@Suite struct GridTests {
    let grid = GridCatalog.bundled

    @Test func everyRegionCarriesItsSourceAndYear() {
        #expect(grid.regions.count > 500)
        for region in grid.regions {
            #expect(!region.source.isEmpty, "\(region.code) has no source")
            #expect((2009...2025).contains(region.year), "\(region.code) year \(region.year)")
            #expect((0...2_000).contains(region.intensity.gramsPerKilowattHour), "\(region.code)")
        }
    }

    @Test func theWorldAverageFallbackReadsAsOneBracket() {
        // The label wraps the name in brackets; a name with its own brackets read "(… (…))".
        let label = ResolvedLocation.worldAverage.label
        #expect(!ResolvedLocation.worldAverage.name.contains("("))
        #expect(label.hasPrefix("WORLD (world average, as no location was given or found): "))
    }

    @Test func everyKindIsBundled() {
        #expect(grid.regions(of: .country).count > 200)
        #expect(grid.regions(of: .usState).count >= 50)
        #expect(grid.regions(of: .canadianProvince).count >= 10)
        #expect(grid.regions(of: .nordicZone).count == 9)
        #expect(grid.regions(of: .electricityMapsZone).count > 100)
        let providers = Set(grid.regions(of: .cloudRegion).compactMap { $0.code.split(separator: ":").first })
        #expect(providers == ["aws", "azure", "gcp"])
    }

    @Test(arguments: ["DE", "de", "DEU", "germany", " Germany "])
    func countriesByAlpha2Alpha3AndName(query: String) throws {
        let region = try grid.region(query)
        #expect(region.code == "DE")
        #expect(region.kind == .country)
        #expect(region.source.contains("Ember"))
    }

    @Test func subnationalAndCloudCodes() throws {
        #expect(try grid.region("US-CA").name == "California")
        #expect(try grid.region("california").code == "US-CA")
        #expect(try grid.region("ca-qc").kind == .canadianProvince)
        #expect(try grid.region("SE1").intensity.gramsPerKilowattHour == 25.9)
        #expect(try grid.region("aws:us-east-1").intensity == grid.region("US-VA").intensity)
        #expect(try grid.region("us-east-1").code == "aws:us-east-1")
        #expect(try grid.region("azure:westeurope").country == "NL")
        #expect(try grid.region("gcp:europe-west1").kind == .cloudRegion)
        #expect(try grid.region("em:US-CAL-CISO").kind == .electricityMapsZone)
        #expect(try grid.region("US-CAL-CISO").code == "em:US-CAL-CISO")
    }

    @Test func usStatesAreEGRID2023ConvertedFromPoundsPerMegawattHour() throws {
        // eGRID2023 gives Iowa 634.156 lb CO2e/MWh (STC2ERTA) → × 0.453592 g/kWh per lb/MWh.
        let iowa = try grid.region("US-IA")
        #expect(abs(iowa.intensity.gramsPerKilowattHour - 287.6) < 0.05)
        #expect(iowa.year == 2023)
        for state in grid.regions(of: .usState) {
            #expect(state.year == 2023 && state.source.contains("eGRID2023"), "\(state.code): \(state.source)")
        }
    }

    @Test func nordicZonesAreMeasuredNotOnePlaceholder() throws {
        // The older CodeCarbon copy gave all nine zones the same 18.0 g/kWh.
        let zones = grid.regions(of: .nordicZone)
        #expect(Set(zones.map(\.intensity)).count > 1)
        #expect(zones.allSatisfy { $0.year == 2025 && $0.source.contains("ENTSO-E 2025") })
        #expect(try grid.region("SE3").name.contains("Stockholm"))
    }

    @Test func electricityMapsFiguresSayWhatSpanTheyAverage() {
        // US-FLA-HST was a 77-hour figure presented as a yearly average.
        #expect(throws: UnknownRegion.self) { try grid.region("em:US-FLA-HST") }
        let zones = grid.regions(of: .electricityMapsZone)
        #expect(zones.count == 133)
        for zone in zones {
            #expect(
                zone.source == "Electricity Maps yearly average"
                    || zone.source.hasSuffix("of \(zone.year) with data (part of the year)"),
                "\(zone.code): \(zone.source)")
        }
    }

    @Test func countryWinsOverSameNamedState() throws {
        #expect(try grid.region("Georgia").code == "GE")
        #expect(try grid.region("US-GA").kind == .usState)
    }

    @Test func unknownRegionNamesClosestMatches() {
        #expect {
            try grid.region("Germny")
        } throws: { error in
            guard let unknown = error as? UnknownRegion else { return false }
            return unknown.suggestions.first?.code == "DE" && unknown.description.contains("did you mean DE (Germany)")
        }
    }

    @Test func worldAverageHasTheCountryTablesSourceAndYear() throws {
        let world = try grid.region("world")
        #expect(world.kind == .worldAverage)
        #expect(world == GridCatalog.worldAverage)
        // The generation-weighted mean of the country table (Ember's own 2023 figure is 480).
        #expect(world.intensity.gramsPerKilowattHour == 480.6)
        let countries = grid.regions(of: .country)
        #expect(world.year == countries.map(\.year).max())
        #expect(world.year == 2023)
        #expect(world.source.hasPrefix("Our World in Data / Ember 2023"))
        #expect(countries.allSatisfy { $0.source.contains("Our World in Data / Ember") })
        #expect(ResolvedLocation.worldAverage.intensity == world.intensity)
    }

    @Test func awsEuWest1IsIrelandsYearlyFigure() throws {
        // It was a 2019 figure of 617 g/kWh beside Ireland's 291.
        let region = try grid.region("aws:eu-west-1")
        let ireland = try grid.region("IE")
        #expect(region.intensity == ireland.intensity)
        #expect(region.year == ireland.year)
        #expect(region.source == "location: IE, Our World in Data / Ember 2023")
        #expect(ResolvedLocation(region: region).source == "location: IE, Our World in Data / Ember 2023")
    }

    @Test func everyAWSAndAzureRegionTakesItsLocationsFigure() throws {
        let clouds = grid.regions(of: .cloudRegion)
        #expect(clouds.count == 128)
        for region in clouds {
            if region.code.hasPrefix("gcp:") {
                #expect(
                    region.source.hasPrefix("Google Cloud region carbon data 2023 (provider's own figure; location: "),
                    "\(region.code)")
                continue
            }
            let code = try #require(
                region.source.split(separator: ",").first.map { $0.replacingOccurrences(of: "location: ", with: "") },
                "\(region.code)")
            let location = try grid.region(code)
            #expect(region.intensity == location.intensity, "\(region.code) vs \(code)")
            #expect(region.year == location.year, "\(region.code)")
            #expect(region.country == location.country, "\(region.code)")
            #expect(region.year >= 2022, "\(region.code)")
        }
        #expect(try grid.region("aws:us-east-1").source.hasPrefix("location: US-VA, US EPA eGRID2023"))
        #expect(try grid.region("azure:centralus").intensity == grid.region("US-IA").intensity)
        #expect(try grid.region("azure:canadaeast").intensity == grid.region("CA-QC").intensity)
        #expect(try grid.region("aws:eu-north-1").intensity == grid.region("SE").intensity)
        // Regions newer than the 2019 table come from the location table alone.
        #expect(try grid.region("aws:eu-south-1").intensity == grid.region("IT").intensity)
        #expect(try grid.region("azure:swedencentral").source == "location: SE, Our World in Data / Ember 2023")
        #expect(try grid.region("azure:westus3").intensity == grid.region("US-AZ").intensity)
    }

    @Test func rawCloudRegionSpellingsAndCountriesAreCorrected() throws {
        // CodeCarbon's impact.csv spells me-central1 "me-cenrtal1" and files Hong Kong under China.
        #expect(try grid.region("gcp:me-central1").country == "QA")
        #expect(throws: UnknownRegion.self) { try grid.region("gcp:me-cenrtal1") }
        #expect(try grid.region("gcp:asia-east2").country == "HK")
    }

    /// The library says what was not found and the likely intent; the CLI adds what to do instead.
    @Test func unknownRegionMessageNamesNoCommand() throws {
        let plain = UnknownRegion(query: "Narnia", suggestions: [])
        #expect(plain.description == "unknown region 'Narnia'")
        let guess = UnknownRegion(query: "Germny", suggestions: [try grid.region("DE")])
        #expect(guess.description == "unknown region 'Germny'; did you mean DE (Germany)?")
        #expect(!guess.description.contains("--") && !guess.description.contains("footprint"))
    }
}
