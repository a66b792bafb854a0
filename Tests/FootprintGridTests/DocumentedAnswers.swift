/// Answers in the shapes the providers document, for the fixture servers. The clock of the tests
/// stands at 2026-11-30T12:00Z.
enum DocumentedAnswers {
    /// 2026-11-30T12:00:00Z.
    static let now = 1_796_040_000.0

    // Electricity Maps API v3 (docs: "Carbon intensity" endpoints).
    static let electricityMapsLatest = """
        {"zone": "DE", "carbonIntensity": 302, "datetime": "2026-11-30T12:00:00.000Z",
         "updatedAt": "2026-11-30T11:51:27.166Z", "createdAt": "2026-11-27T12:54:16.624Z",
         "emissionFactorType": "lifecycle", "isEstimated": true, "estimationMethod": "TIME_SLICER_AVERAGE"}
        """

    static func electricityMapsHistory(factor: String = "lifecycle") -> String {
        """
        {"zone": "DE", "history": [
          {"zone": "DE", "carbonIntensity": 310, "datetime": "2026-11-30T09:00:00.000Z", "updatedAt": "2026-11-30T10:40:12.000Z",
           "createdAt": "2026-11-27T09:00:00.000Z", "emissionFactorType": "\(factor)", "isEstimated": false, "estimationMethod": null},
          {"zone": "DE", "carbonIntensity": 305, "datetime": "2026-11-30T10:00:00.000Z", "updatedAt": "2026-11-30T11:40:12.000Z",
           "createdAt": "2026-11-27T10:00:00.000Z", "emissionFactorType": "\(factor)", "isEstimated": false, "estimationMethod": null},
          {"zone": "DE", "carbonIntensity": null, "datetime": "2026-11-30T11:00:00.000Z", "updatedAt": "2026-11-30T11:40:12.000Z",
           "createdAt": "2026-11-27T11:00:00.000Z", "emissionFactorType": "\(factor)", "isEstimated": null, "estimationMethod": null}
        ]}
        """
    }

    static let electricityMapsPastRange = """
        {"zone": "DE", "data": [
          {"zone": "DE", "carbonIntensity": 420, "datetime": "2026-11-20T00:00:00.000Z", "updatedAt": "2026-11-21T00:00:00.000Z",
           "createdAt": "2026-11-17T00:00:00.000Z", "emissionFactorType": "lifecycle", "isEstimated": false, "estimationMethod": null},
          {"zone": "DE", "carbonIntensity": 415, "datetime": "2026-11-20T01:00:00.000Z", "updatedAt": "2026-11-21T00:00:00.000Z",
           "createdAt": "2026-11-17T01:00:00.000Z", "emissionFactorType": "lifecycle", "isEstimated": false, "estimationMethod": null}
        ]}
        """

    static let electricityMapsForecast = """
        {"zone": "DE", "forecast": [
          {"carbonIntensity": 288, "datetime": "2026-11-30T13:00:00.000Z"},
          {"carbonIntensity": 251, "datetime": "2026-11-30T14:00:00.000Z"},
          {"carbonIntensity": 240, "datetime": "2026-11-30T15:00:00.000Z"}
        ], "updatedAt": "2026-11-30T11:50:00.000Z"}
        """

    // UK National Grid ESO Carbon Intensity API (carbon-intensity.github.io/api-definitions).
    static let ukCurrent = """
        {"data": [{"from": "2026-11-30T11:30Z", "to": "2026-11-30T12:00Z",
                   "intensity": {"forecast": 186, "actual": 190, "index": "moderate"}}]}
        """

    static let ukSpan = """
        {"data": [
          {"from": "2026-11-30T09:00Z", "to": "2026-11-30T09:30Z", "intensity": {"forecast": 200, "actual": 204, "index": "moderate"}},
          {"from": "2026-11-30T09:30Z", "to": "2026-11-30T10:00Z", "intensity": {"forecast": 195, "actual": null, "index": "moderate"}}
        ]}
        """

    static let ukForecast = """
        {"data": [
          {"from": "2026-11-30T12:00Z", "to": "2026-11-30T12:30Z", "intensity": {"forecast": 180, "actual": null, "index": "moderate"}},
          {"from": "2026-11-30T12:30Z", "to": "2026-11-30T13:00Z", "intensity": {"forecast": 120, "actual": null, "index": "low"}}
        ]}
        """

    static let ukRegionCurrent = """
        {"data": [{"regionid": 13, "dnoregion": "UKPN London", "shortname": "London",
                   "data": [{"from": "2026-11-30T11:30Z", "to": "2026-11-30T12:00Z",
                             "intensity": {"forecast": 172, "index": "moderate"},
                             "generationmix": [{"fuel": "gas", "perc": 38.1}, {"fuel": "wind", "perc": 30.2}]}]}]}
        """

    static let ukRegionForecast = """
        {"data": {"regionid": 13, "dnoregion": "UKPN London", "shortname": "London",
                  "data": [{"from": "2026-11-30T12:00Z", "to": "2026-11-30T12:30Z",
                            "intensity": {"forecast": 150, "index": "moderate"},
                            "generationmix": [{"fuel": "gas", "perc": 35.0}]}]}}
        """

    // WattTime API v3 (docs.watttime.org).
    static let wattTimeLogin = #"{"token": "fixture-token"}"#

    static let wattTimeForecast = """
        {"data": [{"point_time": "2026-11-30T12:00:00+00:00", "value": 870.0},
                  {"point_time": "2026-11-30T12:05:00+00:00", "value": 860.0}],
         "meta": {"data_point_period_seconds": 300, "region": "CAISO_NORTH", "signal_type": "co2_moer",
                  "units": "lbs_co2_per_mwh", "warnings": [], "generated_at_period_seconds": 300,
                  "generated_at": "2026-11-30T11:55:00+00:00", "model": {"date": "2026-10-01", "type": "binned_regression"}}}
        """

    static let wattTimeHistorical = """
        {"data": [{"point_time": "2026-11-30T11:50:00+00:00", "value": 900.0},
                  {"point_time": "2026-11-30T11:55:00+00:00", "value": 910.0}],
         "meta": {"data_point_period_seconds": 300, "region": "CAISO_NORTH", "signal_type": "co2_moer",
                  "units": "lbs_co2_per_mwh", "warnings": [], "model": {"date": "2026-10-01", "type": "binned_regression"}}}
        """

    static let wattTimeSignalIndex = """
        {"data": [{"point_time": "2026-11-30T11:55:00+00:00", "value": 64.0}],
         "meta": {"data_point_period_seconds": 300, "region": "CAISO_NORTH", "signal_type": "co2_moer",
                  "units": "percentile", "warnings": []}}
        """
}
