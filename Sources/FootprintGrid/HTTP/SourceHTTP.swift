import AsyncHTTPClient
import FootprintCore
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The one way the intensity clients talk HTTP: a GET bounded in time, whose every failure becomes
/// an ``IntensitySourceError`` naming the source, and whose answer is the status and the body.
struct SourceHTTP: Sendable {
    /// An answer with any status: the clients decide what a 404 means for them.
    struct Answer: Sendable {
        var status: Int
        var body: Data
    }

    /// The source as messages name it ("Electricity Maps").
    var source: String
    /// Seconds a request may take, from the first byte sent to the last byte read.
    var timeout: Double
    var client: HTTPClient

    /// The client every source uses unless given another: one for the process, never shut down (as
    /// AsyncHTTPClient's own shared one). Unlike that one it does not retry a refused connection
    /// until the time limit: an API that is not there is said at once, as "connection refused".
    static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(2)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// How long after the client's deadline the race gives up on it, seconds.
    static let raceMargin = 0.2

    /// The largest body read: a forecast of a few days is tens of kilobytes; more is not an answer.
    static let bodyLimit = 8 << 20

    /// GETs `url`. The time limit is kept by a race of its own a little after the client's deadline,
    /// so that a server that accepts the connection and then says nothing still costs no more than
    /// `timeout` and a moment, while the client's own error (a refused connection) comes first when
    /// it has one.
    func get(_ url: String, headers: [(String, String)] = []) async throws(IntensitySourceError) -> Answer {
        let timeout = self.timeout
        let outcome = await withTaskGroup(of: Result<Answer, IntensitySourceError>?.self) { group in
            group.addTask { await self.fetch(url, headers: headers) }
            group.addTask {
                do {
                    try await Task.sleep(nanoseconds: UInt64((max(timeout, 0) + Self.raceMargin) * 1e9))
                } catch {
                    return nil
                }
                return .failure(self.timedOut())
            }
            var first: Result<Answer, IntensitySourceError>?
            for await result in group {
                if let result, first == nil {
                    first = result
                    group.cancelAll()
                }
            }
            return first ?? .failure(self.timedOut())
        }
        return try outcome.get()
    }

    private func fetch(_ url: String, headers: [(String, String)]) async -> Result<Answer, IntensitySourceError> {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "footprint")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(max(timeout, 0) * 1e9)))
            let body = try await response.body.collect(upTo: Self.bodyLimit)
            return .success(Answer(status: Int(response.status.code), body: Data(body.readableBytesView)))
        } catch {
            return .failure(describe(error, url: url))
        }
    }

    private func timedOut() -> IntensitySourceError {
        IntensitySourceError(
            .timedOut,
            "\(source) did not answer within \(Format.significant(timeout)) s; the annual average is used meanwhile")
    }

    /// The client's and NIO's errors as a reason and one line; the system's own sentence for a refused
    /// connection ("connection refused"), not NIO's wrapping of it.
    private func describe(_ error: any Error, url: String) -> IntensitySourceError {
        if let error = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .cancelled].contains(error) {
                return timedOut()
            }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) {
                return IntensitySourceError(
                    .unreachable, "\(source): \(Format.quoted(url)) is not a usable URL; check the base URL setting")
            }
            return IntensitySourceError(.unreachable, "\(source) could not be reached: \(error)")
        }
        if error is NIOTooManyBytesError {
            return IntensitySourceError(.badResponse, "\(source) sent more than 8 MB; that is not an answer")
        }
        if error is CancellationError { return timedOut() }
        if let error = error as? ChannelError, case .connectTimeout = error { return timedOut() }
        return IntensitySourceError(
            .unreachable, "\(source) could not be reached at \(Self.host(of: url)): \(Self.systemSentence(error))")
    }

    static func systemSentence(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            return error.connectionErrors.first.map { systemSentence($0.error) } ?? "no address could be connected to"
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }

    /// `scheme://host:port` of a URL, for messages: never its path or query, which may hold a key.
    static func host(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        return String(url[..<schemeEnd.upperBound]) + String(rest.prefix { $0 != "/" && $0 != "?" })
    }

    /// Decodes a JSON body, or says the source answered in a shape footprint does not read.
    func decode<Value: Decodable>(
        _ type: Value.Type, from answer: Answer, what: String
    ) throws(IntensitySourceError)
        -> Value
    {
        do {
            return try JSONDecoder().decode(Value.self, from: answer.body)
        } catch {
            throw IntensitySourceError(
                .badResponse, "\(source) answered \(what) in a shape footprint does not read (not its documented JSON)")
        }
    }

    /// A time the source answered, or says it answered one footprint cannot read.
    func instant(_ text: String) throws(IntensitySourceError) -> Double {
        guard let time = TimeText.instant(text) else {
            throw IntensitySourceError(
                .badResponse, "\(source) answered a time footprint cannot read: \(Format.quoted(text))")
        }
        return time
    }

    /// A figure the source answered, in `unit` ("g CO2e/kWh"), or says no grid has it.
    func intensity(_ value: Double, unit: String) throws(IntensitySourceError) -> GridIntensity {
        guard PlausibleRange.gridIntensity.contains(value) else {
            throw IntensitySourceError(
                .badResponse,
                "\(source) answered \(Format.significant(value)) \(unit); a grid's figure lies \(PlausibleRange.gridIntensity.text)"
            )
        }
        return .gramsPerKilowattHour(value)
    }

    /// The common meaning of a status: 401/403 a refused key, other 4xx/5xx a failure; 2xx nil.
    /// Clients check their own meanings (a 404 for an unknown zone) before this.
    func statusError(_ answer: Answer, keyHint: String) -> IntensitySourceError? {
        switch answer.status {
        case 200..<300:
            return nil
        case 401, 403:
            return IntensitySourceError(
                .unauthorized, "\(source) refused the credentials (HTTP \(answer.status)); \(keyHint)")
        default:
            let kind = answer.status >= 500 ? "a server error" : "an error"
            return IntensitySourceError(
                .httpStatus, "\(source) answered with \(kind) (HTTP \(answer.status)); try again later")
        }
    }
}

/// Query strings for the clients: values percent-encoded, so a time with `+01:00` stays a time.
enum QueryText {
    static func query(_ items: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return items.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }.joined(separator: "&")
    }

    /// A base URL without a trailing slash, so paths can be appended with one.
    static func trimmed(_ base: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
