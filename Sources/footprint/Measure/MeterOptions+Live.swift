import FootprintCore
import FootprintMeter

extension MeterOptions {
    /// The live line of a measuring command (none with --quiet), wired into `configuration`: each
    /// interval updates it, and each forecast shows in it on a terminal, or as a line of its own
    /// elsewhere (a log).
    func liveLine(for configuration: inout RunMeter.Configuration, scope: Scope) -> LiveLine? {
        guard !quiet else { return nil }
        let display = LiveLine(location: configuration.location, pue: configuration.pue, scope: scope)
        configuration.observer = { interval, totals in display.update(interval, totals) }
        configuration.forecastObserver = { forecast in
            if display.enabled {
                display.show(forecast)
            } else {
                Terminal.standardError("footprint: " + ForecastText.update(forecast))
            }
        }
        return display
    }
}
