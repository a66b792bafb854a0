import ArgumentParser
import FootprintCore
import FootprintLedger
import Foundation

/// `regions show CODE --at T` and `--history [--from T --to T]`: the time-resolved intensities the
/// ledger holds for a region (imported or fetched), beside its annual average.
struct HourlyShowOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Show the hourly intensity covering this instant (ISO 8601: 2026-11-30T14:00Z; UTC unless it says).",
            valueName: "time"))
    var at: String?
    @Flag(help: "Show the hourly intensities the ledger holds for the region (--from and --to narrow them).")
    var history = false
    @Option(help: ArgumentHelp("With --history: from this instant.", valueName: "time")) var from: String?
    @Option(help: ArgumentHelp("With --history: up to this instant.", valueName: "time")) var to: String?
    @Option(help: ArgumentHelp("Only figures of this factor: lifecycle, direct or marginal.", valueName: "factor"))
    var factor: String?
    @OptionGroup var ledger: LedgerOptions

    /// Whether hourly figures were asked for; without, `regions show` prints the annual figure alone.
    var isRequested: Bool { at != nil || history }

    /// Refuses flags that do not go together (in `run`: argument-parser's own validation would
    /// exit 1, not 2).
    func checkFlags() throws {
        if at != nil && history { throw InvalidInput("give --at or --history, not both") }
        if !history && (from != nil || to != nil) { throw InvalidInput("--from and --to go with --history") }
        if !isRequested && factor != nil { throw InvalidInput("--factor goes with --at or --history") }
    }

    /// `text` as an instant, or the usage error naming `flag`.
    static func instant(_ text: String, _ flag: String) throws -> Double {
        guard let time = TimeText.instant(text) else {
            throw InvalidInput(
                "\(flag) must be a date and time such as 2026-11-30T14:00Z (UTC unless it says); got \(Format.quoted(text))"
            )
        }
        return time
    }

    /// The factors asked for: one, or all when --factor is not given.
    func factors() throws -> Set<IntensityFactor>? {
        guard let factor else { return nil }
        guard let parsed = IntensityFactor(rawValue: factor.lowercased()) else {
            throw InvalidInput(
                "--factor must be one of " + IntensityFactor.allCases.map(\.rawValue).joined(separator: ", ")
                    + "; got \(Format.quoted(factor))")
        }
        return [parsed]
    }

    /// The readings of `zone` overlapping `from..<to`; none, rather than an error, when the ledger
    /// file was not named on the command line and does not exist yet (nothing was imported).
    func readings(zone: String, from: Double, to: Double) throws -> [IntensityReading] {
        let factors = try factors()
        if try ledgerNotCreatedYet() { return [] }
        return try withUserErrors {
            try ledger.openIntensityStore(.read).intensities(
                zone: zone, from: from, to: to, factors: factors, kinds: nil)
        }
    }

    /// Whether the ledger is a file that --ledger did not name and that is not there.
    func ledgerNotCreatedYet() throws -> Bool {
        guard ledger.ledger == nil else { return false }
        let environment = try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment)
        guard try ledger.server(environment: environment) == nil else { return false }
        return !FileManager.default.fileExists(atPath: ledger.location(environment: environment))
    }

    func show(_ region: GridRegion, json: Bool) throws {
        let zone = region.intensityZone
        if let at {
            let time = try Self.instant(at, "--at")
            let covering = try readings(zone: zone, from: time, to: time.nextUp).filter { $0.covers(time) }
            if json { return try JSONOutput.print(AtJSON(region: region, at: time, readings: covering)) }
            print(Self.atText(region, at: time, readings: covering))
            return
        }
        let from = try from.map { try Self.instant($0, "--from") } ?? 0
        let to = try to.map { try Self.instant($0, "--to") } ?? .greatestFiniteMagnitude
        guard from < to else { throw InvalidInput("--from must be before --to") }
        let held = try readings(zone: zone, from: from, to: to)
        if json { return try JSONOutput.print(HistoryJSON(region: region, readings: held)) }
        print(Self.historyText(region, readings: held, from: from, to: to))
    }

    /// "412 g CO2e/kWh".
    static func figure(_ intensity: GridIntensity) -> String {
        Format.fixed(intensity.gramsPerKilowattHour, decimals: 0) + " g CO2e/kWh"
    }

    /// The annual figure and its source, the fallback and the comparison.
    static func annual(_ region: GridRegion) -> String {
        "\(figure(region.intensity)) (\(region.year)), annual average: \(region.source)"
    }

    static func atText(_ region: GridRegion, at time: Double, readings: [IntensityReading]) -> String {
        var lines = [Terminal.bold("\(region.code) — \(region.name) at \(Timestamp.iso8601UTC(time))")]
        if readings.isEmpty {
            lines.append("  intensity   \(annual(region))")
            lines.append(
                "  No hourly value in the ledger covers \(Timestamp.iso8601UTC(time)) for \(region.intensityZone); "
                    + "the annual average stands for it (`footprint regions import FILE` adds hourly values).")
            return Terminal.sanitizedLines(lines.joined(separator: "\n"))
        }
        var table = TextTable(
            ["factor", "kind", "g CO2e/kWh", "from", "to", "source"],
            alignments: [.left, .left, .right, .left, .left, .left])
        for r in readings {
            table.add([
                r.factor.label, r.kind.rawValue, Format.fixed(r.intensity.gramsPerKilowattHour, decimals: 0),
                Timestamp.iso8601UTC(r.start), Timestamp.iso8601UTC(r.end), r.source
            ])
        }
        lines.append(table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        lines.append("  annual      \(annual(region))")
        return Terminal.sanitizedLines(lines.joined(separator: "\n"))
    }

    /// One factor and kind's readings, for the history's columns and sparklines.
    struct Series {
        var factor: IntensityFactor
        var kind: IntensityKind
        var readings: [IntensityReading]

        var name: String { kind == .forecast ? "\(factor.label) (forecast)" : factor.label }
        var values: [Double] { readings.map(\.intensity.gramsPerKilowattHour) }
    }

    static func series(_ readings: [IntensityReading]) -> [Series] {
        var grouped: [String: Series] = [:]
        for r in readings {
            grouped[
                "\(r.factor.rawValue) \(r.kind.rawValue)", default: Series(factor: r.factor, kind: r.kind, readings: [])
            ]
            .readings.append(r)
        }
        return grouped.values.sorted { a, b in
            let order = IntensityFactor.allCases
            if a.factor != b.factor {
                return (order.firstIndex(of: a.factor) ?? 0) < (order.firstIndex(of: b.factor) ?? 0)
            }
            return a.kind == .actual && b.kind == .forecast
        }
    }

    /// Up to `width` block characters, each the mean of its share of `values`, scaled from their
    /// lowest to their highest.
    static func sparkline(_ values: [Double], width: Int = 60) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        guard let low = values.min(), let high = values.max(), !values.isEmpty else { return "" }
        let buckets = min(width, values.count)
        return String(
            (0..<buckets).map { b -> Character in
                let slice = values[(b * values.count / buckets)..<((b + 1) * values.count / buckets)]
                let mean = slice.reduce(0, +) / Double(slice.count)
                let level = high > low ? Int(((mean - low) / (high - low) * Double(blocks.count - 1)).rounded()) : 0
                return blocks[min(max(level, 0), blocks.count - 1)]
            })
    }

    /// The readings as a table: hourly for up to two days of them, else a line per day (mean, lowest
    /// and highest) for up to two months, else a line per month; a sparkline per series.
    static func historyText(_ region: GridRegion, readings: [IntensityReading], from: Double, to: Double) -> String {
        let zone = region.intensityZone
        var lines = [Terminal.bold("\(region.code) — \(region.name): hourly intensities held")]
        guard let first = readings.first?.start, let last = readings.map(\.end).max() else {
            let span =
                from > 0 || to < .greatestFiniteMagnitude
                ? " from \(from > 0 ? Timestamp.iso8601UTC(from) : "the start") to "
                    + (to < .greatestFiniteMagnitude ? Timestamp.iso8601UTC(to) : "the end") : ""
            lines.append("  No hourly value in the ledger for \(zone)\(span).")
            lines.append("  annual      \(annual(region))")
            lines.append("  `footprint regions import FILE` adds hourly values.")
            return Terminal.sanitizedLines(lines.joined(separator: "\n"))
        }
        let series = series(readings)
        let starts = Set(readings.map(\.start)).count
        let days = (last - first) / 86_400
        let (unit, bucket): (String, (Double) -> String) =
            starts <= 48
            ? ("hour", { Timestamp.iso8601UTC($0) })
            : days <= 62
                ? ("day", { String(Timestamp.iso8601UTC($0).prefix(10)) })
                : ("month", { String(Timestamp.iso8601UTC($0).prefix(7)) })
        var table = TextTable(
            [unit] + series.map { $0.name + (unit == "hour" ? "" : ": mean (low–high)") },
            alignments: [.left] + series.map { _ in .right })
        var keys: [String] = []
        var cells: [String: [Int: [Double]]] = [:]
        for (index, s) in series.enumerated() {
            for r in s.readings {
                let key = bucket(r.start)
                if cells[key] == nil {
                    keys.append(key)
                    cells[key] = [:]
                }
                cells[key, default: [:]][index, default: []].append(r.intensity.gramsPerKilowattHour)
            }
        }
        for key in keys.sorted() {
            table.add(
                [key]
                    + series.indices.map { index in
                        guard let values = cells[key]?[index], let low = values.min(), let high = values.max() else {
                            return "–"
                        }
                        let mean = Format.fixed(values.reduce(0, +) / Double(values.count), decimals: 0)
                        return unit == "hour"
                            ? mean
                            : "\(mean) (\(Format.fixed(low, decimals: 0))–\(Format.fixed(high, decimals: 0)))"
                    })
        }
        lines.append(table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        let nameWidth = series.map(\.name.count).max() ?? 0
        for s in series {
            let values = s.values
            let low = Format.fixed(values.min() ?? 0, decimals: 0), high = Format.fixed(values.max() ?? 0, decimals: 0)
            lines.append(
                "  \(s.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  \(sparkline(values))  "
                    + "\(low)–\(high) g CO2e/kWh")
        }
        let sources = Set(readings.map(\.source)).sorted().joined(separator: "; ")
        lines.append(
            "  \(Format.fixed(Double(readings.count), decimals: 0)) readings of \(zone) from "
                + "\(Timestamp.iso8601UTC(first)) to \(Timestamp.iso8601UTC(last)); source: \(sources)")
        lines.append("  annual      \(annual(region))")
        return Terminal.sanitizedLines(lines.joined(separator: "\n"))
    }
}

