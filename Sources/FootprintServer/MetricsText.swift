import Prometheus

/// The two renderings a scrape can ask for, made from the registry's own Prometheus text.
///
/// swift-prometheus writes the text format 0.0.4 with families and series in hash order; here the
/// families are put in name order and the series of each in label order, so that two scrapes of the
/// same figures read the same. OpenMetrics 1.0, which swift-prometheus does not write, is derived
/// from that text: the same samples under `# TYPE`, `# UNIT` and `# HELP` lines that name the family
/// (a counter's without its `_total`, the info gauge as an `info` family), ending with `# EOF`.
public enum MetricsText {
    /// The Content-Type of the Prometheus text format.
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"
    /// The Content-Type of OpenMetrics text.
    public static let openMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    /// One family of the registry's text: its name, type, help and sample lines.
    struct Family {
        var name: String
        var type: String
        var help: String?
        var samples: [Substring]
    }

    /// The registry's series as Prometheus text, families and series sorted.
    public static func prometheus(_ registry: PrometheusCollectorRegistry) -> String {
        prometheus(families(registry.emitToString()))
    }

    static func prometheus(_ families: [Family]) -> String {
        var text = ""
        for family in families {
            if let help = family.help { text += "# HELP \(family.name) \(help)\n" }
            text += "# TYPE \(family.name) \(family.type)\n"
            for sample in family.samples { text += sample + "\n" }
        }
        return text
    }

    /// The registry's series as OpenMetrics text.
    public static func openMetrics(_ registry: PrometheusCollectorRegistry) -> String {
        openMetrics(families(registry.emitToString()))
    }

    static func openMetrics(_ families: [Family]) -> String {
        var text = ""
        for family in families {
            var name = family.name
            var type = family.type
            if type == "counter", name.hasSuffix("_total") {
                name.removeLast("_total".count)
            } else if type == "gauge", name.hasSuffix("_info") {
                name.removeLast("_info".count)
                type = "info"
            }
            text += "# TYPE \(name) \(type)\n"
            if let unit = unit(of: name) { text += "# UNIT \(name) \(unit)\n" }
            // The text format escapes backslashes and line feeds in help; OpenMetrics also double quotes.
            if let help = family.help { text += "# HELP \(name) \(help.replacingAll("\"", with: "\\\""))\n" }
            for sample in family.samples { text += sample + "\n" }
        }
        return text + "# EOF\n"
    }

    /// The unit a family's name ends with, as OpenMetrics wants it declared.
    static func unit(of family: String) -> String? {
        for unit in ["grams_per_kwh", "joules", "watts", "grams"] where family.hasSuffix("_" + unit) {
            return unit
        }
        return nil
    }

    /// Splits the registry's text into families, sorted by name, each family's samples sorted.
    static func families(_ text: String) -> [Family] {
        var families: [Family] = []
        var help: (name: Substring, text: Substring)?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst("# HELP ".count)
                let space = rest.firstIndex(of: " ") ?? rest.endIndex
                help = (rest[..<space], space < rest.endIndex ? rest[rest.index(after: space)...] : "")
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst("# TYPE ".count).split(separator: " ")
                guard parts.count == 2 else { continue }
                let name = String(parts[0])
                families.append(
                    Family(
                        name: name, type: String(parts[1]),
                        help: help?.name == parts[0] ? help.map { String($0.text) } : nil,
                        samples: []))
                help = nil
            } else if !line.hasPrefix("#"), !families.isEmpty {
                families[families.count - 1].samples.append(line)
            }
        }
        for index in families.indices { families[index].samples.sort() }
        return families.sorted { $0.name < $1.name }
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
