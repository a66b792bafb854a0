import FootprintCore
import Testing

@Suite struct TimeTextTests {
    @Test(arguments: [
        ("2026-11-30T14:00Z", 1_796_047_200.0),
        ("2026-11-30T14:00:00Z", 1_796_047_200.0),
        ("2026-11-30 14:00:00", 1_796_047_200.0),
        ("2026-11-30T15:00:00+01:00", 1_796_047_200.0),
        ("2026-11-30T09:00-0500", 1_796_047_200.0),
        ("2026-11-30", 1_795_996_800.0),
        ("1970-01-01T00:00:00Z", 0.0),
        ("2024-02-29T00:00:00.5Z", 1_709_164_800.5)
    ])
    func instantsReadAsSecondsSince1970(text: String, seconds: Double) {
        #expect(TimeText.instant(text) == seconds)
    }

    @Test(arguments: [
        "", "yesterday", "2026-02-29", "2026-13-01", "2026-11-31", "2026-11-30T24:00Z", "2026-11-30T14:60Z",
        "1969-12-31", "2026-11-30T14:00Zjunk", "2026-11-30T14", "26-11-30"
    ])
    func anythingElseIsRefused(text: String) {
        #expect(TimeText.instant(text) == nil)
    }

    @Test(arguments: [
        ("6h", 21_600.0), ("90s", 90.0), ("45m", 2_700.0), ("2d", 172_800.0), ("1.5h", 5_400.0),
        ("1h30m", 5_400.0), ("3600", 3_600.0), (" 8h ", 28_800.0)
    ])
    func spansReadAsSeconds(text: String, seconds: Double) {
        #expect(TimeText.duration(text) == seconds)
    }

    @Test(arguments: ["", "h", "6x", "-1h", "6h-", "nan", "inf", "1e400h"])
    func badSpansAreRefused(text: String) {
        #expect(TimeText.duration(text) == nil)
    }
}
