import AsyncHTTPClient
import FootprintCore
import Foundation
import Synchronization

/// WattTime's API v3 for its marginal operating emissions rate (`co2_moer`): a login (`/login`,
/// HTTP basic authentication, answering a token valid for 30 minutes), then `/v3/historical`,
/// `/v3/forecast` and `/v3/signal-index` with the token as a bearer. Five-minute figures in lbs
/// CO2/MWh, converted to g/kWh. Every reading is `.marginal`: what one more kWh makes the answering
/// generators emit, never an average, so callers keep it apart from average intensities.
public struct WattTimeSource: IntensitySource {
    public let name = "WattTime"
    /// The API's documented home.
    public static let defaultBaseURL = "https://api.watttime.org"
    /// The signal asked for.
    public static let signal = "co2_moer"
    /// Grams per kWh in one lb/MWh: 453.592 g per lb ÷ 1,000 kWh per MWh.
    public static let gramsPerKilowattHourPerPoundPerMegawattHour = 0.453_592

    /// The longest span `/v3/historical` answers in one request.
    static let longestHistory = 32 * 86_400.0

    let base: String
    let username: String
    let password: String
    let http: SourceHTTP
    let clock: @Sendable () -> Double
    let token: TokenCache

    /// - Parameters:
    ///   - username, password: the WattTime account (WATTTIME_USERNAME, WATTTIME_PASSWORD).
    ///   - baseURL: the API's root, for a fixture server in tests or a proxy.
    ///   - timeout: seconds each request (the login included) may take.
    ///   - client: the HTTP client; by default one for the process that says a refused connection at once.
    ///   - clock: the present, seconds since 1970 (tests fix it).
    public init(
        username: String, password: String, baseURL: String = defaultBaseURL, timeout: Double = 2,
        client: HTTPClient? = nil, clock: @escaping @Sendable () -> Double = Timestamp.now
    ) {
        self.base = QueryText.trimmed(baseURL)
        self.username = username
        self.password = password
        self.http = SourceHTTP(source: "WattTime", timeout: timeout, client: client ?? SourceHTTP.sharedClient)
        self.clock = clock
        self.token = TokenCache()
    }

    public func latest(zone: String) async throws(IntensitySourceError) -> IntensityReading {
        let now = clock()
        // The most recent five-minute figure: the last of the past hour.
        guard let last = try await history(zone: zone, from: now - 3_600, to: now + 1).last else {
            throw IntensitySourceError(
                .badResponse, "WattTime answered no figure for the past hour in \(Format.quoted(zone))")
        }
        return last
    }

    public func history(
        zone: String, from: Double, to: Double
    ) async throws(IntensitySourceError)
        -> [IntensityReading]
    {
        let region = try SourceZone(zone).wattTimeRegion()
        var result: [IntensityReading] = []
        // WattTime answers at most 32 days of history a request.
        for piece in SpanPieces.split(from: from, to: to, longest: Self.longestHistory) {
            let answer = try await get(
                "/v3/historical",
                query: [
                    ("region", region), ("start", Timestamp.iso8601UTC(piece.from)),
                    ("end", Timestamp.iso8601UTC(piece.to)), ("signal_type", Self.signal)
                ], region: region)
            result += try readings(answer, region: region, kind: .actual, what: "the history")
        }
        return
            result
            .filter { $0.end > from && $0.start < to }
    }

    public func forecast(zone: String) async throws(IntensitySourceError) -> [IntensityReading] {
        let region = try SourceZone(zone).wattTimeRegion()
        let answer = try await get(
            "/v3/forecast", query: [("region", region), ("signal_type", Self.signal)], region: region)
        return try readings(answer, region: region, kind: .forecast, what: "the forecast")
    }

    /// Where the region's current marginal rate ranks among recent ones.
    public func signalIndex(zone: String) async throws(IntensitySourceError) -> WattTimeSignalIndex {
        let region = try SourceZone(zone).wattTimeRegion()
        let answer = try await get(
            "/v3/signal-index", query: [("region", region), ("signal_type", Self.signal)], region: region)
        let series = try http.decode(Series.self, from: answer, what: "the signal index")
        guard let point = series.data.last, let time = TimeText.instant(point.pointTime) else {
            throw IntensitySourceError(.badResponse, "WattTime answered the signal index without a point")
        }
        guard (0...100).contains(point.value) else {
            throw IntensitySourceError(
                .badResponse, "WattTime answered a signal index of \(Format.significant(point.value)), not a percentile"
            )
        }
        return WattTimeSignalIndex(region: region, time: time, percentile: point.value, signal: Self.signal)
    }

