import Foundation
import Testing

/// The deployment files under `deploy/` hold what they must: the dashboard queries exactly the
/// exported names and labels, the DaemonSet and its Service fit each other and the scrape configs,
/// and the systemd unit runs the exporter hardened but able to read /proc and /sys.
@Suite struct DeployFilesTests {
    typealias Node = MiniYAML.Node

    // MARK: Grafana

    @Test func theDashboardParsesAndEveryPanelHasItsQueries() throws {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try DeployFiles.text(DeployFiles.dashboard).utf8))
                as? [String: Any])
        #expect(json["uid"] as? String == "footprint-fleet")
        let panels = try #require(json["panels"] as? [[String: Any]])
        let drawn = panels.filter { $0["type"] as? String != "row" }
        #expect(drawn.count >= 12)
        for panel in drawn {
            let targets = panel["targets"] as? [[String: Any]] ?? []
            #expect(!targets.isEmpty, "\(panel["title"] ?? "?") has no query")
            #expect(targets.allSatisfy { ($0["expr"] as? String)?.contains("footprint_") == true })
        }
        let titles = Set(drawn.compactMap { $0["title"] as? String })
        for title in [
            "Power by component", "Energy per job", "CO2e per job", "Energy per project", "CO2e per project",
            "Measured share of node energy", "Top processes by power", "Top containers by power"
        ] {
            #expect(titles.contains(title), "no panel \(title)")
        }
    }

    @Test func everyNameTheDashboardUsesIsExportedWithEveryLabelItNames() throws {
        let queries = try DeployFiles.dashboardQueries()
        #expect(queries.count >= 20)
        var used: Set<String> = []
        for (expression, legend) in queries {
            let use = try PromQLUse(expression)
            #expect(!use.names.isEmpty, "\(expression) uses no footprint metric")
            for name in use.names {
                used.insert(name)
                #expect(ExportedMetrics.labels[name] != nil, "\(name) is not exported (in \(expression))")
            }
            for label in use.labels {
                #expect(
                    label.metrics.contains { ExportedMetrics.has($0, label.label) },
                    "\(label) is no exported label (in \(expression))")
            }
            // A legend names labels of the series drawn: those of the expression's first metric.
            for label in try PromQLUse.legendLabels(legend) {
                #expect(
                    use.names.first.map { ExportedMetrics.has($0, label) } == true,
                    "legend \(legend) names \(label), which \(use.names.first ?? "?") has not")
            }
        }
        // The method label splits measured from modeled, and every family but the watts gauges of the
        // node (shown as rates of their counters, or at the instant) is on the dashboard.
        #expect(queries.contains { $0.expression.contains("method=~\"measured:") })
        #expect(
            Set(ExportedMetrics.labels.keys).subtracting(used).isEmpty,
            "unused: \(Set(ExportedMetrics.labels.keys).subtracting(used))")
    }

    @Test func theLabelCheckCatchesAWrongNameOrLabel() throws {
        let wrongLabel = try PromQLUse("sum by (job_id) (rate(footprint_process_joules_total{comm=\"x\"}[1m]))")
        #expect(
            wrongLabel.labels.contains {
                $0.label == "job_id" && !$0.metrics.contains { ExportedMetrics.has($0, "job_id") }
            })
        let selector = try PromQLUse("footprint_pue{zone=\"a\"}")
        #expect(selector.labels == [.init(label: "zone", metrics: ["footprint_pue"])])
        #expect(!ExportedMetrics.has("footprint_pue", "zone"))
        #expect(try PromQLUse("rate(footprint_node_cpu_joules[1m])").names == ["footprint_node_cpu_joules"])
        #expect(try PromQLUse.legendLabels("{{instance}} GPU {{ gpu }}") == ["instance", "gpu"])
    }

    // MARK: Kubernetes

    func kubernetesDocuments() throws -> [String: Node] {
        let documents = try MiniYAML.documents(try DeployFiles.text(DeployFiles.kubernetes))
        return Dictionary(documents.compactMap { doc in doc["kind"]?.text.map { ($0, doc) } }) { first, _ in first }
    }

    @Test func theDaemonSetSeesTheHostReadOnlyWithTheGPUsLibrariesAndIsProbed() throws {
        let documents = try kubernetesDocuments()
        let daemonSet = try #require(documents["DaemonSet"])
        #expect(daemonSet["apiVersion"]?.text == "apps/v1")
        let pod = try #require(daemonSet[["spec", "template", "spec"]])
        #expect(pod["hostPID"]?.text == "true")
        let container = try #require(pod["containers"]?.items.first)
        let args = container["args"]?.texts ?? []
        #expect(args.first == "exporter")
        #expect(args.contains("0.0.0.0:9875"), "listens beyond loopback: \(args)")
        // /proc and /sys from the host, read-only.
        let volumes = pod["volumes"]?.items ?? []
        let mounts = container["volumeMounts"]?.items ?? []
        for hostPath in ["/proc", "/sys"] {
            let volume = try #require(volumes.first { $0[["hostPath", "path"]]?.text == hostPath }, "\(hostPath)")
            let mount = try #require(mounts.first { $0["name"] == volume["name"] }, "\(hostPath) is not mounted")
            #expect(mount["readOnly"]?.text == "true", "\(hostPath) is mounted writable")
        }
        // NVML comes from the NVIDIA container runtime: its RuntimeClass or its variables.
        let environment = Dictionary(
            (container["env"]?.items ?? []).compactMap { item in item["name"]?.text.map { ($0, item["value"]?.text) } }
        ) { first, _ in first }
        #expect(
            pod["runtimeClassName"]?.text == "nvidia"
                || (environment["NVIDIA_VISIBLE_DEVICES"] != nil
                    && environment["NVIDIA_DRIVER_CAPABILITIES"]??.contains("utility") == true)
        )
        // A named port, probed on /healthz.
        let port = try #require(container["ports"]?.items.first)
        #expect(port["containerPort"]?.text == "9875")
        let portName = try #require(port["name"]?.text)
        for probe in ["livenessProbe", "readinessProbe"] {
            #expect(container[[probe, "httpGet", "path"]]?.text == "/healthz", "\(probe)")
            #expect(container[[probe, "httpGet", "port"]]?.text == portName, "\(probe)")
        }
        for kind in ["requests", "limits"] {
            #expect(container[["resources", kind, "cpu"]]?.text != nil, "\(kind) cpu")
            #expect(container[["resources", kind, "memory"]]?.text != nil, "\(kind) memory")
        }
        #expect((pod["tolerations"]?.items ?? []).contains { $0["key"]?.text == "nvidia.com/gpu" })
        #expect(container[["securityContext", "readOnlyRootFilesystem"]]?.text == "true")
        #expect(container[["securityContext", "privileged"]]?.text != "true")
        // The selector picks the pods the template makes.
        let selected = try #require(daemonSet[["spec", "selector", "matchLabels"]])
        let labels = try #require(daemonSet[["spec", "template", "metadata", "labels"]])
        if case .map(let wanted) = selected { #expect(wanted.allSatisfy { labels[$0.key] == $0.value }) }
    }

    @Test func theServiceSelectsTheExportersAndTheKubernetesScrapeKeepsIt() throws {
        let documents = try kubernetesDocuments()
        let daemonSet = try #require(documents["DaemonSet"])
        let service = try #require(documents["Service"])
        #expect(service[["metadata", "namespace"]] == daemonSet[["metadata", "namespace"]])
        let labels = try #require(daemonSet[["spec", "template", "metadata", "labels"]])
        guard case .map(let selector) = try #require(service[["spec", "selector"]]) else {
            Issue.record("no selector")
            return
        }
        #expect(!selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value })
        let port = try #require(service[["spec", "ports"]]?.items.first)
        #expect(port["port"]?.text == "9875")
        let container = try #require(daemonSet[["spec", "template", "spec", "containers"]]?.items.first)
        #expect(port["targetPort"] == container["ports"]?.items.first?["name"])
        // Prometheus keeps this Service's endpoints on this port, in this namespace.
        let scrape = try #require(try MiniYAML.documents(try DeployFiles.text(DeployFiles.kubernetesScrape)).first)
        let job = try #require(scrape["scrape_configs"]?.items.first)
        let discovery = try #require(job["kubernetes_sd_configs"]?.items.first)
        #expect(discovery["role"]?.text == "endpoints")
        #expect(discovery[["namespaces", "names"]]?.texts == [service[["metadata", "namespace"]]?.text ?? "?"])
        let keep = try #require(job["relabel_configs"]?.items.first { $0["action"]?.text == "keep" })
        #expect(
            keep["regex"]?.text == "\(service[["metadata", "name"]]?.text ?? "?");\(port["name"]?.text ?? "?")")
        #expect(job["metrics_path"]?.text == "/metrics")
        // `instance` is the node's name, as the dashboard groups by it.
        #expect(
            (job["relabel_configs"]?.items ?? []).contains {
                $0["source_labels"]?.texts == ["__meta_kubernetes_pod_node_name"]
                    && $0["target_label"]?.text == "instance"
            })
    }

    @Test func theStaticScrapeConfigScrapesPort9875() throws {
        let scrape = try #require(try MiniYAML.documents(try DeployFiles.text(DeployFiles.staticScrape)).first)
        let job = try #require(scrape["scrape_configs"]?.items.first)
        #expect(job["metrics_path"]?.text == "/metrics")
        let targets = (job["static_configs"]?.items ?? []).flatMap { $0["targets"]?.texts ?? [] }
        #expect(!targets.isEmpty && targets.allSatisfy { $0.hasSuffix(":9875") })
    }

    @Test func theYAMLReaderRefusesWhatItDoesNotKnow() throws {
        let parsed = try MiniYAML.documents("a:\n  b: [x, \"y, z\"]\n  c: {}\n---\n- \n")
        #expect(parsed.first?[["a", "b"]]?.texts == ["x", "y, z"])
        #expect(parsed.first?[["a", "c"]] == .map([:]))
        #expect(parsed.last == .list([.scalar("")]))
        #expect(throws: MiniYAML.Refusal.self) { try MiniYAML.documents("a: |\n  text\n") }
        #expect(throws: MiniYAML.Refusal.self) { try MiniYAML.documents("a: 1\na: 2\n") }
        #expect(throws: MiniYAML.Refusal.self) { try MiniYAML.documents("a: 1\n    b: 2\n") }
        let list = try MiniYAML.documents("items:\n- name: x # a comment\n  value: \"#1\"\n- 'it''s'\n")
        #expect(list.first?["items"]?.items.first?["value"]?.text == "#1")
        #expect(list.first?["items"]?.items.last?.text == "it's")
    }

    // MARK: systemd

    @Test func theUnitRunsTheExporterHardenedAndRestartsOnFailure() throws {
        let sections = DeployFiles.unitSections(try DeployFiles.text(DeployFiles.unit))
        let service = try #require(sections["Service"])
        let start = try #require(service["ExecStart"]?.first)
        #expect(start.contains("footprint exporter"))
        #expect(start.contains("--listen"))
        #expect(service["Restart"] == ["on-failure"])
        // Root, or a user given what root's reading needs.
        #expect(
            service["User"] == ["root"]
                || service["AmbientCapabilities"]?.first?.contains("CAP_DAC_READ_SEARCH") == true)
        #expect(service["NoNewPrivileges"] == ["yes"])
        #expect(service["ProtectSystem"] == ["strict"])
        // What would hide the node's processes, the users' runs or the GPUs is not set.
        #expect(service["ProtectProc"] == nil || service["ProtectProc"] == ["default"])
        #expect(service["PrivateTmp"] == nil || service["PrivateTmp"] == ["no"])
        #expect(service["PrivateDevices"] == nil || service["PrivateDevices"] == ["no"])
        #expect(service["PrivateUsers"] == nil)
        #expect(sections["Install"]?["WantedBy"] == ["multi-user.target"])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func systemdFindsNothingToSayAboutTheUnit() throws {
        // systemd checks that ExecStart's program exists: the built binary stands in for the installed one.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let unit = folder.appendingPathComponent("footprint-exporter.service")
        try DeployFiles.text(DeployFiles.unit).replacingOccurrences(
            of: "/usr/local/bin/footprint", with: CLIRunner.binary.path
        ).write(to: unit, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = ["verify", unit.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        try process.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(said.isEmpty, "systemd-analyze verify: \(said)")
    }
}
