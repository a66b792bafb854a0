import AsyncHTTPClient
import FootprintCore
import Foundation

/// Electricity Maps' API v3: `/v3/carbon-intensity/latest`, `/history` (the past 24 hours),
/// `/past-range` (an older span, up to ten days a request) and `/forecast`, the key in the
/// `auth-token` header. Hourly figures, life-cycle by default or direct (combustion only) when
/// asked: the factor is sent as `emissionFactorType` and each reading is labelled with the factor
/// the API says it used.
public struct ElectricityMapsSource: IntensitySource {
    public let name = "Electricity Maps"
    /// The API's documented home.
    public static let defaultBaseURL = "https://api.electricitymap.org"

    /// The longest span `/past-range` answers in one request: ten days of hours.
    static let longestPastRange = 10 * 86_400.0

    let base: String
    let key: String
    /// The factor asked for: `.lifecycle` or `.direct`.
    public let factor: IntensityFactor
    let http: SourceHTTP
    let clock: @Sendable () -> Double

    /// - Parameters:
    ///   - key: the API key (Electricity Maps' `auth-token`).
    ///   - factor: `.lifecycle` (the API's default) or `.direct`; `.marginal` is not something it
    ///     publishes and is read as `.lifecycle`.
    ///   - baseURL: the API's root, for a fixture server in tests or a proxy.
    ///   - timeout: seconds each request may take.
    ///   - client: the HTTP client; by default one for the process that says a refused connection at once.
    ///   - clock: the present, seconds since 1970 (tests fix it).
    public init(
        key: String, factor: IntensityFactor = .lifecycle, baseURL: String = defaultBaseURL, timeout: Double = 2,
        client: HTTPClient? = nil, clock: @escaping @Sendable () -> Double = Timestamp.now
    ) {
        self.base = QueryText.trimmed(baseURL)
        self.key = key
        self.factor = factor == .direct ? .direct : .lifecycle
        self.http = SourceHTTP(source: "Electricity Maps", timeout: timeout, client: client ?? SourceHTTP.sharedClient)
        self.clock = clock
    }

    public func latest(zone: String) async throws(IntensitySourceError) -> IntensityReading {
        let place = SourceZone(zone)
        let answer = try await get("latest", place: place, extra: [])
        let point = try http.decode(Point.self, from: answer, what: "the latest intensity")
        guard let reading = try reading(point, zone: place.code, kind: .actual, recordedAt: clock()) else {
            throw IntensitySourceError(.badResponse, "Electricity Maps answered the latest intensity without a figure")
        }
        return reading
    }

    public func history(
        zone: String, from: Double, to: Double
    ) async throws(IntensitySourceError)
        -> [IntensityReading]
    {
        let place = SourceZone(zone)
        let now = clock()
        // `/history` is the last 24 hours; anything older is asked of `/past-range`, ten days a request.
        var points: [Point] = []
        if from >= now - 86_400 {
            let answer = try await get("history", place: place, extra: [])
            points = try http.decode(History.self, from: answer, what: "the history").history
        } else {
            for piece in SpanPieces.split(from: from, to: to, longest: Self.longestPastRange) {
                let answer = try await get(
                    "past-range", place: place,
                    extra: [("start", Timestamp.iso8601UTC(piece.from)), ("end", Timestamp.iso8601UTC(piece.to))])
                points += try http.decode(PastRange.self, from: answer, what: "the past range").data
            }
        }
        return try readings(points, zone: place.code, kind: .actual, recordedAt: now)
            .filter { $0.end > from && $0.start < to }
            .sorted { $0.start < $1.start }
    }

    public func forecast(zone: String) async throws(IntensitySourceError) -> [IntensityReading] {
        let place = SourceZone(zone)
        let answer = try await get("forecast", place: place, extra: [])
        let forecast = try http.decode(Forecast.self, from: answer, what: "the forecast").forecast
        let now = clock()
        return try readings(forecast, zone: place.code, kind: .forecast, recordedAt: now)
            .sorted { $0.start < $1.start }
    }

    private func get(
        _ endpoint: String, place: SourceZone, extra: [(String, String)]
    )
        async throws(IntensitySourceError) -> SourceHTTP.Answer
    {
        guard !key.isEmpty else {
            throw IntensitySourceError(
                .missingKey,
                "Electricity Maps needs an API key: set ELECTRICITYMAPS_API_KEY or electricitymaps_api_key in footprint.toml"
            )
        }
        let zone = try place.electricityMapsZone()
        let query = QueryText.query([("zone", zone), ("emissionFactorType", factor.rawValue)] + extra)
        let answer = try await http.get(
            "\(base)/v3/carbon-intensity/\(endpoint)?\(query)", headers: [("auth-token", key)])
        // An unknown zone is a 404 (and some deployments answer it with a 400 naming the zone).
        if answer.status == 404
            || (answer.status == 400 && String(decoding: answer.body, as: UTF8.self).lowercased().contains("zone"))
        {
            throw IntensitySourceError(
                .unknownZone, "Electricity Maps does not know the zone \(Format.quoted(zone)) (HTTP \(answer.status))")
        }
        if let error = http.statusError(answer, keyHint: "check ELECTRICITYMAPS_API_KEY") { throw error }
        return answer
    }

    /// One figure as the API writes it: the hour's start, the intensity in g CO2e/kWh (null where
    /// it has none), and, on actual figures, the factor it used.
    struct Point: Decodable {
        var datetime: String
        var carbonIntensity: Double?
        var emissionFactorType: String?
    }

    struct History: Decodable { var history: [Point] }
    struct PastRange: Decodable { var data: [Point] }
    struct Forecast: Decodable { var forecast: [Point] }

    private func readings(
        _ points: [Point], zone: String, kind: IntensityKind, recordedAt: Double
    )
        throws(IntensitySourceError) -> [IntensityReading]
    {
        var result: [IntensityReading] = []
        for point in points {
            if let reading = try reading(point, zone: zone, kind: kind, recordedAt: recordedAt) {
                result.append(reading)
            }
        }
        return result
    }

    /// A point as a reading; nil for an hour the API has no figure for (null), an error for a
    /// time it cannot have meant or a figure no grid has.
    private func reading(
        _ point: Point, zone: String, kind: IntensityKind, recordedAt: Double
    )
        throws(IntensitySourceError) -> IntensityReading?
    {
        let start = try http.instant(point.datetime)
        guard let value = point.carbonIntensity else { return nil }
        let intensity = try http.intensity(value, unit: "g CO2e/kWh")
        let labelled = point.emissionFactorType.flatMap(IntensityFactor.init(rawValue:)) ?? factor
        return IntensityReading(
            zone: zone, start: start, end: start + 3_600, intensity: intensity,
            factor: labelled == .direct ? .direct : .lifecycle, kind: kind, source: name, recordedAt: recordedAt)
    }
}
