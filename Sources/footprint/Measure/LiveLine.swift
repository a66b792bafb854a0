import FootprintCore
import FootprintMeter
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The one-line live display on stderr while a run goes: elapsed time, watts by component,
/// energy and CO2e so far, and the latest forecast of the whole run once there is one. Only on a
/// terminal, at most once a second.
final class LiveLine: Sendable {
    private let location: ResolvedLocation
    private let pue: PUE
    private let scope: Scope
    private let lastShown = Mutex<Double>(-1)
    private let forecast = Mutex<EpochForecast?>(nil)
    let enabled = isatty(STDERR_FILENO) == 1

    init(location: ResolvedLocation, pue: PUE, scope: Scope) {
        self.location = location
        self.pue = pue
        self.scope = scope
    }

    /// Shows `forecast` from the next update on.
    func show(_ forecast: EpochForecast) { self.forecast.withLock { $0 = forecast } }

    func update(_ interval: IntervalEnergy, _ totals: Sampler.Totals) {
        guard enabled else { return }
        let show = lastShown.withLock { last -> Bool in
            guard totals.duration - last >= 1 || last < 0 else { return false }
            last = totals.duration
            return true
        }
        guard show else { return }
        let pick = { (e: ComponentEnergy) in self.scope == .machine ? e.machine : e.attributed }
        let shown = Component.allCases.filter {
            $0.isReported(method: interval[$0].method, energy: interval[$0].machine)
        }
        let watts = shown.map { c -> String in
            let power = interval.duration > 0 ? pick(interval[c]).joules / interval.duration : 0
            return Self.reading(c, watts: power)
        }.joined(separator: " · ")
        let energy = pue.facilityEnergy(Component.allCases.reduce(Energy.zero) { $0 + pick(totals[$1]) })
        let outlook = forecast.withLock { $0 }.map { " │ " + ForecastText.live($0, elapsed: totals.duration) } ?? ""
        let text =
            "\r\u{1B}[2K⏱ \(Duration.seconds(totals.duration)) │ \(watts) │ \(energy) │ \(location.intensity.emissions(for: energy))\(outlook)"
        _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }

    /// One component's power for the line, in Power's own units: an idle component reads
    /// "RAM 621 µW", not "RAM 6.21e-04 W".
    static func reading(_ component: Component, watts: Double) -> String {
        "\(component.rawValue.uppercased()) \(Power(watts: watts))"
    }

    func clear() {
        guard enabled, lastShown.withLock({ $0 >= 0 }) else { return }
        _ = "\r\u{1B}[2K".withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
