import FootprintCore
import Foundation
import Synchronization

/// Measures one run: owns the probe, the sampler, the task phases and the journal, and turns the
/// totals into a ``RunSummary``. `footprint run`, `footprint monitor` and ``Tracker`` all use it.
public final class RunMeter: Sendable {
    /// What to measure and how to convert it.
    public struct Configuration: Sendable {
        public var name: String
        public var project: String?
        public var command: [String] = []
        /// Seconds between samples, 0.05 to 3,600 (``PlausibleRange/samplingInterval``).
        public var interval: Double = 1
        public var scope: Scope
        public var location: ResolvedLocation
        public var pue: PUE
        public var pueSource: String
        /// The file-system root the sensors read (`/` outside tests).
        public var root: String = "/"
        /// CPU TDP in watts, overriding the catalog, 0.5 to 1,000 (``PlausibleRange/cpuTDP``): per
        /// socket on bare metal; on a virtual machine, this guest's share of the host's chip (see
        /// ``MachineDescription/detect(root:tdpOverride:catalog:)``).
        public var cpuTDP: Double?
        /// Where ``cpuTDP`` came from, for the summary ("--cpu-tdp", "./footprint.toml: cpu_tdp").
        public var cpuTDPOrigin: String?
        /// Where the run's records go as it happens: the SQLite ledger for the command line, a
        /// ``RunJournal`` by default for ``Tracker``; nil keeps nothing.
        public var recorder: (any RunRecorder)?
        /// Called on the sampler thread after every interval, with the totals so far.
        public var observer: (@Sendable (IntervalEnergy, Sampler.Totals) -> Void)?
        /// The run's epochs, for forecasts as they end; nil makes none.
        public var epochPlan: EpochPlan?
        /// Called with each forecast as it is made (on the thread that ended the epoch), after the
        /// recorder has it.
        public var forecastObserver: (@Sendable (EpochForecast) -> Void)?
        /// The batch job the run belongs to, recorded with it (`run` and `attach` set it; nil records
        /// none); the live run registry takes the one this process's environment names when nil.
        public var job: JobIdentity?
        /// Where the run publishes itself while it samples (``LiveRunRegistry``); nil is the user's
        /// own folder, `$XDG_RUNTIME_DIR/footprint/runs` (else `$TMPDIR/footprint-UID/runs`).
        public var liveRunFolder: String?
        /// What `footprint run --start best` planned, kept in the run's header; nil for a run
        /// started at once.
        public var planned: PlannedStartRecord?

        public init(
            name: String, project: String? = nil, scope: Scope, location: ResolvedLocation, pue: PUE,
            pueSource: String
        ) {
            self.name = name
            self.project = project
            self.scope = scope
            self.location = location
            self.pue = pue
            self.pueSource = pueSource
        }
    }

    /// The run's id.
    public let id: String
    public let configuration: Configuration
    /// What could not be measured, and what to do about it.
    public let notes: [String]
    public let machine: MachineDescription
    /// CodeCarbon's `os` column, asked once.
    let operatingSystem = CodeCarbonCSV.operatingSystem()
    private let sampler: Sampler
    private let linuxProbe: LinuxProbe?
    private let recorder: (any RunRecorder)?
    private let startedAt: Double
    private let startTime: Double
    private let tasks: Mutex<TaskBook>
    /// The run's file in the live run registry.
    private let liveRun: LiveRunPublisher
    /// Whether the record has begun: a meter that never started leaves no record.
    private let recording = Mutex(false)

    struct TaskBook {
        /// The run's epochs: the configuration's, or those an `epochs N` line announced.
        var plan: EpochPlan?
        var open: [String: (start: Double, totals: Sampler.Totals)] = [:]
        var finished: [(name: String, start: Double, end: Double, energy: [Component: Energy])] = []
        var warnings: [String] = []
        /// The epochs finished so far, for the forecaster, and its forecasts in order.
        var epochs: [EpochForecaster.FinishedEpoch] = []
        var forecasts: [EpochForecast] = []
    }

