import FootprintCore
import FootprintSystem
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Reads a ``Probe`` at a fixed interval on its own thread and adds up the energy.
///
/// Ticks are scheduled at absolute times start + k·interval on the monotonic clock, so a late tick
/// shortens the wait for the next one instead of shifting the schedule; a tick later than a whole
/// interval skips the missed slots. Each interval's energy is the difference of two readings, so
/// counters integrate exactly whatever the timing.
public final class Sampler: Sendable {
    /// Receives every interval as it is measured, with the totals up to it, on the sampler thread.
    public typealias Observer = @Sendable (IntervalEnergy, Totals) -> Void

    private let probe: any Probe
    private let accountant: EnergyAccountant
    private let interval: Double
    private let observer: Observer?
    private let state: Mutex<State>
    /// Serialises probe reads: `start()`, the sampler thread and ``checkpoint()`` callers (the task
    /// pipe's thread) share the probe's open files and sensor state, which are not thread-safe.
    private let reading = Mutex(())
    private let wake: (read: Int32, write: Int32)

    struct State {
        var totals = Totals()
        var last: ProbeReading?
        var running = false
        var finished = false
    }

    /// Running totals since start.
    public struct Totals: Sendable, Hashable {
        public var cpu = ComponentEnergy.zero(.tdpLoad)
        public var gpu = ComponentEnergy.zero(.none)
        public var ram = ComponentEnergy.zero(.ramPerGigabyte)
        public var intervals = 0
        /// Seconds covered.
        public var duration = 0.0
        /// The latest interval, for live displays.
        public var latest: IntervalEnergy?
        /// Time-weighted sums, for the means below.
        var cpuUtilizationSeconds = 0.0, gpuUtilizationSeconds = 0.0, gpuSeconds = 0.0, memoryUsedByteSeconds = 0.0

        /// Mean machine CPU utilisation, 0…1.
        public var meanCPUUtilization: Double { duration > 0 ? cpuUtilizationSeconds / duration : 0 }
        /// Mean GPU utilisation, percent, nil without GPUs.
        public var meanGPUUtilization: Double? { gpuSeconds > 0 ? gpuUtilizationSeconds / gpuSeconds : nil }
        /// Mean memory in use, bytes.
        public var meanMemoryUsed: Double { duration > 0 ? memoryUsedByteSeconds / duration : 0 }

        /// Adds an interval.
        mutating func add(_ i: IntervalEnergy) {
            cpu.machine += i.cpu.machine; cpu.attributed += i.cpu.attributed; cpu.method = i.cpu.method
            gpu.machine += i.gpu.machine; gpu.attributed += i.gpu.attributed; gpu.method = i.gpu.method
            ram.machine += i.ram.machine; ram.attributed += i.ram.attributed; ram.method = i.ram.method
            intervals += 1
            duration += i.duration
            cpuUtilizationSeconds += i.cpuUtilization * i.duration
            memoryUsedByteSeconds += Double(i.memoryUsed) * i.duration
            if let gpu = i.gpuUtilization {
                gpuUtilizationSeconds += gpu * i.duration
                gpuSeconds += i.duration
            }
            latest = i
        }

        /// A component's totals.
        public subscript(component: Component) -> ComponentEnergy {
            switch component {
            case .cpu: cpu
            case .gpu: gpu
            case .ram: ram
            }
        }
    }

    /// Creates a sampler; nothing runs until ``start()``.
    /// - Parameters:
    ///   - interval: seconds between readings, 0.05 to 3,600 (``PlausibleRange/samplingInterval``).
    /// - Throws: ``OutOfRange`` for an interval outside that range; ``SamplerError`` when the system
    ///   refuses the wake-up pipe.
    public init(probe: any Probe, accountant: EnergyAccountant, interval: Double, observer: Observer? = nil) throws {
        try PlausibleRange.samplingInterval.check(interval)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw SamplerError(.wakeUpPipeNotCreated, code: .current)
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)  // the tracked command must not inherit it
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        self.probe = probe
        self.accountant = accountant
        self.interval = interval
        self.observer = observer
        self.state = Mutex(State())
        self.wake = (fds[0], fds[1])
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    /// Takes the first reading and starts the sampling thread.
    /// - Throws: ``SamplerError`` when the system refuses a new thread.
    public func start() throws(SamplerError) {
        let first = reading.withLock { _ in probe.read() }
        let alreadyRunning = state.withLock { state -> Bool in
            if state.running || state.finished { return true }
            state.running = true
            state.last = first
            return false
        }
        guard !alreadyRunning else { return }
        let thread = SamplerThread { [self] in self.loop(start: first.time) }
        guard thread.start() else {
            state.withLock {
                $0.running = false; $0.finished = true
            }
            throw SamplerError(.threadNotStarted)
        }
    }

    /// Stops the thread after one last reading, so the final partial interval counts, and returns the totals.
    @discardableResult
    public func stop() -> Totals {
        let wasRunning = state.withLock { state -> Bool in
            let was = state.running
            state.running = false
            return was
        }
        if wasRunning {
            var byte: UInt8 = 1
            _ = retryingInterrupted { SystemCalls.system.write(wake.write, &byte, 1) }
            // Wait for the loop to take its last reading and finish.
            while !state.withLock({ $0.finished }) { usleep(200) }
        }
        return totals
    }

    /// The totals so far.
    public var totals: Totals { state.withLock { $0.totals } }

    private func loop(start: Double) {
        var tick = 1.0
        while true {
            let deadline = start + tick * interval
            let stopping = waitUntil(deadline)
            takeReading()
            if stopping { break }
            // Skip slots that passed while this tick ran late.
            let now = monotonicSeconds()
            tick = max(tick + 1, ((now - start) / interval).rounded(.down) + 1)
        }
        state.withLock { $0.finished = true }
    }

    /// Sleeps until `deadline` or a stop request; returns true when stopping.
    private func waitUntil(_ deadline: Double) -> Bool {
        while true {
            if !state.withLock({ $0.running }) { return true }
            let remaining = deadline - monotonicSeconds()
            if remaining <= 0 { return false }
            var descriptor = pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)
            // At most a minute per wait: the loop waits again until the deadline, and poll's Int32
            // milliseconds cannot hold every Double.
            let result = poll(&descriptor, 1, Int32(min((remaining * 1_000).rounded(.up), 60_000)))
            if result > 0 {
                var byte: UInt8 = 0
                _ = read(wake.read, &byte, 1)
            }
        }
    }

    /// Takes a reading now, outside the schedule, and returns the totals up to this instant: task
    /// boundaries fall between ticks, and counters make them exact.
    public func checkpoint() -> Totals {
        takeReading()
        return totals
    }

    private func takeReading() {
        let measured: (IntervalEnergy, Totals)? = reading.withLock { _ in
            let now = probe.read()
            return state.withLock { state in
                guard let last = state.last, state.running || !state.finished else { return nil }
                let energy = accountant.interval(from: last, to: now)
                state.last = now
                state.totals.add(energy)
                return (energy, state.totals)
            }
        }
        if let (interval, totals) = measured { observer?(interval, totals) }
    }
}

/// A plain POSIX thread for the sampling loop: it must run however busy the cooperative pool is.
final class SamplerThread: Sendable {
    private let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    /// Starts the thread; false when the system refuses one.
    func start() -> Bool {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                let me = Unmanaged<SamplerThread>.fromOpaque(raw).takeRetainedValue()
                me.body()
                return nil
            }, box.toOpaque())
        guard created == 0 else {
            box.release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}
