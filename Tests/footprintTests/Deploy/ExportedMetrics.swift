import FootprintServer
import Foundation

/// The metric families `footprint exporter` serves and the labels of each, from the exporter's own
/// list (`ExporterMetric.all`): what the deployment files' tests check the dashboard against.
enum ExportedMetrics {
    static let labels: [String: Set<String>] = Dictionary(
        uniqueKeysWithValues: ExporterMetric.all.map { ($0.name, Set($0.labels)) })

    /// Labels Prometheus adds to every series at scrape (the target's), which dashboards group by.
    static let targetLabels: Set<String> = ["instance", "job"]

    /// Whether `metric` has `label`, counting the target's labels.
    static func has(_ metric: String, _ label: String) -> Bool {
        targetLabels.contains(label) || labels[metric]?.contains(label) == true
    }
}
