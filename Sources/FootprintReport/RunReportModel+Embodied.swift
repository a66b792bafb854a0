import FootprintCore

extension HTMLReport {
    /// Tiles for the run's embodied CO2e and water, after the energy's: a figure of its own, not a part of the CO2e tile.
    static func embodiedTiles(_ m: RunReportModel) -> String {
        var html = ""
        if let embodied = m.embodied {
            html += tile(
                "Embodied CO2e", "\(embodied.emissions)",
                "making the hardware, amortised; not in the CO2e. " + EmbodiedParts.summary(embodied))
        }
        if let water = m.water {
            html += tile(
                "Water", "\(Format.significant(water.litres)) L",
                "WUE \(Format.significant(water.litresPerKilowattHour)) L/kWh × IT energy; \(water.source)")
        }
        return html
    }
}

extension MarkdownStatement {
    /// Table rows for the embodied CO2e and water, when the report was asked for them.
    static func embodiedRows(_ m: RunReportModel) -> [(String, String)] {
        var rows: [(String, String)] = []
        if let embodied = m.embodied {
            rows.append(
                ("Embodied CO2e (not in CO2e)", "\(embodied.emissions): \(md(EmbodiedParts.summary(embodied)))"))
        }
        if let water = m.water {
            rows.append(
                (
                    "Water (on site)",
                    "\(Format.significant(water.litres)) L at \(Format.significant(water.litresPerKilowattHour)) L/kWh "
                        + "of IT energy (\(md(water.source)))"
                ))
        }
        return rows
    }

    /// The embodied CO2e and water in prose: what they are and that they are apart from the energy's.
    static func embodiedSentences(_ m: RunReportModel) -> [String] {
        var sentences: [String] = []
        if let embodied = m.embodied {
            sentences.append(
                "Making the hardware emitted carbon too: the run's share of it, amortised over the hardware's life "
                    + "as Luccioni et al. (2023) do for BLOOM, is \(embodied.emissions) "
                    + "(\(md(EmbodiedParts.summary(embodied)))). It is reported beside the emissions above, not included in them."
            )
        }
        if let water = m.water {
            sentences.append(
                "At a water usage effectiveness of \(Format.significant(water.litresPerKilowattHour)) L/kWh "
                    + "(\(md(water.source))), the site used about \(Format.significant(water.litres)) L of water.")
        }
        return sentences
    }
}

/// Words for the parts of an ``EmbodiedEstimate``, shared by the renderings.
enum EmbodiedParts {
    /// "1 × NVIDIA A100 …: 12.3 g CO2e (150 kg, 6 years at 85 %); 1 × HPE Apollo …: 205 g CO2e (2,500 kg, 6 years at 85 %)".
    static func summary(_ estimate: EmbodiedEstimate) -> String {
        let parts = [estimate.accelerators, estimate.servers].compactMap { $0 }
        if parts.isEmpty { return "no accelerators or machines counted" }
        return parts.map { part in
            "\(part.count) × \(part.device.name): \(part.emissions) "
                + "(\(Format.significant(part.device.embodied.kilograms, digits: 4)) kg, "
                + "\(Format.significant(part.device.life.lifespanYears)) years at "
                + "\(Format.percent(part.device.life.utilization)))"
        }.joined(separator: "; ")
    }
}