    /// A data request with the token, logging in first when there is none or it is older than
    /// its 30 minutes; a refused token is renewed once.
    private func get(
        _ path: String, query: [(String, String)], region: String
    ) async throws(IntensitySourceError)
        -> SourceHTTP.Answer
    {
        let url = base + path + "?" + QueryText.query(query)
        var answer = try await http.get(url, headers: [("Authorization", "Bearer \(try await bearer(renew: false))")])
        if answer.status == 401 {
            answer = try await http.get(url, headers: [("Authorization", "Bearer \(try await bearer(renew: true))")])
        }
        if answer.status == 400 || answer.status == 404 {
            throw IntensitySourceError(
                .unknownZone, "WattTime does not know the region \(Format.quoted(region)) (HTTP \(answer.status))")
        }
        if answer.status == 403 {
            throw IntensitySourceError(
                .unauthorized,
                "WattTime refused access to \(Format.quoted(region)) (HTTP 403); the account's plan may not cover that region"
            )
        }
        if let error = http.statusError(answer, keyHint: "check WATTTIME_USERNAME and WATTTIME_PASSWORD") {
            throw error
        }
        return answer
    }

    private func bearer(renew: Bool) async throws(IntensitySourceError) -> String {
        let now = clock()
        if !renew, let held = token.current(at: now) { return held }
        guard !username.isEmpty, !password.isEmpty else {
            throw IntensitySourceError(
                .missingKey,
                "WattTime needs an account: set WATTTIME_USERNAME and WATTTIME_PASSWORD (or watttime_username and watttime_password in footprint.toml)"
            )
        }
        let basic = Data("\(username):\(password)".utf8).base64EncodedString()
        let answer = try await http.get(base + "/login", headers: [("Authorization", "Basic \(basic)")])
        if let error = http.statusError(answer, keyHint: "check WATTTIME_USERNAME and WATTTIME_PASSWORD") {
            throw error
        }
        let login = try http.decode(Login.self, from: answer, what: "the login")
        guard !login.token.isEmpty else {
            throw IntensitySourceError(.badResponse, "WattTime's login answered an empty token")
        }
        token.keep(login.token, at: now)
        return login.token
    }

    private func readings(
        _ answer: SourceHTTP.Answer, region: String, kind: IntensityKind, what: String
    )
        throws(IntensitySourceError) -> [IntensityReading]
    {
        let series = try http.decode(Series.self, from: answer, what: what)
        let scale: Double
        switch series.meta?.units ?? "lbs_co2_per_mwh" {
        case "lbs_co2_per_mwh": scale = Self.gramsPerKilowattHourPerPoundPerMegawattHour
        // kg/MWh is g/kWh.
        case "kg_co2_per_mwh", "g_co2_per_kwh": scale = 1
        case let other:
            throw IntensitySourceError(
                .badResponse, "WattTime answered \(what) in \(Format.quoted(other)), a unit footprint does not read")
        }
        let period = series.meta?.periodSeconds ?? 300
        guard period > 0 else { throw IntensitySourceError(.badResponse, "WattTime answered a period of \(period) s") }
        let now = clock()
        var result: [IntensityReading] = []
        for point in series.data {
            let start = try http.instant(point.pointTime)
            let intensity = try http.intensity(point.value * scale, unit: "g CO2/kWh")
            result.append(
                IntensityReading(
                    zone: region, start: start, end: start + period, intensity: intensity,
                    factor: .marginal, kind: kind, source: name, recordedAt: now))
        }
        return result.sorted { $0.start < $1.start }
    }

    struct Login: Decodable { var token: String }

    /// `{"data": [{"point_time": "…", "value": 870.0}], "meta": {"units": "lbs_co2_per_mwh", "data_point_period_seconds": 300, …}}`.
    struct Series: Decodable {
        struct Point: Decodable {
            var pointTime: String
            var value: Double
            enum CodingKeys: String, CodingKey {
                case pointTime = "point_time"
                case value
            }
        }
        struct Meta: Decodable {
            var units: String?
            var periodSeconds: Double?
            enum CodingKeys: String, CodingKey {
                case units
                case periodSeconds = "data_point_period_seconds"
            }
        }
        var data: [Point]
        var meta: Meta?
    }

    /// The login's token and when it was issued, shared by copies of the source; `Mutex` guards it.
    final class TokenCache: Sendable {
        /// WattTime documents a token's life as 30 minutes; renewed a minute early.
        static let life = 29 * 60.0
        private let held = Mutex<(token: String, issued: Double)?>(nil)

        func current(at now: Double) -> String? {
            held.withLock { value in
                guard let value, now - value.issued < Self.life else { return nil }
                return value.token
            }
        }

        func keep(_ token: String, at now: Double) { held.withLock { $0 = (token, now) } }
    }
}
