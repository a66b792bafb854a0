import ArgumentParser
import FootprintCore
import FootprintLedger
import FootprintMeter
import FootprintServer
import Foundation

/// `footprint serve`: a read-only dashboard of a ledger in the browser, with a JSON API, until
/// SIGTERM or Ctrl-C.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a read-only dashboard of the ledger (runs, projects, jobs, experiments) and its JSON API.",
        discussion: """
            Pages: / (runs, filtered by ?project= &user= &host= &job= &since= &until= &status=), /runs/ID, \
            /projects/NAME, /jobs, /jobs/ID, /experiments. JSON: /api/runs, /api/runs/ID, /api/runs/ID/report, \
            /api/projects/NAME, /api/jobs/ID, with the fields of the matching --json outputs. /healthz for probes. \
            With --token-file, every request but /healthz needs the token: typed once into the login form (a \
            session cookie), or sent as `Authorization: Bearer TOKEN`. It logs one line per event to stderr and \
            runs until SIGTERM or Ctrl-C.
            """)

    @OptionGroup var ledger: LedgerOptions
    @Option(
        help: ArgumentHelp(
            "Address to serve on, HOST:PORT ([::1]:PORT for IPv6; 0.0.0.0:PORT for every interface, best with "
                + "--token-file).", valueName: "host:port"))
    var listen = "127.0.0.1:8080"
    @Option(
        help: ArgumentHelp(
            "A file holding the token every request must carry (its first line; keep the file private).",
            valueName: "file"))
    var tokenFile: String?
    @Flag(help: "No log lines on stderr.") var quiet = false

    func run() throws {
        let address = try ExporterCommand.listenAddress(listen)
        let token = try tokenFile.map(Self.readToken)
        let store = try withUserErrors { try ledger.open(.read) }
        SignalForwarder.blockForwardedSignals()
        let log = quiet ? ExporterLog.silent : ExporterLog { Terminal.standardError("footprint serve: " + $0) }
        log("ledger \(store.location)\(token == nil ? "" : "; every request needs the token of \(tokenFile ?? "")")")
        if let tokenFile,
            let mode = try? FileManager.default.attributesOfItem(atPath: tokenFile)[.posixPermissions] as? Int,
            mode & 0o077 != 0
        {
            // Said, not refused: the file may be shared on purpose (a group of readers).
            log("note: \(tokenFile) can be read by other users of this machine; `chmod 600` it to keep the token yours")
        }
        let server = DashboardServer(
            address: address, reader: LedgerReader(store: store), access: DashboardAccess(token: token), log: log)
        let serving = Task.detached {
            do {
                try await server.run()
            } catch {
                // The main thread waits for a signal: a server that cannot start ends the command here.
                Terminal.standardError("footprint serve: \(error)")
                Foundation.exit(1)
            }
        }
        let signal = MonitorCommand.waitForSignal(timeout: nil)
        log("stopping on \(ExporterCommand.signalName(signal))")
        serving.cancel()
    }

    /// The token: the file's first line without surrounding spaces.
    static func readToken(_ path: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FileProblem.describing(error) ?? FileProblem(error, path: path, access: .read)
        }
        let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let token = line.trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else {
            throw InvalidInput(
                "--token-file \(path) holds no token: put one (e.g. `openssl rand -hex 32`) on its first line")
        }
        return token
    }
}
