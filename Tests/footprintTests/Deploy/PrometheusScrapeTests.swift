import Foundation
import Testing

/// A real Prometheus (Debian's package) scrapes a real `footprint exporter` on loopback ports every
/// second: its HTTP API returns the node's series growing, `promtool` finds nothing to say about the
/// exporter's text, and every name the Grafana dashboard queries is in what the exporter serves.
@Suite(.serialized) struct PrometheusScrapeTests {
    // MARK: promtool alone

    @Test(
        .enabled(
            if: PrometheusTools.installed || PrometheusTools.required,
            "needs Debian's prometheus package (.ci/run installs it)"))
    func promtoolAcceptsTheScrapeConfigAndEveryDashboardQuery() throws {
        let (status, said) = try PrometheusTools.run(
            PrometheusTools.promtool, ["check", "config", DeployFiles.path(DeployFiles.staticScrape)])
        #expect(status == 0, "\(said)")
        // Each of the dashboard's queries as a recording rule, Grafana's variables given values (its
        // label_values() is Grafana's, not PromQL).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var rules = "groups:\n  - name: dashboard\n    rules:\n"
        let queries = try DeployFiles.dashboardQueries().filter { !$0.expression.hasPrefix("label_values(") }
        for (index, query) in queries.enumerated() {
            let expression = query.expression.replacingOccurrences(of: "$__rate_interval", with: "1m")
                .replacingOccurrences(of: "$__range", with: "1h").replacingOccurrences(of: "$node", with: ".*")
                .replacingOccurrences(of: "$job", with: ".*")
            // JSON's quoting is YAML's, once slashes are left alone.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            let quoted = String(decoding: try encoder.encode(expression), as: UTF8.self)
            rules += "      - record: dashboard:query\(index)\n        expr: \(quoted)\n"
        }
        let file = folder.appendingPathComponent("dashboard-rules.yml")
        try rules.write(to: file, atomically: true, encoding: .utf8)
        let (checked, report) = try PrometheusTools.run(PrometheusTools.promtool, ["check", "rules", file.path])
        #expect(checked == 0, "\(report)")
    }

    // MARK: Prometheus scraping the exporter

