import Foundation

/// The deployment files under `deploy/`, read from the repository the tests were built from.
enum DeployFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../deploy").standardized

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    static let dashboard = "grafana/footprint-dashboard.json"
    static let kubernetes = "kubernetes/footprint-exporter.yaml"
    static let staticScrape = "prometheus/prometheus-static.yml"
    static let kubernetesScrape = "prometheus/prometheus-kubernetes.yml"
    static let unit = "systemd/footprint-exporter.service"

    /// Every PromQL expression of the dashboard with the legend it is drawn with (templating
    /// queries with none), in the order they appear.
    static func dashboardQueries() throws -> [(expression: String, legend: String)] {
        let json = try JSONSerialization.jsonObject(with: Data(try text(dashboard).utf8))
        var queries: [(String, String)] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if let expression = object["expr"] as? String {
                    queries.append((expression, object["legendFormat"] as? String ?? ""))
                }
                if let query = object["query"] as? String, query.contains("footprint_") { queries.append((query, "")) }
                for (key, nested) in object where key != "expr" { walk(nested) }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(json)
        return queries
    }

    /// The `footprint_*` names the dashboard's queries use.
    static func dashboardMetricNames() throws -> Set<String> {
        Set(try dashboardQueries().flatMap { try PromQLUse($0.expression).names })
    }

    /// A systemd unit's keys by section; a key set twice keeps every value.
    static func unitSections(_ text: String) -> [String: [String: [String]]] {
        var sections: [String: [String: [String]]] = [:]
        var section = ""
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                sections[section, default: [:]] = sections[section] ?? [:]
            } else if let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                sections[section, default: [:]][key, default: []].append(value)
            }
        }
        return sections
    }
}
