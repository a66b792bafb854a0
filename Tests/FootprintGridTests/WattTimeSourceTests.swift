import FootprintCore
import Foundation
import Testing

@testable import FootprintGrid

@Suite struct WattTimeSourceTests {
    static let now = DocumentedAnswers.now
    static let basic = "Basic " + Data("ada:lovelace".utf8).base64EncodedString()

    static func documented(_ request: FixtureRequest) -> FixtureAnswer {
        switch request.path {
        case "/login":
            request.headers["authorization"] == basic ? .json(DocumentedAnswers.wattTimeLogin) : .status(401)
        case _ where request.headers["authorization"] != "Bearer fixture-token":
            .status(401)
        case _ where request.query["region"] != "CAISO_NORTH":
            .status(400, #"{"error": "Invalid region", "message": "region not found"}"#)
        case "/v3/forecast": .json(DocumentedAnswers.wattTimeForecast)
        case "/v3/historical": .json(DocumentedAnswers.wattTimeHistorical)
        case "/v3/signal-index": .json(DocumentedAnswers.wattTimeSignalIndex)
        default: .status(404)
        }
    }

    static func source(_ base: String, password: String = "lovelace") -> WattTimeSource {
        WattTimeSource(
            username: "ada", password: password, baseURL: base, timeout: FixtureServer.patience, clock: { now })
    }

    @Test func theForecastIsMarginalAndConvertedFromPoundsPerMegawattHour() async throws {
        let server = FixtureServer(Self.documented)
        let readings = try await server.serve { base in try await Self.source(base).forecast(zone: "CAISO_NORTH") }
        #expect(readings.count == 2)
        // 870 lbs/MWh × 453.592 g/lb ÷ 1,000 kWh/MWh.
        #expect(abs(readings[0].intensity.gramsPerKilowattHour - 394.625_04) < 1e-6)
        #expect(readings.allSatisfy { $0.factor == .marginal && $0.kind == .forecast && !$0.factor.isAverage })
        #expect(readings[0].end - readings[0].start == 300)
        #expect(server.requests.last?.query["signal_type"] == "co2_moer")
    }

    @Test func oneLoginServesSeveralRequests() async throws {
        let server = FixtureServer(Self.documented)
        try await server.serve { base in
            let source = Self.source(base)
            _ = try await source.forecast(zone: "CAISO_NORTH")
            _ = try await source.latest(zone: "CAISO_NORTH")
            _ = try await source.signalIndex(zone: "CAISO_NORTH")
        }
        #expect(server.paths == ["/login", "/v3/forecast", "/v3/historical", "/v3/signal-index"])
    }

    @Test func theLatestFigureIsTheLastOfThePastHour() async throws {
        let server = FixtureServer(Self.documented)
        let reading = try await server.serve { base in try await Self.source(base).latest(zone: "CAISO_NORTH") }
        #expect(abs(reading.intensity.gramsPerKilowattHour - 910 * 0.453_592) < 1e-9)
        #expect(reading.kind == .actual && reading.factor == .marginal)
        #expect(server.requests.last?.query["start"] == "2026-11-30T11:00:00Z")
    }

    @Test func theSignalIndexIsAPercentileNotAnIntensity() async throws {
        let server = FixtureServer(Self.documented)
        let index = try await server.serve { base in try await Self.source(base).signalIndex(zone: "CAISO_NORTH") }
        #expect(
            index
                == WattTimeSignalIndex(region: "CAISO_NORTH", time: Self.now - 300, percentile: 64, signal: "co2_moer"))
    }

    @Test func aWrongPasswordIsUnauthorizedAndNoAccountIsAMissingKey() async throws {
        let server = FixtureServer(Self.documented)
        let (wrong, none) = try await server.serve { base in
            let wrong = await #expect(throws: IntensitySourceError.self) {
                try await Self.source(base, password: "babbage").forecast(zone: "CAISO_NORTH")
            }
            let none = await #expect(throws: IntensitySourceError.self) {
                try await Self.source(base, password: "").forecast(zone: "CAISO_NORTH")
            }
            return (wrong, none)
        }
        #expect(wrong?.reason == .unauthorized)
        #expect(none?.reason == .missingKey)
        #expect(none?.message.contains("WATTTIME_USERNAME") == true)
        #expect(server.paths == ["/login"])
    }

    @Test func anUnknownRegionIsSaidSoAndCatalogPlacesAreNotGuessed() async throws {
        let server = FixtureServer(Self.documented)
        let (unknown, catalog) = try await server.serve { base in
            let unknown = await #expect(throws: IntensitySourceError.self) {
                try await Self.source(base).forecast(zone: "NOWHERE_GRID")
            }
            let catalog = await #expect(throws: IntensitySourceError.self) {
                try await Self.source(base).forecast(zone: "aws:us-west-1")
            }
            return (unknown, catalog)
        }
        #expect(unknown?.reason == .unknownZone)
        #expect(catalog?.reason == .unknownZone)
        #expect(server.requests.filter { $0.query["region"] == "aws:us-west-1" }.isEmpty)
    }
}
