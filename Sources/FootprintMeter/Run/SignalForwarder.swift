import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Passes SIGINT, SIGTERM, SIGHUP and SIGQUIT on to the tracked command.
///
/// The signals are blocked in every thread (``blockForwardedSignals()`` must run before any other
/// thread starts) and taken by one thread with `sigwaitinfo`. A signal the kernel raised for the
/// terminal (Ctrl-C, Ctrl-\, hang-up) already went to the whole foreground process group, the
/// command included, so only signals sent by another process (`kill`, `si_code` ≤ 0) are forwarded:
/// the command never sees one Ctrl-C twice.
public final class SignalForwarder: Sendable {
    /// The signals passed on.
    public static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    private let received = Mutex<[Int32]>([])

    /// Blocks the forwarded signals in the calling thread and every thread it starts from now on.
    public static func blockForwardedSignals() {
        var set = Self.signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Starts forwarding to `target` (called with each signal number) on a thread of its own.
    public init(to target: @escaping @Sendable (Int32) -> Void) {
        let thread = SamplerThread { [self] in
            var set = Self.signalSet()
            while true {
                var info = siginfo_t()
                let signal = sigwaitinfo(&set, &info)
                if signal < 0 { continue }
                received.withLock { $0.append(signal) }
                if info.si_code != Self.kernelOrigin { target(signal) }
            }
        }
        _ = thread.start()
    }

    /// The signals footprint received, in order.
    public var signalsReceived: [Int32] { received.withLock { $0 } }

    /// SI_KERNEL: raised by the kernel, here for the terminal.
    static let kernelOrigin: Int32 = 0x80

    static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in forwarded { sigaddset(&set, signal) }
        return set
    }
}
