import Foundation
import Synchronization
import Testing

@testable import FootprintMeter

/// What a command may write to its task pipe: a last line without a newline, a line with no end.
@Suite struct TaskPipeHostileTests {
    func write(_ text: String, to channel: TaskChannel) {
        let fd = open(channel.path, O_WRONLY)
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            bytes = bytes.dropFirst(written)
        }
        close(fd)
    }

    /// `printf "start x" > "$FOOTPRINT_TASKS"` once left the closing sentinel glued to that line:
    /// close() waited for the reader for ever and `footprint run` never ended.
    @Test(.timeLimit(.minutes(1)))
    func aLastLineWithoutANewlineCountsAndCloseReturns() throws {
        let events = Mutex<[TaskChannel.Event]>([])
        let channel = try TaskChannel { event in events.withLock { $0.append(event) } }
        write("start x", to: channel)
        channel.close()
        #expect(events.withLock { $0 } == [.start("x")])
    }

    /// Lines over PIPE_BUF are ignored with a note; a stream with no newline at all no longer grows
    /// footprint's memory, and the lines after it still count.
    @Test(.timeLimit(.minutes(1)))
    func overlongLinesAreIgnoredWithANote() throws {
        let events = Mutex<[TaskChannel.Event]>([])
        let channel = try TaskChannel { event in events.withLock { $0.append(event) } }
        write("start " + String(repeating: "a", count: 5_000) + "\nstart y\n", to: channel)
        write(String(repeating: "b", count: 100_000), to: channel)
        write("\nstop y\n", to: channel)
        write(String(repeating: "c", count: 10_000), to: channel)
        channel.close()
        let seen = events.withLock { $0 }
        #expect(seen.count == 5, "\(seen)")
        #expect(seen[1] == .start("y") && seen[3] == .stop("y"))
        for index in [0, 2, 4] {
            guard case .malformed(let text) = seen[index] else { Issue.record("\(seen[index])"); continue }
            #expect(text.hasSuffix("… (a line over 4096 bytes)") && text.count < 80, "\(text)")
        }
    }
}
