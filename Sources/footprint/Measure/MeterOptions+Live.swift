import FootprintCore
import FootprintMeter

extension MeterOptions {
    /// A command on one line, whatever newlines a script argument holds: the default name of the run
    /// that measures it (`run`, `attach`), and how the live line and summary show it.
    static func oneLine(_ command: [String]) -> String {
        command.joined(separator: " ").split(whereSeparator: \.isNewline).joined(separator: " ")
    }

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
