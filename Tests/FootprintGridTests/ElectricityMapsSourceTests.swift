import FootprintCore
import Testing

@testable import FootprintGrid

@Suite struct ElectricityMapsSourceTests {
    static let now = DocumentedAnswers.now

    static func documented(_ request: FixtureRequest) -> FixtureAnswer {
        switch request.path {
        case "/v3/carbon-intensity/latest": .json(DocumentedAnswers.electricityMapsLatest)
        case "/v3/carbon-intensity/history":
            .json(DocumentedAnswers.electricityMapsHistory(factor: request.query["emissionFactorType"] ?? "lifecycle"))
        case "/v3/carbon-intensity/past-range": .json(DocumentedAnswers.electricityMapsPastRange)
        case "/v3/carbon-intensity/forecast": .json(DocumentedAnswers.electricityMapsForecast)
        default: .status(404)
        }
    }

    static func source(
        _ base: String, factor: IntensityFactor = .lifecycle, key: String = "fixture-key"
    )
        -> ElectricityMapsSource
    {
        ElectricityMapsSource(key: key, factor: factor, baseURL: base, timeout: FixtureServer.patience, clock: { now })
    }

    @Test func latestSendsTheKeyAndZoneAndReadsALifecycleFigure() async throws {
        let server = FixtureServer(Self.documented)
        let reading = try await server.serve { base in try await Self.source(base).latest(zone: "Germany") }
        #expect(reading.zone == "DE")
        #expect(reading.intensity == .gramsPerKilowattHour(302))
        #expect(reading.factor == .lifecycle)
        #expect(reading.kind == .actual)
        #expect(reading.start == Self.now && reading.end == Self.now + 3_600)
        #expect(reading.source == "Electricity Maps")
        let request = try #require(server.requests.first)
        #expect(request.headers["auth-token"] == "fixture-key")
        #expect(request.query["zone"] == "DE")
        #expect(request.query["emissionFactorType"] == "lifecycle")
    }

    @Test func directFiguresAreAskedForAndLabelledDirect() async throws {
        let server = FixtureServer(Self.documented)
        let readings = try await server.serve { base in
            try await Self.source(base, factor: .direct).history(zone: "DE", from: Self.now - 3 * 3_600, to: Self.now)
        }
        #expect(server.requests.first?.query["emissionFactorType"] == "direct")
        // The hour with a null figure is left out, not read as zero.
        #expect(readings.map(\.intensity.gramsPerKilowattHour) == [310, 305])
        #expect(readings.allSatisfy { $0.factor == .direct && $0.kind == .actual })
    }

    @Test func anOlderSpanIsAskedOfPastRangeWithItsStartAndEnd() async throws {
        let server = FixtureServer(Self.documented)
        let from = Self.now - 10 * 86_400
        let readings = try await server.serve { base in
            try await Self.source(base).history(zone: "DE", from: from, to: from + 2 * 3_600)
        }
        let request = try #require(server.requests.first)
        #expect(request.path == "/v3/carbon-intensity/past-range")
        #expect(request.query["start"] == "2026-11-20T12:00:00Z")
        #expect(request.query["end"] == "2026-11-20T14:00:00Z")
        #expect(readings.isEmpty)
    }

    @Test func aSpanLongerThanTenDaysIsAskedInPieces() async throws {
        let server = FixtureServer(Self.documented)
        let from = Self.now - 25 * 86_400
        let readings = try await server.serve { base in
            try await Self.source(base).history(zone: "DE", from: from, to: Self.now)
        }
        #expect(
            server.requests.map { $0.query["start"] ?? "" } == [
                "2026-11-05T12:00:00Z", "2026-11-15T12:00:00Z", "2026-11-25T12:00:00Z"
            ])
        #expect(server.requests.last?.query["end"] == "2026-11-30T12:00:00Z")
        // Each piece answered the same two hours here; both are in the span.
        #expect(readings.count == 6)
    }

    @Test func theForecastIsReadAsForecastHours() async throws {
        let server = FixtureServer(Self.documented)
        let readings = try await server.serve { base in try await Self.source(base).forecast(zone: "DE") }
        #expect(readings.map(\.intensity.gramsPerKilowattHour) == [288, 251, 240])
        #expect(readings.allSatisfy { $0.kind == .forecast && $0.factor == .lifecycle })
        #expect(readings.first?.start == Self.now + 3_600)
    }

    @Test func catalogPlacesBecomeElectricityMapsZones() async throws {
        let server = FixtureServer(Self.documented)
        try await server.serve { base in
            let source = Self.source(base)
            _ = try await source.latest(zone: "SE3")
            _ = try await source.latest(zone: "aws:eu-north-1")
            _ = try await source.latest(zone: "em:US-CAL-CISO")
        }
        #expect(server.requests.map { $0.query["zone"] } == ["SE-SE3", "SE", "US-CAL-CISO"])
    }

    @Test func aUSStateHasNoZoneAndNothingIsAsked() async throws {
        let server = FixtureServer(Self.documented)
        let error = try await server.serve { base in
            await #expect(throws: IntensitySourceError.self) { try await Self.source(base).latest(zone: "US-CA") }
        }
        #expect(error?.reason == .unknownZone)
        #expect(error?.message.contains("balancing authority") == true)
        #expect(server.requests.isEmpty)
    }

    @Test func withoutAKeyNothingIsAskedAndTheLineSaysWhatToSet() async throws {
        let server = FixtureServer(Self.documented)
        let error = try await server.serve { base in
            await #expect(throws: IntensitySourceError.self) { try await Self.source(base, key: "").latest(zone: "DE") }
        }
        #expect(error?.reason == .missingKey)
        #expect(error?.message.contains("ELECTRICITYMAPS_API_KEY") == true)
        #expect(server.requests.isEmpty)
    }
}
