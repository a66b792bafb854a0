import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP turned into a request to stop at the next safe point,
/// instead of killing the process: the experiment runner polls ``isRequested`` between epochs and
/// passes, so what was measured is judged, stored and printed.
///
/// The signals are blocked in this thread (and so in every thread started after, the meter's
/// included) and taken by one thread with `sigwaitinfo`; ``install()`` must therefore run before
/// any other thread starts.
final class StopRequest: Sendable {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private let requested = Atomic<Bool>(false)
    /// The signal that asked, for the message.
    private let signal = Atomic<Int32>(0)

    private init() {}

    /// Blocks the signals and starts the thread that takes them.
    static func install() -> StopRequest {
        let request = StopRequest()
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let blocked = set
        let thread = Thread { [request] in
            var set = blocked
            while true {
                var info = siginfo_t()
                let taken = sigwaitinfo(&set, &info)
                guard taken > 0 else { continue }
                request.signal.store(taken, ordering: .relaxed)
                request.requested.store(true, ordering: .releasing)
            }
        }
        thread.start()
        return request
    }

    var isRequested: Bool { requested.load(ordering: .acquiring) }

    /// The signal's name ("Ctrl-C (SIGINT)").
    var signalName: String { Self.name(of: signal.load(ordering: .relaxed)) }

    /// A stopping signal's name for people ("Ctrl-C (SIGINT)").
    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "Ctrl-C (SIGINT)"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        case SIGQUIT: "SIGQUIT"
        default: "a stop request"
        }
    }
}
