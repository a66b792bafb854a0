import FootprintCore
import Testing

@testable import FootprintGrid

@Suite struct IntensityProviderTests {
    static let now = DocumentedAnswers.now

    static func electricityMaps(_ base: String) -> ElectricityMapsSource {
        ElectricityMapsSource(key: "k", baseURL: base, timeout: FixtureServer.patience, clock: { now })
    }

    @Test func aSecondAskForTheSameSpanIsAnsweredWithoutTheAPI() async throws {
        let server = FixtureServer(ElectricityMapsSourceTests.documented)
        let ledger = MemoryIntensityStore()
        let (first, second) = try await server.serve { base in
            let provider = IntensityProvider(sources: [Self.electricityMaps(base)], store: ledger, clock: { Self.now })
            let first = await provider.history(zone: "DE", from: Self.now - 3 * 3_600, to: Self.now)
            let second = await provider.history(zone: "DE", from: Self.now - 3 * 3_600, to: Self.now)
            return (first, second)
        }
        #expect(first.origin == .fetched(source: "Electricity Maps"))
        #expect(second.origin == .stored(sources: ["Electricity Maps"]))
        #expect(second.readings == first.readings)
        #expect(server.requests.count == 1)
        // Kept in the store it was given, the ledger's part.
        let kept = try ledger.intensities(zone: "DE", from: 0, to: .infinity, factors: nil, kinds: nil)
        #expect(kept.map(\.intensity.gramsPerKilowattHour) == [310, 305])
    }

    @Test func aSpanTheStoreCoversIsAnsweredFromItInAnotherProcess() async throws {
        let ledger = MemoryIntensityStore()
        let hours = (0..<3).map { hour in
            IntensityReading(
                zone: "DE", start: Self.now + Double(hour) * 3_600, end: Self.now + Double(hour + 1) * 3_600,
                intensity: .gramsPerKilowattHour(300 + Double(hour)), factor: .lifecycle, kind: .actual,
                source: "imported from de.csv", recordedAt: 1)
        }
        _ = try ledger.storeIntensities(hours)
        let server = FixtureServer(ElectricityMapsSourceTests.documented)
        let answer = try await server.serve { base in
            await IntensityProvider(sources: [Self.electricityMaps(base)], store: ledger, clock: { Self.now })
                .history(zone: "Germany", from: Self.now + 1_800, to: Self.now + 3 * 3_600)
        }
        #expect(answer.origin == .stored(sources: ["imported from de.csv"]))
        #expect(answer.readings.count == 3)
        #expect(server.requests.isEmpty)
        #expect(answer.summary == "from the store (imported from de.csv)")
    }

    @Test func aGapInTheStoreSendsTheQuestionToTheSources() async throws {
        let ledger = MemoryIntensityStore()
        _ = try ledger.storeIntensities([
            IntensityReading(
                zone: "DE", start: Self.now - 3 * 3_600, end: Self.now - 2 * 3_600, intensity: .gramsPerKilowattHour(1),
                factor: .lifecycle, kind: .actual, source: "imported", recordedAt: 1)
        ])
        let server = FixtureServer(ElectricityMapsSourceTests.documented)
        let answer = try await server.serve { base in
            await IntensityProvider(sources: [Self.electricityMaps(base)], store: ledger, clock: { Self.now })
                .history(zone: "DE", from: Self.now - 3 * 3_600, to: Self.now)
        }
        #expect(answer.origin == .fetched(source: "Electricity Maps"))
        #expect(server.requests.count == 1)
    }

    @Test func aForecastIsReusedWhileFresh() async throws {
        let server = FixtureServer(ElectricityMapsSourceTests.documented)
        let origins = try await server.serve { base in
            let provider = IntensityProvider(sources: [Self.electricityMaps(base)], clock: { Self.now })
            return [await provider.forecast(zone: "DE").origin, await provider.forecast(zone: "DE").origin]
        }
        #expect(origins == [.fetched(source: "Electricity Maps"), .stored(sources: ["Electricity Maps"])])
        #expect(server.requests.count == 1)
    }

    @Test func theSourcesAreAskedInOrderAndTheFailuresSaid() async throws {
        let failing = FixtureServer { _ in .status(500) }
        let uk = FixtureServer(UKCarbonIntensitySourceTests.documented)
        let answer = try await failing.serve { failingBase in
            try await uk.serve { ukBase in
                await IntensityProvider(
                    sources: [
                        Self.electricityMaps(failingBase),
                        UKCarbonIntensitySource(baseURL: ukBase, timeout: FixtureServer.patience, clock: { Self.now })
                    ], clock: { Self.now }
                ).latest(zone: "GB")
            }
        }
        #expect(answer.origin == .fetched(source: "UK National Grid ESO Carbon Intensity API"))
        #expect(answer.failures.map(\.reason) == [.httpStatus])
        #expect(answer.readings.first?.intensity == .gramsPerKilowattHour(190))
    }

    @Test func withNothingConfiguredTheAnswerIsEmptyAndSaysSo() async throws {
        let answer = await IntensityProvider(sources: [], clock: { Self.now }).latest(zone: "DE")
        #expect(answer.readings.isEmpty)
        #expect(answer.origin == .none)
        #expect(answer.summary.contains("the annual average is used"))
    }

    @Test func everySourceFailingLeavesAnEmptyAnswerWithEachReason() async throws {
        let base = try await FixtureServer.closedPort()
        let answer = await IntensityProvider(
            sources: [
                Self.electricityMaps(base), UKCarbonIntensitySource(baseURL: base, timeout: FixtureServer.patience)
            ], clock: { Self.now }
        ).latest(zone: "DE")
        #expect(answer.origin == .none)
        // Electricity Maps cannot be reached; the UK API has no zone for Germany.
        #expect(answer.failures.map(\.reason) == [.unreachable, .unknownZone])
    }

    @Test func marginalFiguresNeverAnswerAnAverageQuestion() async throws {
        let server = FixtureServer(WattTimeSourceTests.documented)
        let (average, marginal) = try await server.serve { base in
            let wattTime = WattTimeSource(
                username: "ada", password: "lovelace", baseURL: base, timeout: FixtureServer.patience,
                clock: { Self.now })
            let average = await IntensityProvider(sources: [wattTime], signal: .average, clock: { Self.now })
                .forecast(zone: "CAISO_NORTH")
            let marginal = await IntensityProvider(sources: [wattTime], signal: .marginal, clock: { Self.now })
                .forecast(zone: "CAISO_NORTH")
            return (average, marginal)
        }
        #expect(average.origin == .none)
        #expect(average.readings.isEmpty)
        #expect(marginal.origin == .fetched(source: "WattTime"))
        #expect(marginal.readings.allSatisfy { $0.factor == .marginal })
    }
}