/// One reading in `regions show --at/--history --json`.
struct IntensityReadingJSON: Encodable {
    var zone, factor, kind, start, end, source, recordedAt: String
    var intensityGPerKWh: Double

    init(_ r: IntensityReading) {
        (zone, factor, kind, source) = (r.zone, r.factor.rawValue, r.kind.rawValue, r.source)
        (start, end, recordedAt) = (
            Timestamp.iso8601UTC(r.start), Timestamp.iso8601UTC(r.end), Timestamp.iso8601UTC(r.recordedAt)
        )
        intensityGPerKWh = r.intensity.gramsPerKilowattHour
    }

    enum CodingKeys: String, CodingKey {
        case zone, factor, kind, start, end, source
        case recordedAt = "recorded_at", intensityGPerKWh = "intensity_g_per_kwh"
    }
}

/// `regions show CODE --at T --json`: the readings covering T, and the annual figure that stands
/// for it without them (`basis` says which).
struct AtJSON: Encodable {
    var region: RegionJSON
    var zone, at, basis: String
    var readings: [IntensityReadingJSON]

    init(region: GridRegion, at time: Double, readings: [IntensityReading]) {
        self.region = RegionJSON(region)
        (zone, at) = (region.intensityZone, Timestamp.iso8601UTC(time))
        basis = readings.isEmpty ? "annual average" : "hourly"
        self.readings = readings.map(IntensityReadingJSON.init)
    }
}

/// `regions show CODE --history --json`.
struct HistoryJSON: Encodable {
    var region: RegionJSON
    var zone: String
    var readings: [IntensityReadingJSON]

    init(region: GridRegion, readings: [IntensityReading]) {
        self.region = RegionJSON(region)
        zone = region.intensityZone
        self.readings = readings.map(IntensityReadingJSON.init)
    }
}
