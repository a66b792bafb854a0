import FootprintCore

/// Training overhead (T − I) / T against depth, one series per width, one panel per training-set
/// size, beside the paper's ≈ 80 % (Gitzel et al. 2023, Figs. 8–9): each point pairs a training
/// configuration with the inference over the same samples (same group).
enum OverheadShareChart {
    struct Share {
        var samples: Int?
        var depth: Double?
        var width: Int?
        var group: String
        var share: Spread
    }

    /// The share of each group that has a training and an inference configuration; its range
    /// pairs the extremes as the rule does (lowest training with highest inference, and back).
    static func shares(_ configurations: [ConfigurationResult]) -> [Share] {
        let groups = configurations.compactMap(\.parameters.group).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        return groups.compactMap { group in
            let pair = configurations.filter { $0.parameters.group == group }
            guard let t = pair.first(where: { $0.parameters.phase == .train })?.energy,
                let i = pair.first(where: { $0.parameters.phase == .inference })?.energy,
                let share = Statistics.overheadShare(training: t.median, inference: i.median),
                let low = Statistics.overheadShare(training: t.minimum, inference: i.maximum),
                let high = Statistics.overheadShare(training: t.maximum, inference: i.minimum),
                let train = pair.first(where: { $0.parameters.phase == .train })?.parameters
            else { return nil }
            return Share(
                samples: train.trainSamples, depth: train.depth.map(Double.init), width: train.width, group: group,
                share: Spread(median: share, minimum: min(low, high), maximum: max(low, high)))
        }
    }

    static func draw(_ experiment: ExperimentResult, title: String) -> ChartDrawing {
        var chart = ChartDrawing(title: title)
        let all = shares(experiment.configurations)
        let widths = Array(Set(all.compactMap(\.width))).sorted()
        for (i, width) in widths.enumerated() { chart.legend.append(("width \(width)", ChartDrawing.color(i), .point)) }
        var target = 0.8, tolerance = 0.1
        if case .overheadShare(let rule) = experiment.name.definition.rule {
            (target, tolerance) = (rule.target, rule.tolerance)
        }
        chart.legend.append(
            ("paper: \(Format.percent(target)) (β ≈ \(Format.significant(1 / (1 - target))))", "#2f855a", .dashedLine))
        let sizes = all.map(\.samples).reduce(into: [Int?]()) { if !$0.contains($1) { $0.append($1) } }
            .sorted { ($0 ?? 0) < ($1 ?? 0) }
        let legendHeight = chart.legendLayout().height
        let y = PlotScale.linear(all.flatMap { [$0.share.minimum * 100, $0.share.maximum * 100] } + [0, 100])
        let x = PlotScale.linear(all.compactMap(\.depth))
        let count = Double(max(sizes.count, 1))
        let gap = 70.0
        let panelWidth = (720 - 76 - 24 - gap * (count - 1)) / count
        chart.height = 14 + legendHeight + 18 + 220 + 44
        chart.body += chart.legendSVG(top: 8, left: 76)
        if sizes.isEmpty {
            let panel = PlotPanel(left: 76, top: 32 + legendHeight, width: panelWidth, height: 220, x: x, y: y)
            chart.body += panel.axes(xLabel: "depth (hidden layers)", yLabel: "overhead share of training (%)")
            return chart.adding(panel.note("no training and inference pair measured"))
        }
        for (p, size) in sizes.enumerated() {
            let panel = PlotPanel(
                left: 76 + Double(p) * (panelWidth + gap), top: 32 + legendHeight, width: panelWidth, height: 220,
                x: x, y: y)
            let label = size.map { "D = \(Format.significant(Double($0))) samples" } ?? "training set not recorded"
            chart.body += panel.axes(
                xLabel: "depth (hidden layers)", yLabel: "overhead share of training (%)", title: label,
                yTickText: { Format.significant($0) })
            chart.body += panel.reference(
                at: target * 100, label: "≈ \(Format.percent(target))",
                band: (target - tolerance) * 100...(target + tolerance) * 100)
            let here = all.filter { $0.samples == size }
            if here.allSatisfy({ $0.depth == nil }) {
                chart.body += panel.note("no depth recorded")
            }
            for (i, width) in widths.enumerated() {
                let color = ChartDrawing.color(i)
                let series = here.filter { $0.width == width }
                chart.body += panel.line(
                    series.compactMap { s in s.depth.map { ($0, s.share.median * 100) } }, color: color)
                for s in series {
                    guard let depth = s.depth else { continue }
                    let percent = Spread(
                        median: s.share.median * 100, minimum: s.share.minimum * 100, maximum: s.share.maximum * 100)
                    chart.body += panel.point(
                        x: depth, percent, color: color,
                        tooltip:
                            "\(s.group): \(Format.percent(s.share.median)), β \(Format.significant(1 / max(1 - s.share.median, 1e-9)))"
                    )
                }
            }
        }
        return chart
    }
}

extension ChartDrawing {
    func adding(_ svg: String) -> ChartDrawing {
        var copy = self
        copy.body += svg
        return copy
    }
}
