/// One metric family the exporter serves: its name, type, label names (in the order they are
/// written) and the `# HELP` text that says what the figure is.
///
/// The set is fixed: dashboards and alerts are written against exactly these names.
public struct ExporterMetric: Sendable, Hashable {
    /// Whether the family only grows (`counter`) or is a current value (`gauge`).
    public enum Kind: String, Sendable, Hashable {
        case counter, gauge
    }

    public let name: String
    public let kind: Kind
    public let labels: [String]
    public let help: String

    init(_ name: String, _ kind: Kind, labels: [String], help: String) {
        self.name = name
        self.kind = kind
        self.labels = labels
        self.help = help
    }

    public static let nodeCPUJoules = ExporterMetric(
        "footprint_node_cpu_joules_total", .counter, labels: ["zone", "method"],
        help: "CPU energy of the node per package zone since the exporter started, in joules.")
    public static let nodeCPUWatts = ExporterMetric(
        "footprint_node_cpu_watts", .gauge, labels: ["zone", "method"],
        help: "CPU power of the node per package zone over the last interval, in watts.")
    public static let nodeDRAMJoules = ExporterMetric(
        "footprint_node_dram_joules_total", .counter, labels: ["method"],
        help: "Memory (DRAM) energy of the node since the exporter started, in joules.")
    public static let nodeDRAMWatts = ExporterMetric(
        "footprint_node_dram_watts", .gauge, labels: ["method"],
        help: "Memory (DRAM) power of the node over the last interval, in watts.")
    public static let nodeGPUJoules = ExporterMetric(
        "footprint_node_gpu_joules_total", .counter, labels: ["gpu", "gpu_uuid", "gpu_name", "method"],
        help: "Energy of each GPU of the node since the exporter started, in joules.")
    public static let nodeGPUWatts = ExporterMetric(
        "footprint_node_gpu_watts", .gauge, labels: ["gpu", "gpu_uuid", "gpu_name", "method"],
        help: "Power of each GPU of the node over the last interval, in watts.")
    public static let nodeCO2eGrams = ExporterMetric(
        "footprint_node_co2e_grams_total", .counter, labels: ["location"],
        help: "Emissions of the node's IT energy (CPU, memory, GPUs) times PUE at the grid's intensity, "
            + "in grams of CO2e.")
    public static let gridIntensity = ExporterMetric(
        "footprint_grid_intensity_grams_per_kwh", .gauge, labels: ["location", "source"],
        help: "Carbon intensity of the node's electricity, in grams of CO2e per kWh.")
    public static let pue = ExporterMetric(
        "footprint_pue", .gauge, labels: ["source"],
        help: "Power usage effectiveness of the facility: its energy per unit of IT energy.")
    public static let processJoules = ExporterMetric(
        "footprint_process_joules_total", .counter,
        labels: ["component", "method", "pid", "comm", "container_id"],
        help: "Energy attributed to each of the top processes by energy, the rest summed as comm=\"other\", "
            + "in joules.")
    public static let containerJoules = ExporterMetric(
        "footprint_container_joules_total", .counter,
        labels: ["component", "method", "container_id", "pod", "namespace"],
        help: "Energy attributed to the processes of each container, in joules.")
    public static let jobJoules = ExporterMetric(
        "footprint_job_joules_total", .counter, labels: ["component", "method", "job_id", "rank", "project"],
        help: "Energy attributed to the processes of each batch job rank on this node, in joules.")
    public static let runJoules = ExporterMetric(
        "footprint_run_joules_total", .counter,
        labels: ["component", "method", "run_id", "name", "project", "task"],
        help: "Energy of each footprint run in progress on this node so far, per task, in joules.")
    public static let exporterInfo = ExporterMetric(
        "footprint_exporter_info", .gauge, labels: ["version", "node"],
        help: "The exporter's version and the node it measures; always 1.")

    /// Every family, in the order the table of metrics lists them.
    public static let all: [ExporterMetric] = [
        nodeCPUJoules, nodeCPUWatts, nodeDRAMJoules, nodeDRAMWatts, nodeGPUJoules, nodeGPUWatts, nodeCO2eGrams,
        gridIntensity, pue, processJoules, containerJoules, jobJoules, runJoules, exporterInfo
    ]
}
