import ArgumentParser
import FootprintCore
import FootprintGrid
import FootprintMeter
import Foundation

/// `footprint plan`: when and where a job emits the least, beside running it here and now.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Find the start time and place where a job emits the least CO2e.",
        discussion: """
            Each place is priced on the best it has: forecast readings that cover the whole span up to the \
            deadline, else the history profile (mean by hour of week of the last 8 weeks of actual readings in the \
            ledger; `footprint regions import` adds them), else its annual average, which leaves only the choice of \
            place. Marginal readings (WattTime) are never mixed with average intensities and are left out. Here is \
            the place --region, --country or --cloud names (else the system time zone's country); it is always \
            compared, and "now" is running there at once. The job's energy is --energy-kwh, else its length × \
            --power-watts, else its length × this machine's CPU at full load by the meter's load model; times PUE.
            """)

    @Option(help: ArgumentHelp("The job's length: 6h, 90m, 1h30m (at most 31 days).", valueName: "span"))
    var duration: String?

    @Option(help: ArgumentHelp("The job's energy in kWh (IT energy; PUE is applied).", valueName: "kwh"))
    var energyKwh: Double?

    @Option(help: ArgumentHelp("The job's mean power in watts, for its energy from --duration.", valueName: "watts"))
    var powerWatts: Double?

    @Option(
        help: ArgumentHelp(
            "Other places to compare, comma-separated: DE,FR,SE,aws:eu-north-1 (here is always compared).",
            valueName: "codes"))
    var locations: String?

    @Option(help: ArgumentHelp("The earliest start: 2026-11-30T14:00Z, or a span from now (2h).", valueName: "time"))
    var notBefore: String?

    @Option(
        help: ArgumentHelp(
            "When the job must be done: 2026-12-01T08:00Z, or a span from now (8h). Default: 24 h after the "
                + "earliest start plus the job's length.", valueName: "time"))
    var deadline: String?

    @OptionGroup var carbon: CarbonOptions
    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let now = Timestamp.now()
        let job = try jobInputs()
        let notBefore = try notBefore.map { try PlanTimes.instant($0, flag: "--not-before", now: now) }
        let earliest = max(now, notBefore ?? now)
        let deadline =
            try deadline.map { try PlanTimes.instant($0, flag: "--deadline", now: now) }
            ?? earliest + job.duration + 86_400
        let places = try PlanPlaces.resolve(here: try here(), others: locations)
        let readings = try PlanReadings(ledger: ledger)
        let environment = try carbon.environment
        let sourceSettings = IntensitySourceSettings(
            environment: environment, timeout: try IntensitySourceSettings.timeout(in: environment) ?? 2)
        let forecasts = PlanForecasts.fetch(places, provider: sourceSettings.averageProvider(store: readings.store))
        let locations = try zip(places, forecasts.readings).map { place, fetched in
            var location = try readings.location(place, now: now, deadline: deadline)
            // Fetched forecasts are newer than any kept for the same hours; the series cuts overlaps.
            location.readings = fetched + location.readings.filter { $0.kind != .forecast || fetched.isEmpty }
            return location
        }
        let request = PlanRequest(
            duration: job.duration, energy: job.energy, locations: locations, now: now, notBefore: notBefore,
            deadline: deadline)
        let plan: Plan
        do {
            plan = try Planner.plan(request)
        } catch {
            throw InvalidInput(error.message)
        }
        let notes = readings.notes + forecasts.notes + plan.notes
        let order = places.map(\.code)
        if json { return try JSONOutput.print(PlanJSON(plan, job: job, order: order, notes: notes)) }
        print(PlanText.render(plan, job: job, order: order, notes: notes))
    }

    /// Where "here" is: the place flags, variables or files name, else the system time zone's country.
    func here() throws -> ResolvedLocation {
        try carbon.location { .fromSystem(environment: ProcessInfo.processInfo.environment) }
    }

    /// The job's length and energy, checked, with how the energy was found.
    func jobInputs() throws -> PlanJob {
        guard let duration else {
            throw InvalidInput(
                "a plan needs the job's length: give --duration (6h, 90m)"
                    + (energyKwh == nil ? "" : "; --energy-kwh gives its energy, not how long it runs"))
        }
        let seconds = try PlanTimes.length(duration)
        if energyKwh != nil, powerWatts != nil {
            throw InvalidInput("give --energy-kwh or --power-watts, not both")
        }
        let facility = try carbon.facility(fallback: Facility(pue: .none, source: PUE.assumedSource))
        let pueText = facility.pue.value == 1 ? "" : " × PUE \(Format.significant(facility.pue.value))"
        if let energyKwh {
            try PlausibleRange.jobEnergy.check(energyKwh, origin: "--energy-kwh")
            let energy = facility.pue.facilityEnergy(.kilowattHours(energyKwh))
            return PlanJob(duration: seconds, energy: energy, energyBasis: "given by --energy-kwh" + pueText)
        }
        let power: Power
        let basis: String
        if let powerWatts {
            try PlausibleRange.jobPower.check(powerWatts, origin: "--power-watts")
            power = .watts(powerWatts)
            basis = "\(Duration.seconds(seconds)) × \(power) given by --power-watts"
        } else {
            let model = MachineDescription.detect(tdpOverride: nil).cpuPowerModel
            power = model.power(utilization: 1)
            basis =
                "\(Duration.seconds(seconds)) × \(power), this machine's CPU at full load (\(model.tdpSource); "
                + "Teads/SPECpower load curve); give --power-watts or --energy-kwh for a GPU job"
        }
        let energy = facility.pue.facilityEnergy(.joules(power.watts * seconds))
        return PlanJob(duration: seconds, energy: energy, energyBasis: basis + pueText)
    }
}

/// The job a plan is for.
struct PlanJob {
    var duration: Double
    /// At the facility, PUE included.
    var energy: Energy
    /// How the energy was found, for the output.
    var energyBasis: String
}
