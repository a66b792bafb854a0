import FootprintCore
import Testing

@testable import FootprintGrid

@Suite struct UKCarbonIntensitySourceTests {
    static let now = DocumentedAnswers.now

    static func documented(_ request: FixtureRequest) -> FixtureAnswer {
        let path = request.path
        if path == "/intensity" { return .json(DocumentedAnswers.ukCurrent) }
        if path == "/regional/regionid/13" { return .json(DocumentedAnswers.ukRegionCurrent) }
        if path.hasPrefix("/regional/intensity/"), path.hasSuffix("/fw48h/regionid/13") {
            return .json(DocumentedAnswers.ukRegionForecast)
        }
        if path.hasPrefix("/intensity/"), path.hasSuffix("/fw48h") { return .json(DocumentedAnswers.ukForecast) }
        if path.hasPrefix("/intensity/") { return .json(DocumentedAnswers.ukSpan) }
        return .status(400)
    }

    static func source(_ base: String) -> UKCarbonIntensitySource {
        UKCarbonIntensitySource(baseURL: base, timeout: FixtureServer.patience, clock: { now })
    }

    @Test func theCurrentHalfHourPrefersTheActualFigure() async throws {
        let server = FixtureServer(Self.documented)
        let reading = try await server.serve { base in try await Self.source(base).latest(zone: "United Kingdom") }
        #expect(reading.zone == "GB")
        #expect(reading.intensity == .gramsPerKilowattHour(190))
        #expect(reading.kind == .actual)
        #expect(reading.factor == .direct)
        #expect(reading.end - reading.start == 1_800)
        #expect(server.paths == ["/intensity"])
    }

    @Test func aSpanKeepsActualAndForecastFiguresApart() async throws {
        let server = FixtureServer(Self.documented)
        let readings = try await server.serve { base in
            try await Self.source(base).history(zone: "GB", from: Self.now - 3 * 3_600, to: Self.now - 2 * 3_600)
        }
        #expect(server.paths == ["/intensity/2026-11-30T09:00Z/2026-11-30T10:00Z"])
        #expect(readings.filter { $0.kind == .actual }.map(\.intensity.gramsPerKilowattHour) == [204])
        #expect(readings.filter { $0.kind == .forecast }.map(\.intensity.gramsPerKilowattHour) == [200, 195])
        #expect(readings.allSatisfy { $0.factor == .direct })
    }

    @Test func aLongSpanIsAskedInFourteenDayPieces() async throws {
        let server = FixtureServer(Self.documented)
        _ = try await server.serve { base in
            try await Self.source(base).history(zone: "GB", from: Self.now - 20 * 86_400, to: Self.now)
        }
        #expect(
            server.paths == [
                "/intensity/2026-11-10T12:00Z/2026-11-24T12:00Z", "/intensity/2026-11-24T12:00Z/2026-11-30T12:00Z"
            ])
    }

    @Test func theForecastRunsFromNowForFortyEightHours() async throws {
        let server = FixtureServer(Self.documented)
        let readings = try await server.serve { base in try await Self.source(base).forecast(zone: "GB") }
        #expect(server.paths == ["/intensity/2026-11-30T12:00Z/fw48h"])
        #expect(readings.map(\.intensity.gramsPerKilowattHour) == [180, 120])
        #expect(readings.allSatisfy { $0.kind == .forecast })
    }

    @Test func aRegionIsAskedByItsIdInBothDocumentedShapes() async throws {
        let server = FixtureServer(Self.documented)
        let (current, forecast) = try await server.serve { base in
            let source = Self.source(base)
            return (try await source.latest(zone: "GB-13"), try await source.forecast(zone: "gb-13"))
        }
        #expect(current.zone == "GB-13")
        #expect(current.intensity == .gramsPerKilowattHour(172))
        #expect(current.kind == .forecast)
        #expect(forecast.map(\.intensity.gramsPerKilowattHour) == [150])
        #expect(server.paths == ["/regional/regionid/13", "/regional/intensity/2026-11-30T12:00Z/fw48h/regionid/13"])
    }

    @Test func placesOutsideGreatBritainAreUnknownWithoutAsking() async throws {
        let server = FixtureServer(Self.documented)
        for zone in ["DE", "GB-18", "aws:eu-north-1"] {
            let error = try await server.serve { base in
                await #expect(throws: IntensitySourceError.self) { try await Self.source(base).latest(zone: zone) }
            }
            #expect(error?.reason == .unknownZone)
        }
        #expect(server.requests.isEmpty)
    }

    @Test func aCloudRegionInBritainIsAskedNationally() async throws {
        let server = FixtureServer(Self.documented)
        _ = try await server.serve { base in try await Self.source(base).latest(zone: "aws:eu-west-2") }
        #expect(server.paths == ["/intensity"])
    }
}
