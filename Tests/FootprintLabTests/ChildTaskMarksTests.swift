import FootprintCore
import Foundation
import Testing

@testable import FootprintLab
@testable import FootprintMeter

@Suite struct ChildTaskMarksTests {
    /// Writes lines to the pipe as a child would: each line in one write.
    static func mark(_ lines: [String], on path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        for line in lines { handle.write(Data((line + "\n").utf8)) }
        try handle.close()
    }

    @Test func aChildsStopGivesTheTasksEnergyFromTheMeter() throws {
        let session = try MeasuredSessionTests.session()
        try session.start()
        let marks = try session.openTaskChannel()
        try Self.mark(["start train (1/3)", "stop train (1/3)"], on: marks.path)
        let phase = try #require(marks.phase("train (1/3)"))
        #expect(phase.name == "train (1/3)")
        // The meter reads once per batch of marks: at least one reading (25 J) between them.
        #expect((phase.components[.cpu]?.joules ?? 0) >= 0)
        #expect(phase.methods[.cpu] == .rapl)
        // A stop is taken once: asking again waits for another.
        #expect(marks.phase("train (1/3)", timeout: 0.05) == nil)
        marks.close()
        #expect(session.finish().tasks.map(\.name) == ["train (1/3)"])
    }

    @Test func aTaskTheChildNeverStoppedEndsWhenTheMarksClose() throws {
        let session = try MeasuredSessionTests.session()
        try session.start()
        let marks = try session.openTaskChannel()
        try Self.mark(["start cut short"], on: marks.path)
        #expect(marks.phase("cut short", timeout: 0.05) == nil)
        marks.close()
        let summary = session.finish()
        #expect(summary.tasks.map(\.name) == ["cut short"])
        #expect(!summary.notes.contains { $0.contains("stopped without a start") })
    }
}
