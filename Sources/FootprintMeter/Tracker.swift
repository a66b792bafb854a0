import FootprintCore
import Foundation

/// Measures the energy and CO2e of work inside a Swift program.
///
/// ```swift
/// let tracker = try Tracker(Tracker.Options(name: "fine-tune", location: .init(region: GridCatalog.bundled.region("DE"))))
/// try tracker.start()
/// for epoch in 1...3 {
///     try await tracker.measure("epoch \(epoch)") { try await trainOneEpoch() }
/// }
/// let summary = tracker.stop()
/// print(summary.energy, summary.emissions)
/// ```
///
/// The tracker samples on a thread of its own, so it keeps measuring however busy the program's
/// tasks are. Process scope covers this process and its children.
public final class Tracker: Sendable {
    /// How to measure and convert.
    public struct Options: Sendable {
        public var name: String
        public var project: String?
        /// Seconds between samples, 0.05 to 3,600; ``Tracker/init(_:)`` throws ``OutOfRange`` otherwise.
        public var interval: Double
        public var scope: Scope
        /// The grid; by default the system time zone's country, else the world average.
        public var location: ResolvedLocation
        public var pue: PUE
        /// Where the run is recorded as it goes: by default a JSON-lines journal in the data folder
        /// (`FOOTPRINT_DATA_DIR`, else `$XDG_DATA_HOME/footprint`); pass the SQLite ledger from
        /// FootprintLedger to keep it with `footprint run`'s runs, or nil for nothing.
        public var recorder: (any RunRecorder)?
        /// The epochs the work will have, 1 to 1,000,000: with it, each task named like an epoch
        /// (``epochTask``) that ends brings a forecast of the whole run (``Tracker/forecast``).
        public var expectedEpochs: Int?
        /// Epochs to finish before the first forecast, 1 to ``expectedEpochs``.
        public var predictAfter: Int
        /// Which tasks are epochs; by default `epoch *` (`measure("epoch 3") { … }`).
        public var epochTask: EpochTaskPattern

        public init(
            name: String, project: String? = nil, interval: Double = 1, scope: Scope = .process,
            location: ResolvedLocation? = nil, pue: PUE = .none,
            recorder: (any RunRecorder)? = RunJournal(
                folder: RunJournal.defaultFolder(
                    environment: ProcessInfo.processInfo.environment)),
            expectedEpochs: Int? = nil, predictAfter: Int = 1, epochTask: EpochTaskPattern = .standard
        ) {
            self.expectedEpochs = expectedEpochs
            self.predictAfter = predictAfter
            self.epochTask = epochTask
            self.name = name
            self.project = project
            self.interval = interval
            self.scope = scope
            self.location = location ?? .fromSystem(environment: ProcessInfo.processInfo.environment)
            self.pue = pue
            self.recorder = recorder
        }
    }

    private let meter: RunMeter

    /// Checks the options' numbers and opens the sensors; measuring starts with ``start()``.
    /// - Throws: ``OutOfRange`` for an interval, PUE, grid intensity or epoch count outside its
    ///   ``PlausibleRange``, before anything is opened or recorded; or what opening the sensors or the
    ///   recorder throws.
    public init(_ options: Options) throws {
        var configuration = RunMeter.Configuration(
            name: options.name, project: options.project, scope: options.scope, location: options.location,
            pue: options.pue, pueSource: options.pue == .none ? PUE.assumedSource : "given")
        configuration.interval = options.interval
        configuration.recorder = options.recorder
        if let epochs = options.expectedEpochs {
            configuration.epochPlan = try EpochPlan(
                epochs: epochs, predictAfter: options.predictAfter, pattern: options.epochTask)
        }
        meter = try RunMeter(configuration: configuration, trackedPID: getpid())
    }

    /// Starts measuring.
    public func start() throws { try meter.start() }

    /// Stops measuring and returns the run's figures.
    @discardableResult
    public func stop() -> RunSummary { meter.stop() }

    /// Announces the run's epochs when the options did not (see ``RunMeter/expectEpochs(_:)``):
    /// forecasts follow as epoch tasks end.
    public func expectEpochs(_ epochs: Int) { meter.expectEpochs(epochs) }

    /// The figures so far, without stopping.
    public func snapshot() -> RunSummary { meter.snapshot() }

    /// Measures `body` as a task named `name`; the task ends when `body` returns or throws.
    public func measure<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        meter.startTask(name)
        defer { meter.stopTask(name) }
        return try await body()
    }

    /// The latest forecast of the whole run, made as the last epoch task ended; nil before
    /// ``Options/predictAfter`` epochs have, or without ``Options/expectedEpochs``.
    public var forecast: EpochForecast? { meter.forecasts.last }

    /// The run's id, as in the journal.
    public var runID: String { meter.id }
    /// What could not be measured, and what to do about it.
    public var notes: [String] { meter.notes }
}
