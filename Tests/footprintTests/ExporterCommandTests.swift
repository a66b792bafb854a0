import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `footprint exporter` end to end: the binary started, scraped over a real socket, stopped by SIGTERM.
@Suite struct ExporterCommandTests {
    @Test(arguments: [
        ("9875", "--listen takes HOST:PORT"), ("127.0.0.1:70000", "--listen port must be 1 to 65535; got 70000"),
        ("192.0.2.1:9875", "--listen host '192.0.2.1' is not an address of this machine"),
        ("no-such-host.invalid:9875", "--listen host 'no-such-host.invalid' does not resolve")
    ])
    func aBadListenAddressIsOneLineAndExit2(_ listen: String, _ message: String) throws {
        let result = try CLIRunner.run(["exporter", "--listen", listen])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [["--processes", "10001"], ["--retain", "-1"], ["--interval", "0"]])
    func numbersOutOfBoundsAreRefused(_ arguments: [String]) throws {
        let result = try CLIRunner.run(["exporter"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(arguments[0]), "\(result.stderr)")
    }

    @Test func servesMetricsAndStopsOnSIGTERM() throws {
        let port = try Self.freePort()
        let exporter = try CLIRunner.start([
            "exporter", "--listen", "127.0.0.1:\(port)", "--interval", "0.1", "--synthetic-processes", "5",
            "--intensity", "300", "--pue", "1.2"
        ])
        defer { if exporter.isRunning { kill(exporter.processIdentifier, SIGKILL) } }
        // Scraped until the first sample is in (the server may be up a moment before it).
        var metrics = ""
        for _ in 0..<200 where !metrics.contains("footprint_node_cpu_joules_total{") {
            metrics = Self.get("/metrics", port: port)
            if !metrics.contains("footprint_node_cpu_joules_total{") { usleep(100_000) }
        }
        #expect(metrics.hasPrefix("HTTP/1.1 200 OK"))
        #expect(
            metrics.contains(
                #"footprint_grid_intensity_grams_per_kwh{location="given intensity",source="given by --intensity"} 300.0"#
            ))
        #expect(metrics.contains(#"footprint_pue{source="given by --pue"} 1.2"#))
        #expect(Self.get("/healthz", port: port).hasSuffix("\r\n\r\nok\n"))
        kill(exporter.processIdentifier, SIGTERM)
        exporter.waitUntilExit()
        #expect(exporter.terminationReason == .exit)
        #expect(exporter.terminationStatus == 0)
    }

    @Test func aRunInProgressIsExportedFromTheLiveRunRegistry() throws {
        let runtime = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-exporter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: runtime) }
        let environment = ["XDG_RUNTIME_DIR": runtime.path]
        let port = try Self.freePort()
        let exporter = try CLIRunner.start(
            ["exporter", "--listen", "127.0.0.1:\(port)", "--interval", "0.2", "--synthetic-processes", "1"],
            environment: environment)
        let run = try CLIRunner.start(
            ["run", "--quiet", "--interval", "0.1", "--", "sleep", "20"], environment: environment)
        defer {
            for process in [exporter, run] where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        var metrics = ""
        // The synthetic process's run may be listed first: wait for this run's line, and take it.
        func line() -> Substring? {
            metrics.split(separator: "\n").first {
                $0.hasPrefix("footprint_run_joules_total{") && $0.contains(#"name="sleep 20""#)
            }
        }
        for _ in 0..<200 where line() == nil {
            metrics = Self.get("/metrics", port: port)
            if line() == nil { usleep(100_000) }
        }
        let line = line() ?? ""
        #expect(line.contains(#"name="sleep 20""#), "\(metrics)")
        #expect(line.contains(#"task="""#))
        kill(run.processIdentifier, SIGTERM)
        kill(exporter.processIdentifier, SIGTERM)
        exporter.waitUntilExit()
        #expect(exporter.terminationStatus == 0)
    }

    /// A port of the loopback nothing listens on now.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard ok else { throw CLIRunner.CLIError("cannot bind a loopback port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// One HTTP/1.1 GET over a plain socket, with `headers` ("Name: value") added, the whole reply;
    /// "" when nothing listens yet.
    static func get(_ path: String, port: Int, headers: [String] = []) -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { return "" }
        let extra = headers.map { $0 + "\r\n" }.joined()
        let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\(extra)\r\n".utf8)
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while case let count = chunk.withUnsafeMutableBytes({ recv(descriptor, $0.baseAddress, $0.count, 0) }),
            count > 0
        {
            reply += chunk[0..<count]
        }
        return String(decoding: reply, as: UTF8.self)
    }
}
