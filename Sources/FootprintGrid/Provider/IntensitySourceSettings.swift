import AsyncHTTPClient
import FootprintCore
import Foundation

/// Which intensity sources are configured and how to reach them, from the environment (the
/// configuration files' keys already filled in beneath it by `ConfigFile.effectiveEnvironment`):
///
/// | setting | environment | file key |
/// | --- | --- | --- |
/// | Electricity Maps key | `ELECTRICITYMAPS_API_KEY` | `electricitymaps_api_key` |
/// | WattTime account | `WATTTIME_USERNAME`, `WATTTIME_PASSWORD` | `watttime_username`, `watttime_password` |
/// | base URLs | `FOOTPRINT_ELECTRICITYMAPS_URL`, `FOOTPRINT_UK_CARBON_INTENSITY_URL`, `FOOTPRINT_WATTTIME_URL` | — |
///
/// Secrets are kept here to be sent to their own source only; nothing here prints them.
public struct IntensitySourceSettings: Sendable {
    /// A source by the name the command line uses.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case electricityMaps = "electricitymaps"
        case uk
        case wattTime = "watttime"

        /// For output.
        public var displayName: String {
            switch self {
            case .electricityMaps: "Electricity Maps"
            case .uk: "UK National Grid ESO Carbon Intensity API"
            case .wattTime: "WattTime"
            }
        }
    }

    public var electricityMapsKey: String?
    public var wattTimeUsername: String?
    public var wattTimePassword: String?
    public var electricityMapsURL: String
    public var ukURL: String
    public var wattTimeURL: String
    /// Seconds each request may take.
    public var timeout: Double

    public init(environment: [String: String], timeout: Double = 2) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        electricityMapsKey = value("ELECTRICITYMAPS_API_KEY")
        wattTimeUsername = value("WATTTIME_USERNAME")
        wattTimePassword = value("WATTTIME_PASSWORD")
        electricityMapsURL = value("FOOTPRINT_ELECTRICITYMAPS_URL") ?? ElectricityMapsSource.defaultBaseURL
        ukURL = value("FOOTPRINT_UK_CARBON_INTENSITY_URL") ?? UKCarbonIntensitySource.defaultBaseURL
        wattTimeURL = value("FOOTPRINT_WATTTIME_URL") ?? WattTimeSource.defaultBaseURL
        self.timeout = timeout
    }

    /// The time limit `FOOTPRINT_INTENSITY_TIMEOUT` sets (seconds), checked; nil when it is not set.
    /// - Throws: ``InvalidInput`` for text that is not a number, ``OutOfRange`` outside
    ///   ``PlausibleRange/intensityRequestTimeout``.
    public static func timeout(in environment: [String: String]) throws -> Double? {
        let name = "FOOTPRINT_INTENSITY_TIMEOUT"
        guard let text = environment[name], !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        let seconds = try Setting(key: "intensity_timeout", value: text, origin: .environment(name))
            .number(of: "a number of seconds")
        return try PlausibleRange.intensityRequestTimeout.check(seconds, origin: name)
    }

    /// Whether a source has what it needs (a key, an account); the UK API needs nothing.
    public func isConfigured(_ kind: Kind) -> Bool {
        switch kind {
        case .electricityMaps: electricityMapsKey != nil
        case .uk: true
        case .wattTime: wattTimeUsername != nil && wattTimePassword != nil
        }
    }

    /// One source, whether configured or not: an unconfigured one answers every question with
    /// `.missingKey` and the line saying what to set.
    public func source(_ kind: Kind, factor: IntensityFactor = .lifecycle) -> any IntensitySource {
        switch kind {
        case .electricityMaps:
            ElectricityMapsSource(
                key: electricityMapsKey ?? "", factor: factor, baseURL: electricityMapsURL, timeout: timeout)
        case .uk:
            UKCarbonIntensitySource(baseURL: ukURL, timeout: timeout)
        case .wattTime:
            WattTimeSource(
                username: wattTimeUsername ?? "", password: wattTimePassword ?? "", baseURL: wattTimeURL,
                timeout: timeout)
        }
    }

    /// The configured sources of average intensity in the order a provider asks them: Electricity
    /// Maps (every zone it maps, when a key is set), then the UK National Grid (Great Britain only,
    /// no key). WattTime is never among them: its figures are marginal.
    public func averageSources() -> [any IntensitySource] {
        [Kind.electricityMaps, .uk].filter(isConfigured).map { source($0) }
    }

    /// A provider of average intensities over the configured sources, keeping answers in `store`.
    public func averageProvider(store: (any IntensityStore)?) -> IntensityProvider {
        IntensityProvider(sources: averageSources(), signal: .average, store: store)
    }
}
