import ArgumentParser
import FootprintCore
import FootprintGrid
import Foundation

extension RegionsCommand {
    /// `footprint regions fetch ZONE`: asks an intensity API for a zone's figures and keeps them in the ledger.
    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch",
            abstract: "Fetch a zone's hourly intensity from an API and keep it in the ledger.",
            discussion: """
                Sources: electricitymaps (ELECTRICITYMAPS_API_KEY), uk (Great Britain, no key), watttime \
                (WATTTIME_USERNAME, WATTTIME_PASSWORD; marginal figures). Without --source, Electricity Maps \
                when a key is set, then the UK API. Base URLs: FOOTPRINT_ELECTRICITYMAPS_URL, \
                FOOTPRINT_UK_CARBON_INTENSITY_URL, FOOTPRINT_WATTTIME_URL.
                """)

        @Argument(
            help: "A zone: DE, SE3, aws:eu-north-1, em:US-CAL-CISO, GB or GB-1 … GB-17 (uk), CAISO_NORTH (watttime).")
        var zone: String
        @Option(help: "electricitymaps, uk or watttime (default: the configured average sources in order).")
        var source: String?
        @Flag(help: "Past figures over --from … --to.") var history = false
        @Flag(help: "The forecast from now on.") var forecast = false
        @Flag(help: "The current figure (the default).") var latest = false
        @Option(help: "With --history: the span's start, e.g. 2026-11-30T00:00Z.") var from: String?
        @Option(help: "With --history: the span's end (default: now).") var to: String?
        @Option(help: "Electricity Maps' factor: lifecycle (default) or direct.") var factor: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var ledger: LedgerOptions

        /// The longest span one command asks for: a year.
        static let longestSpan = 366 * 86_400.0

        enum Question: Sendable {
            case latest, forecast
            case history(from: Double, to: Double)
        }

        func run() throws {
            let question = try self.question(now: Timestamp.now())
            let kind = try source.map(Self.sourceKind)
            let chosenFactor = try factor.map(Self.factor) ?? .lifecycle
            if factor != nil, kind != nil, kind != .electricityMaps {
                throw InvalidInput("--factor is for Electricity Maps only; drop it or use --source electricitymaps")
            }
            let environment = try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment)
            let settings = IntensitySourceSettings(
                environment: environment, timeout: try IntensitySourceSettings.timeout(in: environment) ?? 2)
            if let kind, !settings.isConfigured(kind) {
                throw InvalidInput(
                    kind == .electricityMaps
                        ? "Electricity Maps needs an API key: set ELECTRICITYMAPS_API_KEY or electricitymaps_api_key in footprint.toml"
                        : "WattTime needs an account: set WATTTIME_USERNAME and WATTTIME_PASSWORD (or watttime_username and watttime_password in footprint.toml)"
                )
            }
            let sources: [any IntensitySource] =
                kind.map { [settings.source($0, factor: chosenFactor)] }
                ?? [IntensitySourceSettings.Kind.electricityMaps, .uk].filter(settings.isConfigured).map {
                    settings.source($0, factor: chosenFactor)
                }
            // The SQLite file or the team's server: both keep intensity readings.
            let store = try ledger.openIntensityStore()
            let provider = IntensityProvider(
                sources: sources, signal: kind == .wattTime ? .marginal : .average, store: store)
            let place = SourceZone(zone)
            let answer = waitForAsync {
                switch question {
                case .latest: await provider.latest(zone: place.code)
                case .forecast: await provider.forecast(zone: place.code)
                case .history(let from, let to): await provider.history(zone: place.code, from: from, to: to)
                }
            }
            if answer.readings.isEmpty {
                throw failure(answer, place: place, keyless: kind == nil && !settings.isConfigured(.electricityMaps))
            }
            if json { return try JSONOutput.print(FetchJSON(zone: place.code, answer: answer)) }
            print(Self.text(answer, zone: place.code))
            if let problem = answer.storeProblem { Terminal.standardError("note: " + problem) }
        }

        private func question(now: Double) throws -> Question {
            let modes = [history, forecast, latest].filter { $0 }.count
            guard modes <= 1 else { throw InvalidInput("give one of --history, --forecast and --latest") }
            guard history else {
                if from != nil || to != nil { throw InvalidInput("--from and --to go with --history") }
                return forecast ? .forecast : .latest
            }
            guard let fromText = from else {
                throw InvalidInput("--history needs --from, e.g. --from 2026-11-30T00:00Z (and --to, default now)")
            }
            guard let start = TimeText.instant(fromText) else {
                throw InvalidInput("--from \(Format.quoted(fromText)) is not a time; write e.g. 2026-11-30T00:00Z")
            }
            var end = now
            if let toText = to {
                guard let parsed = TimeText.instant(toText) else {
                    throw InvalidInput("--to \(Format.quoted(toText)) is not a time; write e.g. 2026-11-30T12:00Z")
                }
                end = parsed
            }
            guard start < end else { throw InvalidInput("--from must be before --to (\(Timestamp.iso8601UTC(end)))") }
            guard end - start <= Self.longestSpan else {
                throw InvalidInput("--from … --to spans more than a year; fetch it a year at a time")
            }
            return .history(from: start, to: end)
        }

        static func sourceKind(_ text: String) throws -> IntensitySourceSettings.Kind {
            guard let kind = IntensitySourceSettings.Kind(rawValue: text.lowercased()) else {
                throw InvalidInput(
                    "--source must be one of "
                        + IntensitySourceSettings.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                        + "; got \(Format.quoted(text))")
            }
            return kind
        }

        static func factor(_ text: String) throws -> IntensityFactor {
            switch text.lowercased() {
            case "lifecycle", "life-cycle": return .lifecycle
            case "direct": return .direct
            default: throw InvalidInput("--factor must be lifecycle or direct; got \(Format.quoted(text))")
            }
        }

        /// No figures: a zone or a setting the user can fix is input (exit 2), anything else a failure (exit 1).
        /// `keyless`: no source was named and no Electricity Maps key is set, so only Great Britain had one.
        private func failure(_ answer: IntensityAnswer, place: SourceZone, keyless: Bool) -> any Error {
            guard !answer.failures.isEmpty else {
                return InvalidInput(
                    "no intensity source is configured for \(place.code): set ELECTRICITYMAPS_API_KEY, "
                        + "or use --source uk for Great Britain")
            }
            var lines = answer.failures.map(\.message)
            if keyless { lines.append("set ELECTRICITYMAPS_API_KEY for zones outside Great Britain") }
            if place.region == nil, answer.failures.contains(where: { $0.reason == .unknownZone }),
                let guess = GridCatalog.bundled.suggestions(for: place.code).first
            {
                lines.append("did you mean \(guess.code) (\(guess.name))?")
            }
            let message = lines.joined(separator: "; ")
            let input: Set<IntensitySourceError.Reason> = [.unknownZone, .missingKey]
            return answer.failures.allSatisfy { input.contains($0.reason) }
                ? InvalidInput(message) : CommandFailure(message: message)
        }

        static func text(_ answer: IntensityAnswer, zone: String) -> String {
            let readings = answer.readings
            let factors = Set(readings.map(\.factor.label)).sorted().joined(separator: ", ")
            var lines = [
                Terminal.bold(zone)
                    + " — \(readings.count) \(readings.count == 1 ? "reading" : "readings") \(answer.summary), \(factors)"
            ]
            var table = TextTable(
                ["start (UTC)", "end", "g CO2e/kWh", "kind"], alignments: [.left, .left, .right, .left])
            for reading in readings {
                table.add([
                    Timestamp.iso8601UTC(reading.start), Timestamp.iso8601UTC(reading.end),
                    Format.fixed(reading.intensity.gramsPerKilowattHour, decimals: 0), reading.kind.rawValue
                ])
            }
            lines.append(table.render())
            if let stored = answer.stored {
                lines.append(
                    Terminal.dim(
                        "kept in the ledger: \(stored.inserted) new, \(stored.replaced) replaced, \(stored.keptNewer) already held newer"
                    ))
            }
            if readings.contains(where: { !$0.factor.isAverage }) {
                lines.append(Terminal.dim("marginal figures: what one more kWh emits, not the grid's average"))
            }
            return lines.joined(separator: "\n")
        }
    }

    struct FetchJSON: Encodable {
        struct Reading: Encodable {
            var start, end, factor, kind, source: String
            var intensity: Double
            enum CodingKeys: String, CodingKey {
                case start, end, factor, kind, source
                case intensity = "intensity_g_per_kwh"
            }
        }
        struct Failure: Encodable {
            var reason, message: String
        }
        struct Stored: Encodable {
            var inserted, replaced: Int
            var keptNewer: Int
            enum CodingKeys: String, CodingKey {
                case inserted, replaced
                case keptNewer = "kept_newer"
            }
        }
        var zone: String
        var origin: String
        var summary: String
        var readings: [Reading]
        var failures: [Failure]
        var stored: Stored?

        init(zone: String, answer: IntensityAnswer) {
            self.zone = zone
            switch answer.origin {
            case .fetched: origin = "fetched"
            case .stored: origin = "stored"
            case .none: origin = "none"
            }
            summary = answer.summary
            readings = answer.readings.map {
                Reading(
                    start: Timestamp.iso8601UTC($0.start), end: Timestamp.iso8601UTC($0.end),
                    factor: $0.factor.rawValue,
                    kind: $0.kind.rawValue, source: $0.source, intensity: $0.intensity.gramsPerKilowattHour)
            }
            failures = answer.failures.map { Failure(reason: $0.reason.rawValue, message: $0.message) }
            stored = answer.stored.map { Stored(inserted: $0.inserted, replaced: $0.replaced, keptNewer: $0.keptNewer) }
        }
    }
}
