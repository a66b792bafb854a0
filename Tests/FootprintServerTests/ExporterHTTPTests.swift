import FootprintCore
import FootprintMeter
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import FootprintServer

@Suite struct ExporterHTTPTests {
    /// A sampler over two scripted intervals, sampled twice.
    func sampledExporter(log: ExporterLog = .silent) -> ExporterSampler {
        let fleet = ScriptedFleet(
            [nil, interval(end: 2, processes: [process(1, cpu: 3)], problems: ["GPU 0 stopped answering (NVML)"])],
            notes: [])
        let sampler = ExporterSampler(
            source: fleet, runs: ScriptedRuns(), settings: roundSettings(), interval: 1, log: log)
        sampler.sample(now: 1)
        sampler.sample(now: 2)
        return sampler
    }

    @Test func metricsServesTheTextFormatAndOpenMetricsWhenAsked() async throws {
        let sampler = sampledExporter()
        let app = Application(router: ExporterRoutes.router(snapshot: sampler.snapshot, log: .silent, clock: { 2 }))
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let body = String(buffer: response.body)
                #expect(
                    body.contains(
                        #"footprint_process_joules_total{component="cpu",method="measured:rapl",pid="1",comm="p1",container_id=""} 3.0"#
                    ))
                #expect(!body.contains("# EOF"))
            }
            let prometheusAccept =
                "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.2,*/*;q=0.1"
            try await client.execute(uri: "/metrics", method: .get, headers: [.accept: prometheusAccept]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/openmetrics-text; version=1.0.0; charset=utf-8")
                #expect(String(buffer: response.body).hasSuffix("# EOF\n"))
            }
        }
    }

    @Test func healthzSaysOkWhileSamplingWorksAndElsewhereIsNotFound() async throws {
        let sampler = sampledExporter()
        let lines = LogLines()
        // Sampled at 2; stale after 3 × 1 + 2 = 5 s.
        let time = Mutex(2.0)
        let app = Application(
            router: ExporterRoutes.router(snapshot: sampler.snapshot, log: lines.log, clock: { time.withLock { $0 } }))
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
            }
            time.withLock { $0 = 100 }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(lines.all.contains { $0.hasPrefix("bad request: GET /nothing-here answered 404") })
    }

    @Test func healthzIsUnavailableBeforeTheFirstSample() async throws {
        let snapshot = MetricsSnapshot(staleAfter: 5)
        let app = Application(router: ExporterRoutes.router(snapshot: snapshot, log: .silent, clock: { 0 }))
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test func aSensorProblemIsLoggedOncePerKind() {
        let lines = LogLines()
        let fleet = ScriptedFleet(
            [
                nil, interval(end: 2, problems: ["GPU 0 stopped answering (NVML)"]),
                interval(end: 3, problems: ["GPU 0 stopped answering (NVML)", "/proc is unreadable"])
            ])
        let sampler = ExporterSampler(
            source: fleet, runs: ScriptedRuns(), settings: roundSettings(), interval: 1, log: lines.log)
        for now in 1...3 { sampler.sample(now: Double(now)) }
        #expect(lines.all == ["GPU 0 stopped answering (NVML)", "/proc is unreadable"])
        // It keeps serving what it has.
        #expect(String(buffer: sampler.snapshot.current.prometheus).contains("footprint_node_cpu_joules_total"))
    }

    @Test func aClientThatConnectsAndNeverSendsDoesNotBlockScrapes() async throws {
        let sampler = sampledExporter()
        let app = Application(router: ExporterRoutes.router(snapshot: sampler.snapshot, log: .silent))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // One client connected and silent, one that sent half a request line.
            let silent = try RawSocket(port: port)
            let half = try RawSocket(port: port)
            half.send("GET /metr")
            defer {
                silent.close()
                half.close()
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("footprint_node_cpu_joules_total"))
            }
            // And a scrape on a raw socket of our own, as a scraper sends it, is answered too.
            let scraper = try RawSocket(port: port)
            defer { scraper.close() }
            scraper.send("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            let reply = await onOwnThread { scraper.receiveAll() }
            #expect(reply.hasPrefix("HTTP/1.1 200 OK"))
            #expect(reply.contains("footprint_pue{"))
        }
    }

    @Test func aPortInUseIsLoggedAndRetriedUntilItFrees() async throws {
        let blocker = try RawSocket.listening()
        let address = ListenAddress(host: "127.0.0.1", port: blocker.port)
        let lines = LogLines()
        let server = ExporterServer(address: address, snapshot: sampledExporter().snapshot, log: lines.log)
        let serving = Task { await server.run() }
        defer { serving.cancel() }
        try await waitFor { lines.all.contains { $0.contains("in use") } }
        #expect(
            lines.all.first == "cannot listen on 127.0.0.1:\(blocker.port): the port is in use by another program; "
                + "trying again every 2 s")
        blocker.close()
        try await waitFor {
            lines.all.contains { $0.hasPrefix("listening on http://127.0.0.1:\(blocker.port)/metrics") }
        }
        let scraper = try RawSocket(port: blocker.port)
        defer { scraper.close() }
        scraper.send("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        let reply = await onOwnThread { scraper.receiveAll() }
        #expect(reply.hasPrefix("HTTP/1.1 200 OK"))
    }

    /// Polls `condition` every 50 ms for up to 20 s: long enough for a loaded machine, never a timing assertion.
    func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<400 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("condition not met within 20 s")
    }
}
