import FootprintLedger
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// One connection to a ledger server, used synchronously: every call sends its queries and waits
/// for the answers on the calling thread (never an event loop's), within a time limit. The
/// connection is made on first use and made again after it was lost, so that a server that
/// restarted is used again by the next call.
///
/// Calls are serialised by ``state``'s lock, held for the whole call: a transaction's statements
/// must not interleave with another thread's on one connection.
final class PostgresSession: Sendable {
    let location: PostgresLocation
    let configuration: PostgresConnection.Configuration
    /// How long one query may take before the connection is dropped and the call fails.
    let queryTimeout: TimeAmount
    private let state = Mutex<PostgresConnection?>(nil)

    /// Event loops for every ledger connection of the process: a group of its own, not NIO's shared
    /// singleton, so that a caller blocked on a ledger answer never competes with an HTTP server in
    /// the same process (`footprint serve`, the exporter) for the singleton's threads.
    static let eventLoops: any EventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// No log lines from the driver: they could carry connection details, and the CLI's output is its own.
    static let logger = Logger(label: "footprint.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    static let defaultConnectTimeout: Double = 2
    static let defaultQueryTimeout: Double = 10

    init(location: PostgresLocation, password: String?, queryTimeout: Double) throws(LedgerError) {
        self.location = location
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: password,
            database: location.database, tls: try Self.tls(for: location))
        configuration.options.connectTimeout = Self.amount(location.connectTimeout ?? Self.defaultConnectTimeout)
        self.configuration = configuration
        self.queryTimeout = Self.amount(queryTimeout)
    }

    /// Closes the connection and waits for it: a connection must be closed before it goes.
    deinit {
        if let connection = state.withLock({ $0 }) { try? connection.close().wait() }
    }

