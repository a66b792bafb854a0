import FootprintCore

/// `--deadline` and `--not-before` as typed: an instant ("2026-11-30T14:00Z") or a span from now ("8h").
enum PlanTimes {
    /// The instant `text` names, seconds since 1970; a span counts from `now`.
    static func instant(_ text: String, flag: String, now: Double) throws -> Double {
        if let span = TimeText.duration(text) {
            try PlausibleRange.planHorizon.check(span, origin: flag)
            return now + span
        }
        guard let instant = TimeText.instant(text) else {
            throw InvalidInput(
                "\(flag) takes a time such as 2026-11-30T14:00Z or a span from now such as 8h; got \(Format.quoted(text))"
            )
        }
        if instant > now { try PlausibleRange.planHorizon.check(instant - now, origin: flag) }
        return instant
    }

    /// A job's length from `--duration` (plan) or `--expected-duration` (run --start best).
    static func length(_ text: String, flag: String = "--duration") throws -> Double {
        guard let seconds = TimeText.duration(text) else {
            throw InvalidInput("\(flag) takes a span such as 6h, 90m or 1h30m; got \(Format.quoted(text))")
        }
        return try PlausibleRange.jobLength.check(seconds, origin: flag)
    }
}
