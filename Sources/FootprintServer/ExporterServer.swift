import Hummingbird

#if canImport(Glibc)
import Glibc
#endif

/// The exporter's HTTP server on Hummingbird: binds the address, and while it cannot (the port is
/// in use) says so and tries again every two seconds, until its task is cancelled.
public struct ExporterServer: Sendable {
    public let address: ListenAddress
    let snapshot: MetricsSnapshot
    let log: ExporterLog
    /// Seconds between two attempts to bind.
    public static let retryDelay = 2.0
    /// Seconds a connection may stay idle before the server closes it: a client that connects and
    /// never sends holds nothing but its own socket, and not for ever.
    public static let idleTimeout: Int64 = 60

    public init(address: ListenAddress, snapshot: MetricsSnapshot, log: ExporterLog) {
        self.address = address
        self.snapshot = snapshot
        self.log = log
    }

    /// Serves until the task is cancelled.
    public func run() async {
        let log = self.log
        let address = self.address
        var lastProblem: String?
        while !Task.isCancelled {
            let app = Application(
                router: ExporterRoutes.router(snapshot: snapshot, log: log),
                server: .http1(configuration: .init(idleTimeout: .seconds(Self.idleTimeout))),
                configuration: .init(address: .hostname(address.host, port: address.port)),
                onServerRunning: { _ in log("listening on http://\(address)/metrics") },
                logger: log.serverLogger())
            do {
                try await app.run()
                return
            } catch {
                if Task.isCancelled { return }
                let problem = Self.describe(address.bindProblem(), address: address, error: error)
                // Said once, not every two seconds, until the reason changes.
                if problem != lastProblem { log(problem + "; trying again every 2 s") }
                lastProblem = problem
            }
            do {
                try await Task.sleep(for: .seconds(Self.retryDelay))
            } catch {
                return
            }
        }
    }

    static func describe(_ code: Int32?, address: ListenAddress, error: any Error) -> String {
        switch code {
        case EADDRINUSE?: "cannot listen on \(address): the port is in use by another program"
        case EACCES?: "cannot listen on \(address): not allowed to bind the port (ports below 1024 need privileges)"
        case let code?: "cannot listen on \(address): \(String(cString: strerror(code)))"
        case nil: "cannot listen on \(address): \(error)"
        }
    }
}