    static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1e9)) }

    /// The TLS the URL's sslmode asks for, through NIOSSL.
    static func tls(for location: PostgresLocation) throws(LedgerError) -> PostgresConnection.Configuration.TLS {
        var settings = TLSConfiguration.makeClientConfiguration()
        switch location.tls {
        case .disable: return .disable
        case .prefer, .require: settings.certificateVerification = .none
        case .verifyCA: settings.certificateVerification = .noHostnameVerification
        case .verifyFull: settings.certificateVerification = .fullVerification
        }
        if let roots = location.rootCertificates, location.tls == .verifyCA || location.tls == .verifyFull {
            guard FileManager.default.isReadableFile(atPath: roots) else {
                throw LedgerError(
                    .badLocation, "cannot read the root certificates \(roots) that the ledger URL names (sslrootcert)")
            }
            settings.trustRoots = .file(roots)
        }
        do {
            let context = try NIOSSLContext(configuration: settings)
            return location.tls == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw LedgerError(
                .badLocation, "cannot set up TLS for \(location.redacted): \(PostgresFailure.describe(error))")
        }
    }

    /// Runs `body` with the connection, made first if there is none; a connection that failed
    /// is dropped, so that the next call makes a new one.
    func withConnection<T: Sendable>(_ body: (Queries) throws -> T) throws(LedgerError) -> T {
        let outcome: Result<T, LedgerError> = state.withLock { stored in
            do throws(LedgerError) {
                let connection: PostgresConnection
                if let existing = stored, !existing.isClosed {
                    connection = existing
                } else {
                    stored = nil
                    connection = try connect()
                    stored = connection
                }
                let queries = Queries(connection: connection, session: self)
                do {
                    return .success(try body(queries))
                } catch {
                    let failure = PostgresFailure.map(error, location: location, timedOut: false)
                    // A connection that failed or timed out is not used again: closed, and made anew next time.
                    if connection.isClosed || failure.reason == .unreachable {
                        try? connection.close().wait()
                        stored = nil
                    }
                    throw failure
                }
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: (Queries) throws -> T) throws(LedgerError) -> T {
        try withConnection { queries in
            try queries.execute("BEGIN")
            do {
                let result = try body(queries)
                try queries.execute("COMMIT")
                return result
            } catch {
                if !queries.connection.isClosed { _ = try? queries.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Connects, logs in and sets up TLS within the connect timeout, as libpq's connect_timeout
    /// bounds the whole of it: the driver's own timeout covers only the TCP connection, and a
    /// server that accepts but never answers would hold the caller for ever. Futures, not a task:
    /// the caller may be a thread of Swift's cooperative pool, which a task would need to run on.
    private func connect() throws(LedgerError) -> PostgresConnection {
        let eventLoop = Self.eventLoops.next()
        let seconds = Double(configuration.options.connectTimeout.nanoseconds) / 1e9
        let connecting = PostgresConnection.connect(
            on: eventLoop, configuration: configuration, id: 1, logger: Self.logger)
        let outcome = eventLoop.makePromise(of: PostgresConnection.self)
        let timer = TimeoutTimer()
        let deadline = eventLoop.scheduleTask(in: configuration.options.connectTimeout) {
            timer.fire()
            outcome.fail(ChannelError.connectTimeout(.zero))
        }
        connecting.whenComplete { result in
            deadline.cancel()
            // One that connects after its caller gave up is closed at once.
            if timer.fired, case .success(let late) = result { late.close().whenComplete { _ in } }
            outcome.completeWith(result)
        }
        do {
            return try outcome.futureResult.wait()
        } catch {
            guard !timer.fired else {
                throw LedgerError(
                    .unreachable,
                    "the ledger server at \(location.redacted) did not complete a connection within "
                        + "\(PostgresLocation.seconds(seconds)) s")
            }
            throw PostgresFailure.map(error, location: location, timedOut: false)
        }
    }

    /// The statements of one call, on its connection.
    struct Queries {
        let connection: PostgresConnection
        let session: PostgresSession

        /// The rows a statement returns.
        func rows(_ sql: String, _ arguments: [PostgresArgument] = []) throws -> [PostgresRandomAccessRow] {
            try run(sql, arguments).rows.map { PostgresRandomAccessRow($0) }
        }

        /// The rows a statement returns, to decode by position: a long read's cells decoded in
        /// column order, with no lookup of each column by name per row.
        func orderedRows(_ sql: String, _ arguments: [PostgresArgument] = []) throws -> [PostgresRow] {
            try run(sql, arguments).rows
        }

        /// Runs a statement; returns how many rows it changed.
        @discardableResult
        func execute(_ sql: String, _ arguments: [PostgresArgument] = []) throws -> Int {
            try run(sql, arguments).metadata.rows ?? 0
        }

        private func run(_ sql: String, _ arguments: [PostgresArgument]) throws -> PostgresQueryResult {
            var binds = PostgresBindings(capacity: arguments.count)
            for argument in arguments { try argument.bind(into: &binds) }
            let future: EventLoopFuture<PostgresQueryResult> = connection.query(
                PostgresQuery(unsafeSQL: sql, binds: binds), logger: PostgresSession.logger)
            let timer = TimeoutTimer()
            let connection = self.connection
            let task = connection.eventLoop.scheduleTask(in: session.queryTimeout) {
                timer.fire()
                connection.close().whenComplete { _ in }
            }
            defer { task.cancel() }
            do {
                return try future.wait()
            } catch {
                throw PostgresFailure.map(
                    error, location: session.location, timedOut: timer.fired,
                    timeout: Double(session.queryTimeout.nanoseconds) / 1e9)
            }
        }
    }
}

/// Whether a query's time ran out; set on an event loop, read by the waiting thread.
final class TimeoutTimer: Sendable {
    private let state = Mutex(false)
    func fire() { state.withLock { $0 = true } }
    var fired: Bool { state.withLock { $0 } }
}

/// A value bound to a statement's `$n`, never spliced into its text.
enum PostgresArgument: Sendable {
    case text(String?)
    case real(Double?)
    case integer(Int64?)
    case boolean(Bool?)
    case texts([String])
    case reals([Double])

    func bind(into binds: inout PostgresBindings) throws {
        switch self {
        case .text(let value): try binds.append(value)
        case .real(let value): try binds.append(value)
        case .integer(let value): try binds.append(value)
        case .boolean(let value): try binds.append(value)
        case .texts(let values): try binds.append(values)
        case .reals(let values): try binds.append(values)
        }
    }
}
