import Hummingbird

/// `footprint serve`'s HTTP server on Hummingbird: binds the address and serves the dashboard until
/// its task is cancelled.
public struct DashboardServer: Sendable {
    public let address: ListenAddress
    let reader: LedgerReader
    let access: DashboardAccess
    let log: ExporterLog

    public init(address: ListenAddress, reader: LedgerReader, access: DashboardAccess, log: ExporterLog) {
        (self.address, self.reader, self.access, self.log) = (address, reader, access, log)
    }

    /// Serves until the task is cancelled.
    /// - Throws: ``DashboardServer/BindFailure`` when the address cannot be bound, saying why.
    public func run() async throws {
        let log = self.log
        let address = self.address
        let app = Application(
            router: DashboardRoutes.router(reader: reader, access: access, log: log),
            server: .http1(configuration: .init(idleTimeout: .seconds(ExporterServer.idleTimeout))),
            configuration: .init(address: .hostname(address.host, port: address.port)),
            onServerRunning: { _ in log("serving the ledger on http://\(address)/") },
            logger: log.serverLogger())
        do {
            try await app.run()
        } catch {
            if Task.isCancelled { return }
            throw BindFailure(
                description: ExporterServer.describe(address.bindProblem(), address: address, error: error))
        }
    }

    /// The server could not start: why, in a line.
    public struct BindFailure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }
}
