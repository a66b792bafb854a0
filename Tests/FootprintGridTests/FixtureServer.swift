import Foundation
import Hummingbird
import Logging
import Synchronization

/// What a fixture server saw of one request.
struct FixtureRequest: Sendable {
    var path: String
    var query: [String: String]
    var headers: [String: String]
}

/// What a fixture server answers: a status and a body, or a wait first (a slow server).
struct FixtureAnswer: Sendable {
    var status: Int = 200
    var body: String
    var delay: Double = 0

    static func json(_ body: String) -> FixtureAnswer { FixtureAnswer(body: body) }
    static func status(_ status: Int, _ body: String = #"{"error": "fixture"}"#) -> FixtureAnswer {
        FixtureAnswer(status: status, body: body)
    }
}

/// A real HTTP server (Hummingbird) on 127.0.0.1 with a port the system chose, answering every GET
/// through `answer` and keeping each request it saw, so tests count what reached the "API".
final class FixtureServer: Sendable {
    /// The requests seen, in order; `Mutex` guards them.
    private let seen = Mutex<[FixtureRequest]>([])
    let answer: @Sendable (FixtureRequest) -> FixtureAnswer

    /// The time limit of clients whose test is not about the limit. The server's handlers run on
    /// Swift's shared concurrency pool, which the rest of a full parallel test run keeps busy for
    /// seconds at a time: 2 s timed out there while the fixture waited for a thread.
    static let patience: Double = 60

    init(_ answer: @escaping @Sendable (FixtureRequest) -> FixtureAnswer) { self.answer = answer }

    var requests: [FixtureRequest] { seen.withLock { $0 } }
    /// The paths of the requests seen, login included.
    var paths: [String] { requests.map(\.path) }

    /// Runs the server for the length of `body`, which gets its base URL ("http://127.0.0.1:PORT").
    func serve<Result: Sendable>(_ body: @Sendable (String) async throws -> Result) async throws -> Result {
        let router = Router()
        router.get("**") { request, _ -> Response in
            var headers: [String: String] = [:]
            // By their lowercase names, as HTTP/2 writes them and HTTP/1.1 treats them.
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            var query: [String: String] = [:]
            for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
            let seenRequest = FixtureRequest(path: request.uri.path, query: query, headers: headers)
            self.seen.withLock { $0.append(seenRequest) }
            let answer = self.answer(seenRequest)
            if answer.delay > 0 { try? await Task.sleep(nanoseconds: UInt64(answer.delay * 1e9)) }
            return Response(
                status: HTTPResponse.Status(code: answer.status),
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
        }
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fixture")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            }, logger: logger)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var port = 0
            for await bound in ports { port = bound }
            let result = try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
            return result
        }
    }

    /// A base URL where nothing listens: the port of a fixture server that has stopped.
    static func closedPort() async throws -> String {
        try await FixtureServer { _ in .json("{}") }.serve { $0 }
    }
}