    /// Checks the configuration's numbers and opens the sensors. The record begins and sampling
    /// starts with ``start()``.
    /// - Throws: ``OutOfRange`` for a number outside its range (before anything is opened or recorded),
    ///   or what the sampler throws.
    public init(
        configuration: Configuration, trackedPID: Int32?, id: String = RunMeter.newID(),
        gpus: (any GPUSensor)? = nil, probe: (any Probe)? = nil
    ) throws {
        try configuration.validate()
        self.id = id
        self.configuration = configuration
        machine = MachineDescription.detect(
            root: configuration.root, tdpOverride: configuration.cpuTDP,
            tdpOrigin: configuration.cpuTDPOrigin)
        let actualProbe: any Probe
        var notes: [String] = []
        var linuxProbe: LinuxProbe?
        if let probe {
            actualProbe = probe
        } else {
            var gpuSensor = gpus
            if gpuSensor == nil {
                let opened = NVMLSensor.openIfPresent(environment: ProcessInfo.processInfo.environment)
                gpuSensor = opened.sensor
                if let note = opened.note { notes.append(note) }
            }
            let linux = LinuxProbe(
                root: configuration.root, trackedPID: trackedPID, gpus: gpuSensor,
                environment: ProcessInfo.processInfo.environment,
                ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))))
            notes += linux.notes
            if !linux.hasRAPL {
                notes.append("CPU power modeled: \(self.machine.cpuPowerModel.tdpSource)")
                if let implausible = self.machine.implausiblePowerNote { notes.append(implausible) }
            }
            actualProbe = linux
            linuxProbe = linux
        }
        self.linuxProbe = linuxProbe
        startedAt = Timestamp.now()
        let environment = ProcessInfo.processInfo.environment
        let liveRun = LiveRunPublisher(
            folder: configuration.liveRunFolder.map { RuntimeFolder(path: $0) }
                ?? LiveRunRegistry.folder(environment: environment),
            run: LiveRun(
                runID: id, name: configuration.name, project: configuration.project, pid: getpid(),
                startedAt: startedAt, scope: configuration.scope,
                job: configuration.job ?? JobIdentity.detect(environment: environment), updatedAt: startedAt,
                tasks: [], pidStart: ProcessTreeReader.stat(procRoot: "/proc", pid: getpid())?.startTime))
        self.liveRun = liveRun
        if let problem = liveRun.openingProblem { notes.append(problem) }
        self.notes = notes
        tasks = Mutex(TaskBook(plan: configuration.epochPlan))
        let recorder = configuration.recorder
        self.recorder = recorder
        startTime = monotonicSeconds()
        let accountant = EnergyAccountant(
            cpuModel: machine.cpuPowerModel, ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))),
            pageSize: UInt64(sysconf(Int32(_SC_PAGESIZE))))
        let observer = configuration.observer
        let start = startTime
        let scope = configuration.scope
        sampler = try Sampler(probe: actualProbe, accountant: accountant, interval: configuration.interval) {
            interval, totals in
            recorder?.sample(
                SampleRecord(
                    t: interval.end - start, duration: interval.duration,
                    cpuJoules: interval.cpu.machine.joules, cpuProcessJoules: interval.cpu.attributed.joules,
                    gpuJoules: interval.gpu.machine.joules, gpuProcessJoules: interval.gpu.attributed.joules,
                    ramJoules: interval.ram.machine.joules, ramProcessJoules: interval.ram.attributed.joules,
                    cpuUtilization: interval.cpuUtilization, processCPUShare: interval.treeCPUShare), runID: id)
            liveRun.observe(totals, scope: scope)
            observer?(interval, totals)
        }
    }

    /// Begins the run's record, if ``beginRecord()`` has not, and starts sampling. Nothing is
    /// recorded before: a meter that never starts leaves no record.
    public func start() throws {
        try beginRecord()
        try sampler.start()
    }

    /// Writes the run's header to the recorder now, before sampling starts: `footprint run` does
    /// so before it starts the command, so that a ledger that cannot be written is refused first.
    public func beginRecord() throws {
        try recording.withLock { begun in
            guard !begun else { return }
            try recorder?.begin(header())
            begun = true
        }
    }

    /// Takes back the record of a run that never took place (its command could not be executed).
    public func discardRecord() {
        let begun = recording.withLock { begun in
            defer { begun = false }
            return begun
        }
        if begun { recorder?.discard(runID: id) }
    }

    /// Whether ``start()`` has begun the record.
    var isRecording: Bool { recording.withLock { $0 } }

    /// Follows the process tree of `pid` from now on: for a command started after the meter, so
    /// that the meter (and its task pipe) is ready before the command can write to it.
    public func track(pid: Int32) { linuxProbe?.track(pid: pid) }

    /// Follows the process tree of a process that was running before the meter, leaving out
    /// `excluded` and its subtree: `footprint attach` leaves itself out of the tree it measures.
    public func track(pid: Int32, excluding excluded: Int32) { linuxProbe?.track(pid: pid, excluding: excluded) }

    /// Follows the descendants of `pid`, not `pid` itself: `footprint run` follows its own, the
    /// command and the orphans of its tree that footprint adopts as their subreaper.
    public func track(descendantsOf pid: Int32) { linuxProbe?.track(pid: pid, includesRoot: false) }

    /// Marks the start of a phase.
    public func startTask(_ name: String) {
        open(name, at: monotonicSeconds(), totals: sampler.checkpoint())
    }

    /// Marks the end of a phase.
    public func stopTask(_ name: String) {
        if let ended = close(name, at: monotonicSeconds(), totals: sampler.checkpoint()) {
            journal([ended.record])
            publish(ended.forecast.map { [$0] } ?? [])
        }
    }

    /// Applies task lines that arrived together, in order, on one reading: a burst of marks costs
    /// one probe read, not one each, so that a command writing thousands of marks is not held up
    /// by a full pipe, and marks written together share their instant.
    public func apply(_ events: [TaskChannel.Event]) {
        guard !events.isEmpty else { return }
        let totals = sampler.checkpoint()
        let now = monotonicSeconds()
        var ended: [TaskRecord] = []
        var forecasts: [EpochForecast] = []
        for event in events {
            switch event {
            case .start(let name): open(name, at: now, totals: totals)
            case .stop(let name):
                if let task = close(name, at: now, totals: totals) {
                    ended.append(task.record)
                    if let forecast = task.forecast { forecasts.append(forecast) }
                }
            case .epochs(let epochs): expectEpochs(epochs)
            case .malformed(let line): warn(Self.malformedWarning(line))
            }
        }
        journal(ended)
        publish(forecasts)
    }

    static func malformedWarning(_ line: String) -> String {
        "ignored task line \(Format.quoted(line)): write 'start NAME', 'stop NAME' or 'epochs N'"
    }

    /// Announces the run's epochs, as the task channel's `epochs N` line does (a framework callback
    /// knows them when training begins): a run without a plan gets one, `epochs` epochs with a
    /// forecast after the first and the standard pattern. A number out of range, or one that differs
    /// from the plan already set, is ignored with a warning; the first plan stands.
    public func expectEpochs(_ epochs: Int) {
        tasks.withLock { book in
            if let plan = book.plan {
                if plan.epochs != epochs {
                    book.warnings.append(
                        "ignored 'epochs \(epochs)': the run announced \(plan.epochs) epochs already, which stand")
                }
                return
            }
            do {
                book.plan = try EpochPlan(epochs: epochs)
            } catch {
                let range = PlausibleRange.expectedEpochs
                book.warnings.append(
                    "ignored 'epochs \(epochs)': a run has \(Int(range.lower)) to \(Int(range.upper)) epochs")
            }
        }
    }

    private func open(_ name: String, at now: Double, totals: Sampler.Totals) {
        tasks.withLock { book in
            if book.open[name] != nil {
                book.warnings.append(
                    "task \(Format.quoted(name)) started again before it stopped; the first start is kept")
            } else {
                book.open[name] = (now, totals)
                liveRun.opened(name, totals: totals, scope: configuration.scope)
            }
        }
    }

    /// Ends a task; returns its record for the journal and, when it is an epoch of the plan and
    /// enough have ended, the forecast it brings; nil when it was not open. A task the run's end
    /// closes (`finishing`) is no finished epoch: it was cut short.
    private func close(
        _ name: String, at now: Double, totals: Sampler.Totals, finishing: Bool = false
    ) -> (record: TaskRecord, forecast: EpochForecast?)? {
        tasks.withLock { book in
            guard let open = book.open.removeValue(forKey: name) else {
                book.warnings.append("task \(Format.quoted(name)) stopped without a start; ignored")
                return nil
            }
            liveRun.closed(name, totals: totals, scope: configuration.scope)
            let energy = Dictionary(
                uniqueKeysWithValues: Component.allCases.map {
                    ($0, self.scoped(totals[$0]) - self.scoped(open.totals[$0]))
                })
            book.finished.append((name, open.start, now, energy))
            let record = TaskRecord(
                name: name, start: open.start - startTime, end: now - startTime,
                cpuJoules: energy[.cpu]?.joules ?? 0, gpuJoules: energy[.gpu]?.joules ?? 0,
                ramJoules: energy[.ram]?.joules ?? 0)
            guard !finishing, let plan = book.plan, plan.pattern.matches(name) else {
                return (record, nil)
            }
            let pue = configuration.pue
            let runEnergy = pue.facilityEnergy(Component.allCases.reduce(Energy.zero) { $0 + self.scoped(totals[$1]) })
            // The sampler's clock, as the run's duration is, so that forecast and actual compare.
            book.epochs.append(
                .init(
                    end: totals.duration, runEnergyJoules: runEnergy.joules,
                    taskEnergyJoules: pue.facilityEnergy(energy.values.reduce(Energy.zero, +)).joules,
                    taskSeconds: now - open.start))
            guard book.epochs.count >= plan.predictAfter,
                let forecast = EpochForecaster(epochs: plan.epochs, intensity: configuration.location.intensity)
                    .forecast(after: book.epochs)
            else { return (record, nil) }
            book.forecasts.append(forecast)
            return (record, forecast)
        }
    }

    /// Hands forecasts to the recorder and the observer, outside the task book's lock.
    private func publish(_ forecasts: [EpochForecast]) {
        for forecast in forecasts {
            if isRecording { recorder?.forecast(forecast, runID: id) }
            configuration.forecastObserver?(forecast)
        }
    }

    /// Records a line the user wrote that is not a task command.
    public func warn(_ message: String) { tasks.withLock { $0.warnings.append(message) } }

    /// Stops sampling, closes open tasks and returns the summary; the journal gets its `end` line.
    public func stop(exitCode: Int32? = nil, status: RunStatus = .finished) -> RunSummary {
        stopSampling()
        return finish(exitCode: exitCode, status: status)
    }

    /// Closes open tasks and takes the last reading. `footprint run` calls it while the command is
    /// still a zombie, so that its final CPU times are read, and ``finish(exitCode:status:)`` after reaping it.
    public func stopSampling() {
        let open = tasks.withLock { Array($0.open.keys) }
        if !open.isEmpty {
            let totals = sampler.checkpoint()
            let now = monotonicSeconds()
            journal(open.sorted().compactMap { close($0, at: now, totals: totals, finishing: true)?.record })
        }
        sampler.stop()
        liveRun.end()
    }

    /// Writes the journal's `end` line and returns the summary; call after ``stopSampling()``.
    public func finish(exitCode: Int32?, status: RunStatus) -> RunSummary {
        liveRun.end()
        let totals = sampler.totals
        let summary = summarize(totals, exitCode: exitCode, status: status)
        guard isRecording else { return summary }
        let it = { (c: Component) in summary.components[c]?.energy.joules ?? 0 }
        let method = { (c: Component) in summary.components[c]?.method ?? MeasurementMethod.none }
        recorder?.end(
            RunEnding(
                status: status, exitCode: exitCode, duration: totals.duration,
                cpuJoules: it(.cpu), gpuJoules: it(.gpu), ramJoules: it(.ram),
                cpuMethod: method(.cpu), gpuMethod: method(.gpu), ramMethod: method(.ram),
                energyJoules: summary.energy.joules, co2eGrams: summary.emissions.grams, notes: summary.notes,
                machine: summary.machine.usage), runID: id)
        return summary
    }

    /// The forecasts made so far, in order (empty without an ``Configuration/epochPlan`` or an
    /// announced one).
    public var forecasts: [EpochForecast] { tasks.withLock { $0.forecasts } }

    /// The totals so far (for live displays and ``Tracker/snapshot()``).
    public var totals: Sampler.Totals { sampler.totals }

    /// A summary of the run so far, without stopping it.
    public func snapshot() -> RunSummary { summarize(sampler.checkpoint(), exitCode: nil, status: .running) }

    /// The IT energy of a component in the configured scope.
    func scoped(_ energy: ComponentEnergy) -> Energy {
        configuration.scope == .machine ? energy.machine : energy.attributed
    }

    func summarize(_ totals: Sampler.Totals, exitCode: Int32?, status: RunStatus) -> RunSummary {
        let c = configuration
        var components: [Component: RunSummary.ComponentTotals] = [:]
        for component in Component.allCases {
            let e = totals[component]
            components[component] = .init(
                energy: scoped(e), machine: e.machine, process: e.attributed, method: e.method)
        }
        let it = components.values.reduce(Energy.zero) { $0 + $1.energy }
        let facility = c.pue.facilityEnergy(it)
        let book = tasks.withLock { $0 }
        let taskTotals = book.finished.map { task -> RunSummary.TaskTotals in
            let itEnergy = task.energy.values.reduce(Energy.zero, +)
            let energy = c.pue.facilityEnergy(itEnergy)
            return .init(
                name: task.name, duration: task.end - task.start, end: task.end - startTime, energy: energy,
                emissions: c.location.intensity.emissions(for: energy), components: task.energy)
        }
        return RunSummary(
            runID: id, name: c.name, project: c.project, command: c.command,
            startedAt: Timestamp.iso8601UTC(startedAt), duration: totals.duration,
            exitCode: exitCode, status: status, scope: c.scope, energy: facility,
            emissions: c.location.intensity.emissions(for: facility), pue: c.pue, pueSource: c.pueSource,
            location: c.location, basis: .annual(source: c.location.source), pricedIntensity: c.location.intensity,
            planned: c.planned, components: components, tasks: taskTotals,
            epochPlan: book.plan, epochsMarked: book.epochs.count, forecasts: book.forecasts,
            notes: notes + (linuxProbe?.gpuFailures ?? []) + book.warnings + liveRun.writeProblems,
            journal: recorder?.location,
            machine: .init(
                cpuModel: machine.cpu.modelName, gpuNames: linuxProbe?.gpuNames ?? [],
                usage: MachineUsage(
                    logicalCPUs: machine.cpu.logicalCPUs, memoryTotalBytes: totals.latest?.memoryTotal ?? 0,
                    meanMemoryUsedBytes: totals.meanMemoryUsed, meanCPUUtilization: totals.meanCPUUtilization,
                    meanGPUUtilization: totals.meanGPUUtilization, operatingSystem: operatingSystem)),
            job: c.job)
    }

    /// The run as it starts.
    private func header() -> RunRecord {
        let c = configuration
        return RunRecord(
            id: id, project: c.project, name: c.name, command: c.command, host: Host.name(), pid: getpid(),
            startedAt: startedAt, intervalSeconds: c.interval, scope: c.scope, locationCode: c.location.code,
            locationName: c.location.name, intensity: c.location.intensity, intensitySource: c.location.source,
            pue: c.pue.value, pueSource: c.pueSource, cpuModel: machine.cpu.modelName,
            cpuPowerModel: machine.cpuPowerModel.tdpSource, gpus: linuxProbe?.gpuNames ?? [], notes: notes, job: c.job,
            user: Host.userName(), planned: c.planned)
    }

    private func journal(_ records: [TaskRecord]) {
        guard isRecording, !records.isEmpty else { return }
        recorder?.tasks(records, runID: id)
    }

    /// A new run id, time-ordered and unique: UTC seconds in hex, then random hex.
    public static func newID() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let stamp = String(now.tv_sec, radix: 16)
        return stamp + "-" + String(repeating: "0", count: 8 - random.count) + random
    }
}
