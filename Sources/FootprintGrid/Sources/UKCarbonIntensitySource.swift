import AsyncHTTPClient
import FootprintCore
import Foundation

/// The UK National Grid ESO Carbon Intensity API (api.carbonintensity.org.uk, no key): Great
/// Britain as a whole (`/intensity`, `/intensity/{from}/{to}`, `/intensity/{from}/fw48h`) and its
/// 17 regions (`/regional/regionid/{id}`, `/regional/intensity/{from}/{to}/regionid/{id}`,
/// `/regional/intensity/{from}/fw48h/regionid/{id}`), in half-hour periods.
///
/// A national period carries a forecast and, once measured, an actual figure: each becomes its own
/// reading, `.forecast` and `.actual`. Regional periods carry forecasts only. The factor is
/// `.direct`: the API's methodology counts the emissions of generation at the plant (its carbon
/// intensity factors per fuel are combustion figures), not the fuel supply chain or construction.
public struct UKCarbonIntensitySource: IntensitySource {
    public let name = "UK National Grid ESO Carbon Intensity API"
    /// The API's documented home.
    public static let defaultBaseURL = "https://api.carbonintensity.org.uk"
    /// The longest span the API answers in one request (14 days for `/intensity/{from}/{to}`).
    static let longestSpan = 14 * 86_400.0

    /// Where in Great Britain.
    public enum Area: Sendable, Hashable {
        /// Great Britain as a whole.
        case national
        /// One of the API's numbered regions, 1 (North Scotland) … 17 (Scotland).
        case region(Int)
    }

    let base: String
    let http: SourceHTTP
    let clock: @Sendable () -> Double

    /// - Parameters:
    ///   - baseURL: the API's root, for a fixture server in tests or a proxy.
    ///   - timeout: seconds each request may take.
    ///   - client: the HTTP client; by default one for the process that says a refused connection at once.
    ///   - clock: the present, seconds since 1970 (tests fix it).
    public init(
        baseURL: String = defaultBaseURL, timeout: Double = 2, client: HTTPClient? = nil,
        clock: @escaping @Sendable () -> Double = Timestamp.now
    ) {
        self.base = QueryText.trimmed(baseURL)
        self.http = SourceHTTP(
            source: "The UK National Grid's Carbon Intensity API", timeout: timeout,
            client: client ?? SourceHTTP.sharedClient)
        self.clock = clock
    }

    public func latest(zone: String) async throws(IntensitySourceError) -> IntensityReading {
        let place = SourceZone(zone)
        let area = try place.ukArea()
        let path =
            switch area {
            case .national: "/intensity"
            case .region(let id): "/regional/regionid/\(id)"
            }
        let readings = try await periods(path, area: area, zone: place.code, what: "the current intensity")
        // An actual figure where the half hour has one, else its forecast.
        guard let reading = readings.first(where: { $0.kind == .actual }) ?? readings.first else {
            throw IntensitySourceError(.badResponse, "\(http.source) answered the current intensity without a figure")
        }
        return reading
    }

    public func history(
        zone: String, from: Double, to: Double
    ) async throws(IntensitySourceError)
        -> [IntensityReading]
    {
        let place = SourceZone(zone)
        let area = try place.ukArea()
        var result: [IntensityReading] = []
        // Longer spans in pieces the API answers.
        for piece in SpanPieces.split(from: from, to: to, longest: Self.longestSpan) {
            let span = "\(Self.minute(piece.from))/\(Self.minute(piece.to))"
            let path =
                switch area {
                case .national: "/intensity/\(span)"
                case .region(let id): "/regional/intensity/\(span)/regionid/\(id)"
                }
            result += try await periods(path, area: area, zone: place.code, what: "the history")
        }
        return result.filter { $0.end > from && $0.start < to }.sorted {
            ($0.start, $0.kind.rawValue) < ($1.start, $1.kind.rawValue)
        }
    }

    public func forecast(zone: String) async throws(IntensitySourceError) -> [IntensityReading] {
        let place = SourceZone(zone)
        let area = try place.ukArea()
        let now = Self.minute(clock())
        let path =
            switch area {
            case .national: "/intensity/\(now)/fw48h"
            case .region(let id): "/regional/intensity/\(now)/fw48h/regionid/\(id)"
            }
        return try await periods(path, area: area, zone: place.code, what: "the forecast")
            .filter { $0.kind == .forecast }
            .sorted { $0.start < $1.start }
    }

    /// "2026-11-30T14:00Z": the API's spelling of an instant in a path.
    static func minute(_ seconds: Double) -> String {
        String(Timestamp.iso8601UTC(seconds).prefix(16)) + "Z"
    }

    private func periods(
        _ path: String, area: Area, zone: String, what: String
    ) async throws(IntensitySourceError)
        -> [IntensityReading]
    {
        let answer = try await http.get(base + path)
        if answer.status == 400 || answer.status == 404, case .region(let id) = area {
            throw IntensitySourceError(
                .unknownZone, "\(http.source) does not know region \(id) (HTTP \(answer.status)); regions are 1 … 17")
        }
        if let error = http.statusError(answer, keyHint: "it needs no key; check FOOTPRINT_UK_CARBON_INTENSITY_URL") {
            throw error
        }
        let periods: [Period]
        switch area {
        case .national:
            periods = try http.decode(National.self, from: answer, what: what).data
        case .region:
            periods = try http.decode(Regional.self, from: answer, what: what).data.flatMap(\.data)
        }
        let now = clock()
        var result: [IntensityReading] = []
        for period in periods {
            guard let start = TimeText.instant(period.from), let end = TimeText.instant(period.to), end > start else {
                throw IntensitySourceError(
                    .badResponse,
                    "\(http.source) answered a period footprint cannot read: \(Format.quoted(period.from))")
            }
            for (kind, value) in [
                (IntensityKind.actual, period.intensity.actual), (.forecast, period.intensity.forecast)
            ] {
                guard let value else { continue }
                let intensity = try http.intensity(value, unit: "g CO2/kWh")
                result.append(
                    IntensityReading(
                        zone: zone, start: start, end: end, intensity: intensity, factor: .direct,
                        kind: kind, source: name, recordedAt: now))
            }
        }
        return result
    }

    /// One half hour: `{"from": "…Z", "to": "…Z", "intensity": {"forecast": 266, "actual": 263, "index": "moderate"}}`.
    struct Period: Decodable {
        struct Figures: Decodable {
            var forecast: Double?
            var actual: Double?
        }
        var from: String
        var to: String
        var intensity: Figures
    }

    struct National: Decodable { var data: [Period] }

    /// `{"data": [{"regionid": 13, "shortname": "London", "data": [periods]}]}`; the span endpoints
    /// write `data` as one object instead of a list of one.
    struct Regional: Decodable {
        struct Area: Decodable {
            var regionid: Int?
            var data: [Period]
        }
        var data: [Area]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            if let list = try? container.decode([Area].self, forKey: .data) {
                data = list
            } else {
                data = [try container.decode(Area.self, forKey: .data)]
            }
        }

        enum Keys: String, CodingKey { case data }
    }
}
