import Foundation

/// The metric families `footprint exporter` serves and the labels of each, as FLEET.md's table
/// names them: the one list the deployment files' tests check the dashboard against.
enum ExportedMetrics {
    static let labels: [String: Set<String>] = [
        "footprint_node_cpu_joules_total": ["zone", "method"],
        "footprint_node_cpu_watts": ["zone", "method"],
        "footprint_node_dram_joules_total": ["method"],
        "footprint_node_dram_watts": ["method"],
        "footprint_node_gpu_joules_total": ["gpu", "gpu_uuid", "gpu_name", "method"],
        "footprint_node_gpu_watts": ["gpu", "gpu_uuid", "gpu_name", "method"],
        "footprint_node_co2e_grams_total": ["location"],
        "footprint_grid_intensity_grams_per_kwh": ["location", "source"],
        "footprint_pue": ["source"],
        "footprint_process_joules_total": ["component", "method", "pid", "comm", "container_id"],
        "footprint_container_joules_total": ["component", "method", "container_id", "pod", "namespace"],
        "footprint_job_joules_total": ["component", "method", "job_id", "rank", "project"],
        "footprint_run_joules_total": ["component", "method", "run_id", "name", "project", "task"],
        "footprint_exporter_info": ["version", "node"]
    ]

    /// Labels Prometheus adds to every series at scrape (the target's), which dashboards group by.
    static let targetLabels: Set<String> = ["instance", "job"]

    /// Whether `metric` has `label`, counting the target's labels.
    static func has(_ metric: String, _ label: String) -> Bool {
        targetLabels.contains(label) || labels[metric]?.contains(label) == true
    }
}
