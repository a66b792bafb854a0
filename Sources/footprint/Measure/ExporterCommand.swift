import ArgumentParser
import FootprintCore
import FootprintMeter
import FootprintServer
import Foundation

/// `footprint exporter`: the node's energy as Prometheus metrics on `/metrics`, sampled on its own
/// schedule, until SIGTERM or Ctrl-C.
struct ExporterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exporter",
        abstract: "Serve this node's energy, power and CO2e as Prometheus metrics on /metrics.",
        discussion: """
            Samples the node every --interval seconds (CPU zones, memory, GPUs, every process, containers, \
            jobs, and the footprint runs in progress) and serves the Prometheus text format, or OpenMetrics \
            when the scrape's Accept header asks for it, with /healthz for liveness. It logs one line per \
            event to stderr and runs until SIGTERM or Ctrl-C.
            """)

    @Option(help: ArgumentHelp("Address to serve on, HOST:PORT ([::1]:PORT for IPv6).", valueName: "host:port"))
    var listen = "127.0.0.1:9875"
    @Option(help: ArgumentHelp("Seconds between samples, 0.05 to 3600 (default 1).", valueName: "seconds"))
    var interval: Double?
    @Option(
        help: ArgumentHelp(
            "Processes with series of their own, the most energy first (0 to 10000, default 50); the rest "
                + "are summed into one.", valueName: "n"))
    var processes = 50
    @Option(
        help: ArgumentHelp(
            "Seconds a series that stopped changing (an exited process, a finished run) stays, 0 to 604800 "
                + "(default 300).", valueName: "seconds"))
    var retain = 300.0
    @OptionGroup var carbon: CarbonOptions
    @Flag(help: "No log lines on stderr.") var quiet = false
    /// A made-up node of this many processes instead of this machine's sensors: for measuring the
    /// exporter's own cost (Benchmarks/exporter) at a known number of series.
    @Option(help: .hidden) var syntheticProcesses: Int?

    func run() throws {
        let address = try Self.listenAddress(listen)
        let settings = try carbon.settings
        let seconds =
            try MeterOptions.number(interval, flag: "--interval", setting: settings["interval"], of: "seconds")
            ?? (1, "the default interval")
        try PlausibleRange.samplingInterval.check(seconds.value, origin: seconds.origin)
        try PlausibleRange.exporterProcesses.check(Double(processes), origin: "--processes")
        try PlausibleRange.exporterRetention.check(retain, origin: "--retain")
        if let syntheticProcesses {
            try PlausibleRange.exporterProcesses.check(Double(syntheticProcesses), origin: "--synthetic-processes")
        }
        let facility = try carbon.facility(fallback: Facility(pue: .none, source: PUE.assumedSource))
        let location = try carbon.location { .fromSystem(environment: ProcessInfo.processInfo.environment) }
        let node = Host.name()
        let exporterSettings = ExporterSettings(
            processes: processes, retain: retain, location: location, pue: facility.pue,
            pueSource: facility.source, version: Footprint.configuration.version, node: node)

        // Blocked before any thread starts, so that only the wait below takes them.
        SignalForwarder.blockForwardedSignals()
        let log = quiet ? ExporterLog.silent : ExporterLog { Terminal.standardError("footprint exporter: " + $0) }
        let source: any FleetSource =
            syntheticProcesses.map { SyntheticFleet(processes: $0) }
            ?? NodeCollector(environment: ProcessInfo.processInfo.environment)
        let sampler = ExporterSampler(
            source: source,
            runs: RegistryLiveRuns(environment: ProcessInfo.processInfo.environment, userID: geteuid()),
            settings: exporterSettings, interval: seconds.value, log: log)
        log(
            "started on \(node), sampling every \(Format.significant(seconds.value)) s; "
                + "grid \(location.label); PUE \(Format.significant(facility.pue.value))")
        let server = ExporterServer(address: address, snapshot: sampler.snapshot, log: log)
        let sampling = Task.detached { await sampler.run() }
        let serving = Task.detached { await server.run() }
        let signal = MonitorCommand.waitForSignal(timeout: nil)
        log("stopping on \(Self.signalName(signal))")
        sampling.cancel()
        serving.cancel()
    }

    /// `--listen`'s address, its refusal naming the flag.
    static func listenAddress(_ text: String) throws -> ListenAddress {
        do {
            return try ListenAddress.parse(text)
        } catch {
            throw error.naming("--listen")
        }
    }

    static func signalName(_ signal: Int32?) -> String {
        switch signal {
        case SIGTERM?: "SIGTERM"
        case SIGINT?: "SIGINT"
        case SIGHUP?: "SIGHUP"
        case SIGQUIT?: "SIGQUIT"
        case let other?: "signal \(other)"
        case nil: "request"
        }
    }
}
