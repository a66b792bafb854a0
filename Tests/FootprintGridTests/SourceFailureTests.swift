import FootprintCore
import Testing

@testable import FootprintGrid

/// Each way a source can fail, against a real server on loopback, with the reason a caller matches on.
@Suite struct SourceFailureTests {
    static let now = DocumentedAnswers.now

    func failure(
        _ answer: FixtureAnswer, timeout: Double = FixtureServer.patience
    ) async throws -> IntensitySourceError? {
        try await FixtureServer { _ in answer }.serve { base in
            await #expect(throws: IntensitySourceError.self) {
                try await ElectricityMapsSource(key: "k", baseURL: base, timeout: timeout, clock: { Self.now })
                    .latest(zone: "DE")
            }
        }
    }

    @Test func aRefusedKeyIsUnauthorized() async throws {
        #expect(try await failure(.status(401))?.reason == .unauthorized)
        #expect(try await failure(.status(403))?.reason == .unauthorized)
    }

    @Test func anUnknownZoneIsSaidSo() async throws {
        let error = try await failure(.status(404, #"{"status": "error", "message": "Zone 'DE' does not exist"}"#))
        #expect(error?.reason == .unknownZone)
    }

    @Test func aServerErrorIsAnHTTPStatus() async throws {
        let error = try await failure(.status(500))
        #expect(error?.reason == .httpStatus)
        #expect(error?.message.contains("HTTP 500") == true)
    }

    @Test func malformedJSONIsABadResponse() async throws {
        #expect(try await failure(.json(#"{"zone": "DE", "carbonIntensity": "#))?.reason == .badResponse)
        #expect(try await failure(.json(#"{"zone": "DE"}"#))?.reason == .badResponse)
    }

    @Test func anImplausibleFigureIsABadResponse() async throws {
        let answer = FixtureAnswer.json(
            #"{"zone": "DE", "carbonIntensity": 90000, "datetime": "2026-11-30T12:00:00.000Z"}"#)
        #expect(try await failure(answer)?.reason == .badResponse)
    }

    @Test func aServerSlowerThanTheLimitTimesOut() async throws {
        let error = try await failure(
            FixtureAnswer(body: DocumentedAnswers.electricityMapsLatest, delay: 2), timeout: 0.3)
        #expect(error?.reason == .timedOut)
        #expect(error?.message.contains("0.3 s") == true)
    }

    @Test func aClosedPortIsUnreachable() async throws {
        let base = try await FixtureServer.closedPort()
        await #expect(throws: IntensitySourceError.self) {
            try await ElectricityMapsSource(
                key: "k", baseURL: base, timeout: FixtureServer.patience, clock: { Self.now }
            ).latest(zone: "DE")
        }
        do {
            _ = try await UKCarbonIntensitySource(baseURL: base, timeout: FixtureServer.patience).latest(zone: "GB")
            Issue.record("a closed port answered")
        } catch {
            #expect(error.reason == .unreachable)
            #expect(error.message.contains("connection refused"))
            #expect(error.message.contains(base))
        }
    }

    @Test func theMessageNeverCarriesTheKey() async throws {
        let error = try await FixtureServer { _ in .status(401) }.serve { base in
            await #expect(throws: IntensitySourceError.self) {
                try await ElectricityMapsSource(
                    key: "secret-key-123", baseURL: base, timeout: FixtureServer.patience, clock: { Self.now }
                ).latest(
                    zone: "DE")
            }
        }
        #expect(error?.message.contains("secret-key-123") == false)
    }
}
