import FootprintCore
import FootprintGrid

/// `footprint plan --json`: `best` and `now` windows, `saving_fraction`, `basis`, and how the job's
/// energy and each place's figures were found.
struct PlanJSON: Encodable {
    struct Window: Encodable {
        var location: String
        var locationName: String
        var start: String
        var end: String
        var intensityGPerKwh: Double
        var co2eKg: Double
        var basis: String
        var basisDetail: String

        init(_ window: PlannedWindow) {
            location = window.location
            locationName = window.locationName
            start = Timestamp.iso8601UTC(window.start)
            end = Timestamp.iso8601UTC(window.end)
            intensityGPerKwh = window.intensity.gramsPerKilowattHour
            co2eKg = window.emissions.kilograms
            basis = window.basis.name
            basisDetail = window.basis.label
        }

        enum CodingKeys: String, CodingKey {
            case location, start, end, basis
            case locationName = "location_name"
            case intensityGPerKwh = "intensity_g_per_kwh"
            case co2eKg = "co2e_kg"
            case basisDetail = "basis_detail"
        }
    }

    struct Place: Encodable {
        var code: String
        var basis: String
        var basisDetail: String

        enum CodingKeys: String, CodingKey {
            case code, basis
            case basisDetail = "basis_detail"
        }
    }

    var best: Window
    var now: Window
    var savingFraction: Double
    var savingKg: Double
    var basis: String
    var durationSeconds: Double
    var energyKwh: Double
    var energyBasis: String
    var locations: [Place]
    var notes: [String]

    init(_ plan: Plan, job: PlanJob, order: [String], notes: [String]) {
        best = Window(plan.best)
        now = Window(plan.now)
        savingFraction = plan.savingFraction
        savingKg = plan.now.emissions.kilograms - plan.best.emissions.kilograms
        basis = plan.basis.name
        durationSeconds = job.duration
        energyKwh = job.energy.kilowattHours
        energyBasis = job.energyBasis
        locations = order.compactMap { code in
            plan.bases[code].map { Place(code: code, basis: $0.name, basisDetail: $0.label) }
        }
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case best, now, basis, locations, notes
        case savingFraction = "saving_fraction"
        case savingKg = "saving_kg"
        case durationSeconds = "duration_s"
        case energyKwh = "energy_kwh"
        case energyBasis = "energy_basis"
    }
}