    /// A process the test started, killed (SIGKILL: the runner's children start with SIGTERM blocked).
    func end(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func start(_ executable: String, _ arguments: [String], environment: [String: String], log: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = CLIRunner.isolated(environment)
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw LoopbackHTTP.Failure(description: "cannot create \(log.path)")
        }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Polls `body` every 200 ms for up to `seconds`.
    func eventually<T>(_ seconds: Double = 30, _ body: () throws -> T?) -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try? body() { return value }
            usleep(200_000)
        }
        return nil
    }

    /// A PromQL query through Prometheus's HTTP API; its `data.result`.
    func query(_ promQL: String, port: UInt16) throws -> [[String: Any]] {
        let encoded = promQL.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? promQL
        let response = try LoopbackHTTP.get(port: port, path: "/api/v1/query?query=\(encoded)")
        let json = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
        guard response.status == 200, json?["status"] as? String == "success",
            let result = (json?["data"] as? [String: Any])?["result"] as? [[String: Any]]
        else { throw LoopbackHTTP.Failure(description: "\(promQL): \(response.status) \(response.body)") }
        return result
    }

    /// The samples of a range-vector query's first series with at least `count` of them.
    func samples(_ metric: String, port: UInt16, count: Int) throws -> (labels: [String: String], values: [Double])? {
        for series in try query("\(metric)[30s]", port: port) {
            let values = (series["values"] as? [[Any]] ?? []).compactMap { ($0.last as? String).flatMap(Double.init) }
            if values.count >= count { return (series["metric"] as? [String: String] ?? [:], values) }
        }
        return nil
    }

    @Test(
        .enabled(
            if: (PrometheusTools.installed && PrometheusTools.exporterBuilt) || PrometheusTools.required,
            "needs Debian's prometheus package (.ci/run installs it) and footprint exporter"))
    func prometheusScrapesTheExporterAndItsCountersGrow() throws {
        try #require(
            PrometheusTools.installed, "Debian's prometheus package is not installed (apt-get install prometheus)")
        try #require(PrometheusTools.exporterBuilt, "\(CLIRunner.binary.path) has no exporter command")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let runtime = folder.appendingPathComponent("runtime").path
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: false)
        let environment = [
            "XDG_RUNTIME_DIR": runtime, "FOOTPRINT_LEDGER": folder.appendingPathComponent("ledger.sqlite").path,
            "FOOTPRINT_NVML_LIBRARY": try FakeNVMLLibrary.build(in: folder.appendingPathComponent("nvml"))
        ]
        let exporterPort = try LoopbackHTTP.freePort()
        let exporter = try start(
            CLIRunner.binary.path, ["exporter", "--listen", "127.0.0.1:\(exporterPort)", "--interval", "0.5"],
            environment: environment, log: folder.appendingPathComponent("exporter.log"))
        defer { end(exporter) }
        // A run of a batch job in progress on the node, in a task: the job's and the run's series; its
        // command in a cgroup named like a container's, where root may make one: a container's series.
        let done = folder.appendingPathComponent("done").path
        let cgroup = TestCgroup()
        var jobEnvironment = environment
        jobEnvironment.merge(
            [
                "SLURM_JOB_ID": "4242", "SLURM_PROCID": "0", "SLURM_JOB_NAME": "bert", "DONE": done,
                "CGROUP": cgroup?.path ?? ""
            ]
        ) { $1 }
        let script = """
            [ -z "$CGROUP" ] || echo $$ > "$CGROUP/cgroup.procs"
            echo 'start train' > "$FOOTPRINT_TASKS"
            while [ ! -e "$DONE" ]; do :; done
            """
        let run = try start(
            CLIRunner.binary.path,
            ["run", "--name", "scraped", "--project", "fleet", "--interval", "0.5", "--", "sh", "-c", script],
            environment: jobEnvironment, log: folder.appendingPathComponent("run.log"))
        defer {
            _ = FileManager.default.createFile(atPath: done, contents: nil)
            for _ in 0..<100 where run.isRunning { usleep(100_000) }
            end(run)
            cgroup?.remove()
        }
        let healthy = eventually {
            try LoopbackHTTP.get(port: exporterPort, path: "/healthz").status == 200 ? true : nil
        }
        let exporterLog = {
            (try? String(contentsOf: folder.appendingPathComponent("exporter.log"), encoding: .utf8)) ?? ""
        }
        try #require(healthy == true, "the exporter does not answer /healthz: \(exporterLog())")

        // Prometheus, scraping it every second.
        let prometheusPort = try LoopbackHTTP.freePort()
        let configuration = folder.appendingPathComponent("prometheus.yml")
        try """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: footprint
            scrape_interval: 1s
            scrape_timeout: 1s
            static_configs:
              - targets: ["127.0.0.1:\(exporterPort)"]
        """.write(to: configuration, atomically: true, encoding: .utf8)
        let prometheus = try start(
            PrometheusTools.server,
            [
                "--config.file=\(configuration.path)",
                "--storage.tsdb.path=\(folder.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(prometheusPort)", "--log.level=warn"
            ], environment: [:], log: folder.appendingPathComponent("prometheus.log"))
        defer { end(prometheus) }
        let prometheusLog = {
            (try? String(contentsOf: folder.appendingPathComponent("prometheus.log"), encoding: .utf8)) ?? ""
        }
        let ready = eventually {
            try LoopbackHTTP.get(port: prometheusPort, path: "/-/ready").status == 200 ? true : nil
        }
        try #require(ready == true, "Prometheus is not ready: \(prometheusLog())")

        // The node's counters, over a few scrapes: never lower, and higher at the end.
        for metric in [
            "footprint_node_cpu_joules_total", "footprint_node_dram_joules_total", "footprint_node_gpu_joules_total"
        ] {
            let series = try #require(
                eventually { try samples(metric, port: prometheusPort, count: 4) },
                "no 4 scrapes of \(metric): \(prometheusLog()) \(exporterLog())")
            #expect(
                zip(series.values, series.values.dropFirst()).allSatisfy { $0 <= $1 }, "\(metric): \(series.values)")
            #expect((series.values.last ?? 0) > (series.values.first ?? 0), "\(metric): \(series.values)")
            #expect(series.labels["job"] == "footprint")
            #expect(series.labels["instance"] == "127.0.0.1:\(exporterPort)")
            #expect(series.labels["method"]?.contains(":") == true, "\(metric) has no method: \(series.labels)")
        }
        let up = try query("up{job=\"footprint\"}", port: prometheusPort)
        #expect((up.first?["value"] as? [Any])?.last as? String == "1")
        let target = try LoopbackHTTP.get(port: prometheusPort, path: "/api/v1/targets")
        #expect(target.body.contains("\"health\":\"up\""), "\(target.body)")
        #expect(target.body.contains("\"lastError\":\"\""), "\(target.body)")

        // The job and the run as Prometheus has them.
        let job = eventually { try query("footprint_job_joules_total{job_id=\"4242\"}", port: prometheusPort).first }
        #expect(job != nil, "no series of job 4242")
        let task = eventually {
            try query("footprint_run_joules_total{name=\"scraped\",task=\"train\"}", port: prometheusPort).first
        }
        #expect(task != nil, "no series of the run's task")
        if let cgroup {
            let container = eventually {
                try query("footprint_container_joules_total{container_id=\"\(cgroup.id)\"}", port: prometheusPort).first
            }
            #expect(container != nil, "no series of the container \(cgroup.id)")
        }

        // promtool on the exporter's text, and OpenMetrics when asked.
        let text = try LoopbackHTTP.get(port: exporterPort, path: "/metrics")
        #expect(text.status == 200)
        let (linted, lint) = try PrometheusTools.run(PrometheusTools.promtool, ["check", "metrics"], input: text.body)
        #expect(linted == 0 && lint.isEmpty, "promtool check metrics: \(lint)")
        let openMetrics = try LoopbackHTTP.get(
            port: exporterPort, path: "/metrics", headers: ["Accept": "application/openmetrics-text;version=1.0.0"])
        #expect(openMetrics.headers["content-type"]?.hasPrefix("application/openmetrics-text") == true)
        #expect(openMetrics.body.hasSuffix("# EOF\n"))

        // Every name the dashboard queries is served, and Prometheus has it.
        let served = Set(
            text.body.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.compactMap {
                $0.split(separator: " ").dropFirst(2).first.map(String.init)
            })
        let stored = Set(
            try query("count by (__name__) ({__name__=~\"footprint_.*\"})", port: prometheusPort).compactMap {
                ($0["metric"] as? [String: String])?["__name__"]
            })
        // (Without a cgroup of its own to put the run in, a node that runs no container has no container series.)
        let containerless = cgroup == nil && !served.contains("footprint_container_joules_total")
        for name in try DeployFiles.dashboardMetricNames().sorted()
        where !(containerless && name == "footprint_container_joules_total") {
            #expect(served.contains(name), "the exporter does not serve \(name)")
            #expect(stored.contains(name), "Prometheus has no \(name)")
        }
    }
}
