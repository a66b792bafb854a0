import FootprintCore
import FootprintMeter

/// The lines `footprint attach --json` writes as things happen, before its summary: a program that
/// started it (the Python package) reads them as they come.
enum AttachEvent {
    /// `{"event":"attached",…}`: the run is recorded and its task channel listens.
    struct Attached: Encodable {
        let event = "attached"
        let runID: String
        let pid: Int32
        let meterPID: Int32
        let tasks: String
        let name: String

        enum CodingKeys: String, CodingKey {
            case event, runID = "run_id", pid, meterPID = "meter_pid", tasks, name
        }
    }

    /// `{"event":"forecast",…}`: a forecast as it is made, with the keys of one of the summary's `predictions`.
    struct Forecast: Encodable {
        let forecast: ForecastJSON

        enum CodingKeys: String, CodingKey { case event }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("forecast", forKey: .event)
            try forecast.encode(to: encoder)
        }
    }
}
