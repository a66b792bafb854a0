import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `footprint serve` in a real browser: Debian's headless Chromium reads the pages of a ledger the
/// CLI recorded, and takes screenshots at desktop and phone widths (kept in
/// `FOOTPRINT_SCREENSHOTS` when set). Skipped, saying so, without Chromium; CI sets
/// `FOOTPRINT_REQUIRE_CHROMIUM=1` so that it fails there instead.
@Suite(.serialized) struct ServeBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let required = ProcessInfo.processInfo.environment["FOOTPRINT_REQUIRE_CHROMIUM"] == "1"

    /// A ledger of three runs the CLI measured (two of project vision, one of nlp named as markup)
    /// and `footprint serve` over it on a free loopback port.
    struct Served {
        let folder: URL
        let port: Int
        let server: Process
        let ids: [String: String]

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "footprint-serve-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let ledger = folder.appendingPathComponent("ledger.sqlite").path
            let busy = ["sh", "-c", "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done"]
            var ids: [String: String] = [:]
            for (name, project) in [("train resnet", "vision"), ("train vit", "vision"), ("<script>x</script>", "nlp")]
            {
                let result = try CLIRunner.run(
                    [
                        "run", "--quiet", "--json", "--ledger", ledger, "--name", name, "--project", project,
                        "--interval", "0.05", "--"
                    ] + busy)
                #expect(result.status == 0, "\(result.stderr)")
                let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                ids[name] = object?["run_id"] as? String
            }
            self.ids = ids
            port = try ExporterCommandTests.freePort()
            server = try CLIRunner.start(["serve", "--ledger", ledger, "--listen", "127.0.0.1:\(port)"])
            for _ in 0..<200 where !ExporterCommandTests.get("/healthz", port: port).hasSuffix("ok\n") {
                usleep(50_000)
            }
        }

        func stop() {
            if server.isRunning {
                kill(server.processIdentifier, SIGTERM)
                server.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: folder)
        }

        func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }
    }

    /// Chromium's DOM of a page after it loaded.
    static func dom(_ url: String, profile: URL) throws -> String {
        let (status, said) = try PrometheusTools.run(
            try #require(chromium),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(profile.path)", "--dump-dom", url
            ])
        #expect(status == 0, "\(said)")
        return said
    }

    /// A screenshot of a page at a window width, as a PNG file's bytes.
    static func screenshot(_ url: String, width: Int, height: Int, to file: URL, profile: URL) throws -> Data {
        try? FileManager.default.removeItem(at: file)
        let (status, said) = try PrometheusTools.run(
            try #require(chromium),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)",
                "--screenshot=\(file.path)", url
            ])
        #expect(status == 0, "\(said)")
        return (try? Data(contentsOf: file)) ?? Data()
    }

    @Test(.enabled(if: chromium != nil || required, "needs Debian's chromium package (.ci/run installs it)"))
    func theRunsPageAFilterARunAndAProjectDrawInChromium() throws {
        try #require(Self.chromium != nil, "chromium is not installed (apt-get install chromium)")
        let served = try Served()
        defer { served.stop() }
        let profile = served.folder.appendingPathComponent("chromium")
        let resnet = try #require(served.ids["train resnet"]), vit = try #require(served.ids["train vit"])
        let markup = try #require(served.ids["<script>x</script>"])

        let runs = try Self.dom(served.url("/"), profile: profile)
        for id in [resnet, vit, markup] { #expect(runs.contains("/runs/\(id)"), "\(id) listed") }
        #expect(runs.contains("&lt;script&gt;x&lt;/script&gt;"), "the markup name shows as text")
        #expect(!runs.contains("<script>x"))

        let filtered = try Self.dom(served.url("/?project=vision"), profile: profile)
        #expect(filtered.contains("/runs/\(resnet)") && filtered.contains("/runs/\(vit)"))
        #expect(!filtered.contains("/runs/\(markup)"), "the filter leaves the nlp run out")

        let run = try Self.dom(served.url("/runs/\(resnet)"), profile: profile)
        #expect(run.contains("Power by component") && run.contains("Cumulative CO2e"))
        #expect(run.components(separatedBy: "<svg").count - 1 >= 2, "the run's charts")

        let project = try Self.dom(served.url("/projects/vision"), profile: profile)
        #expect(project.contains("Energy per day") && project.contains("By user") && project.contains("<svg"))

        let shots =
            ProcessInfo.processInfo.environment["FOOTPRINT_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
            ?? served.folder.appendingPathComponent("shots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        for (name, path) in [("runs", "/"), ("run", "/runs/\(resnet)"), ("project", "/projects/vision")] {
            for (size, width, height) in [("desktop", 1280, 1500), ("phone", 400, 1700)] {
                let png = try Self.screenshot(
                    served.url(path), width: width, height: height,
                    to: shots.appendingPathComponent("\(name)-\(size).png"), profile: profile)
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) at \(size) width is a PNG")
            }
        }
    }
}
