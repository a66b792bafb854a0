import Foundation
import Hummingbird
import Logging
import Synchronization
import Testing

/// `footprint regions fetch` against a real HTTP server on loopback answering in the UK Carbon
/// Intensity API's documented shape: what comes back is printed and kept in the ledger, and a
/// second ask is answered from the ledger without a request.
@Suite struct RegionsFetchServedTests {
    /// Two half hours from the present one on, as the API's 48-hour forecast begins: a forecast
    /// the ledger keeps must still lie ahead when the second command asks.
    static func forecast(now: Double) -> String {
        let start = (now / 1_800).rounded(.down) * 1_800
        func minute(_ seconds: Double) -> String {
            let date = Date(timeIntervalSince1970: seconds)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            return String(
                format: "%04d-%02d-%02dT%02d:%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
                parts.minute ?? 0)
        }
        return """
            {"data": [
              {"from": "\(minute(start))", "to": "\(minute(start + 1_800))", "intensity": {"forecast": 182, "actual": null, "index": "moderate"}},
              {"from": "\(minute(start + 1_800))", "to": "\(minute(start + 3_600))", "intensity": {"forecast": 176, "actual": null, "index": "moderate"}}
            ]}
            """
    }

    /// Runs the binary off the cooperative pool, which the server's handlers need meanwhile.
    func fetch(_ arguments: [String], base: String, ledger: URL) async throws -> CLIRunner.Result {
        let environment = [
            "FOOTPRINT_UK_CARBON_INTENSITY_URL": base, "ELECTRICITYMAPS_API_KEY": "", "WATTTIME_USERNAME": "",
            // The fixture answers from this test process's concurrency pool, busy in a full run.
            "FOOTPRINT_INTENSITY_TIMEOUT": "60"
        ]
        let outcome: Result<CLIRunner.Result, any Error> = await withCheckedContinuation { done in
            DispatchQueue.global().async {
                done.resume(
                    returning: Result {
                        try CLIRunner.run(
                            ["regions", "fetch"] + arguments + ["--ledger", ledger.path], environment: environment)
                    })
            }
        }
        return try outcome.get()
    }

    @Test func aForecastIsPrintedKeptAndThenAnsweredFromTheLedger() async throws {
        let paths = Mutex<[String]>([])
        let router = Router()
        router.get("**") { request, _ -> Response in
            paths.withLock { $0.append(request.uri.path) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.forecast(now: Date().timeIntervalSince1970))))
        }
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fixture")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            }, logger: logger)
        let ledger = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: ledger) }
        let (first, second) = try await withThrowingTaskGroup(of: (CLIRunner.Result, CLIRunner.Result)?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var port = 0
            for await bound in ports { port = bound }
            let base = "http://127.0.0.1:\(port)"
            let first = try await fetch(["GB", "--forecast", "--json"], base: base, ledger: ledger)
            let second = try await fetch(["United Kingdom", "--forecast"], base: base, ledger: ledger)
            group.cancelAll()
            return (first, second)
        }
        #expect(first.status == 0, "\(first.stderr)")
        let json = try first.json()
        #expect(json["origin"] as? String == "fetched")
        #expect((json["stored"] as? [String: Any])?["inserted"] as? Int == 2)
        let readings = try #require(json["readings"] as? [[String: Any]])
        #expect(readings.map { $0["intensity_g_per_kwh"] as? Double } == [182, 176])
        #expect(readings.allSatisfy { $0["factor"] as? String == "direct" && $0["kind"] as? String == "forecast" })
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("GB — 2 readings from the store (UK National Grid ESO Carbon Intensity API)"))
        #expect(paths.withLock { $0.count } == 1)
        #expect(paths.withLock { $0.first?.hasSuffix("/fw48h") } == true)
    }
}
