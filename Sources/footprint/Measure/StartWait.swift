import FootprintCore
import FootprintMeter

#if canImport(Glibc)
import Glibc
#endif

/// Sleeping until an instant while the forwarded signals are blocked (as `run` blocks them before
/// anything else): each second the countdown is shown, and a signal ends the wait at once.
enum StartWait {
    /// Waits until `start` (seconds since 1970), calling `tick` with the seconds left about once a
    /// second; returns the signal that ended the wait early, or nil at the start.
    static func until(_ start: Double, tick: (Double) -> Void) -> Int32? {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in SignalForwarder.forwarded { sigaddset(&set, signal) }
        while true {
            let left = start - Timestamp.now()
            guard left > 0 else { return nil }
            tick(left)
            // Up to the next whole second of the countdown, so that it ticks evenly and ends on time.
            let fraction = left - left.rounded(.down)
            let step = fraction > 0.001 ? fraction : min(1, left)
            var timeout = timespec(tv_sec: Int(step), tv_nsec: Int((step - step.rounded(.down)) * 1e9))
            var info = siginfo_t()
            let signal = sigtimedwait(&set, &info, &timeout)
            if signal > 0 { return signal }
        }
    }
}
