import FootprintCore
import FootprintMeter
import Foundation
import Testing

@Suite struct TrackerTests {
    @Test func measuresTasksOfThisProcess() async throws {
        let tracker = try Tracker(
            Tracker.Options(
                name: "tracker test", interval: 0.05,
                location: .init(region: GridCatalog.bundled.region("PL")), recorder: nil))
        try tracker.start()
        let result = await tracker.measure("busy") { () -> Double in
            var x = 0.0
            let end = monotonicSeconds() + 0.15
            while monotonicSeconds() < end { x += sin(x) + 1 }
            return x
        }
        #expect(result > 0)
        let midway = tracker.snapshot()
        #expect(midway.status == .running)
        let summary = tracker.stop()
        #expect(summary.name == "tracker test")
        #expect(summary.location.code == "PL")
        let busy = try #require(summary.tasks.first)
        #expect(busy.name == "busy")
        #expect(busy.duration >= 0.14)
        #expect((busy.components[.cpu]?.joules ?? 0) > 0, "a busy loop in this process shows as process CPU energy")
        #expect(summary.duration >= busy.duration)
        #expect(summary.journal == nil)
    }

    @Test func aThrowingTaskStillEnds() async throws {
        struct Boom: Error {}
        let tracker = try Tracker(Tracker.Options(name: "t", interval: 0.05, location: .worldAverage, recorder: nil))
        try tracker.start()
        await #expect(throws: Boom.self) { try await tracker.measure("fails") { throw Boom() } }
        #expect(tracker.stop().tasks.map(\.name) == ["fails"])
    }

    /// A tracker that never started measured nothing: it leaves no journal, not a finished 0 s run.
    @Test func aTrackerStoppedBeforeItStartedRecordsNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-tracker-\(UUID().uuidString)"
        ).path
        let idle = try Tracker(
            Tracker.Options(
                name: "never started", interval: 0.05, location: .worldAverage,
                recorder: RunJournal(folder: folder)))
        _ = idle.stop()
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] == [])
        let started = try Tracker(
            Tracker.Options(
                name: "started", interval: 0.05, location: .worldAverage,
                recorder: RunJournal(folder: folder)))
        try started.start()
        _ = started.stop()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["\(started.runID).jsonl"])
    }
}
