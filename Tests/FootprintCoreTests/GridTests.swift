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
        #expect(try grid.region("SE1").intensity.gramsPerKilowattHour == 18)
        #expect(try grid.region("aws:us-east-1").intensity.gramsPerKilowattHour == 367.8)
        #expect(try grid.region("us-east-1").code == "aws:us-east-1")
        #expect(try grid.region("azure:westeurope").country == "NL")
        #expect(try grid.region("gcp:europe-west1").kind == .cloudRegion)
        #expect(try grid.region("em:US-CAL-CISO").kind == .electricityMapsZone)
        #expect(try grid.region("US-CAL-CISO").code == "em:US-CAL-CISO")
    }

    @Test func usStateConvertedFromPoundsPerMegawattHour() throws {
        // eGRID 2016 gives Iowa 997.866 lb/MWh → × 0.453592 g/kWh per lb/MWh.
        #expect(abs(try grid.region("US-IA").intensity.gramsPerKilowattHour - 452.6) < 0.05)
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

    @Test func worldAverageIsLabelled() throws {
        let world = try grid.region("world")
        #expect(world.kind == .worldAverage)
        #expect(world.intensity.gramsPerKilowattHour == 475)
        #expect(world.source.contains("world average"))
    }

    @Test func northAmericanSpreadFromTheSeed() throws {
        // Seed 002: from about 20 g/kWh in Quebec to 736.6 g/kWh in Iowa (Azure centralus, 2019).
        #expect(try grid.region("azure:canadaeast").intensity.gramsPerKilowattHour == 20)
        #expect(try grid.region("azure:centralus").intensity.gramsPerKilowattHour == 736.6)
        let extremes = try #require(grid.extremes(of: [.country]))
        #expect(extremes.lowest.intensity < extremes.highest.intensity)
    }
}
