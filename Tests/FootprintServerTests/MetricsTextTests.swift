import Testing

@testable import FootprintServer

@Suite struct MetricsTextTests {
    func rendered() -> (prometheus: String, openMetrics: String) {
        var state = ExporterState(settings: roundSettings())
        state.ingest(interval(end: 1, processes: [process(7, cpu: 2.5, comm: #"we"ird\name"#)]), runs: [], now: 1)
        return (MetricsText.prometheus(state.registry), MetricsText.openMetrics(state.registry))
    }

    @Test func prometheusTextHasFamiliesInNameOrderWithHelpAndType() {
        let text = rendered().prometheus
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(types == types.sorted())
        #expect(text.contains("# HELP footprint_node_cpu_joules_total CPU energy of the node"))
        #expect(text.contains("# TYPE footprint_node_cpu_joules_total counter\n"))
        // Label values escaped as the text format wants.
        #expect(text.contains(#"comm="we\"ird\\name""#))
        #expect(!text.contains("# EOF"))
    }

    @Test func openMetricsNamesCountersWithoutTotalDeclaresUnitsAndEnds() {
        let text = rendered().openMetrics
        #expect(text.contains("# TYPE footprint_node_cpu_joules counter\n# UNIT footprint_node_cpu_joules joules\n"))
        #expect(text.contains("# HELP footprint_node_cpu_joules CPU energy of the node"))
        #expect(text.contains("\nfootprint_node_cpu_joules_total{zone=\"package-0\",method=\"measured:rapl\"} 10.0\n"))
        #expect(text.contains("# TYPE footprint_node_cpu_watts gauge\n# UNIT footprint_node_cpu_watts watts\n"))
        #expect(text.contains("# TYPE footprint_node_co2e_grams counter\n# UNIT footprint_node_co2e_grams grams\n"))
        #expect(text.contains("# UNIT footprint_grid_intensity_grams_per_kwh grams_per_kwh\n"))
        #expect(text.contains("# TYPE footprint_pue gauge\n# HELP"))
        #expect(text.contains("# TYPE footprint_exporter info\n"))
        #expect(text.contains("\nfootprint_exporter_info{version=\"9.9.9\",node=\"node-a\"} 1.0\n"))
        #expect(text.contains(#"the rest summed as comm=\"other\""#))
        #expect(text.hasSuffix("\n# EOF\n"))
    }

    @Test func acceptHeadersAskingForOpenMetrics() {
        #expect(
            ExporterRoutes.wantsOpenMetrics([
                "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.2,*/*;q=0.1"
            ]))
        #expect(ExporterRoutes.wantsOpenMetrics(["Application/OpenMetrics-Text"]))
        #expect(!ExporterRoutes.wantsOpenMetrics(["text/plain"]))
        #expect(!ExporterRoutes.wantsOpenMetrics(["application/openmetrics-text; q=0"]))
        #expect(!ExporterRoutes.wantsOpenMetrics([]))
    }
}
