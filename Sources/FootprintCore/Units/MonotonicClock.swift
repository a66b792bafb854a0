#if canImport(Glibc)
import Glibc
#endif

/// The monotonic clock, in seconds from an arbitrary start: for intervals (sample lengths, run
/// durations, deadlines, benchmark timings), never for dates (``Timestamp/now()`` is the wall clock).
///
/// It reads Linux's `CLOCK_MONOTONIC`, the clock Swift's `SuspendingClock` reads there. The wall
/// clock (`CLOCK_REALTIME`) steps when NTP or an administrator sets the time, so an interval could
/// come out negative or hours long, and a sample's energy would be divided by it. `CLOCK_MONOTONIC`
/// is never stepped: NTP only slews its rate by a few parts per million, which keeps it in SI
/// seconds (`CLOCK_MONOTONIC_RAW` is not corrected for the crystal's drift). `CLOCK_BOOTTIME`
/// (`ContinuousClock`) also counts time suspended, when neither the sampler nor the work it
/// measures runs: an interval across a suspend would spread its energy over hours the machine
/// was asleep. Read through the vDSO, it costs no system call.
public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
