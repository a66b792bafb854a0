import FootprintCore
import FootprintMeter
import Foundation
import Synchronization

extension MeasuredSession {
    /// Opens a task pipe whose `start NAME` and `stop NAME` lines become tasks of this run, for a
    /// child process to mark its own phases on (the PyTorch engine's script marks exactly its
    /// measured work): give the child ``ChildTaskMarks/path`` as `FOOTPRINT_TASKS`.
    /// - Throws: ``TaskChannelError`` when the pipe cannot be made or read.
    public func openTaskChannel() throws(TaskChannelError) -> ChildTaskMarks {
        try ChildTaskMarks(session: self)
    }
}

/// The phases a child process marks on a task pipe, measured by the session's meter; the process
/// that started the child reads each task's energy once its stop has reached the meter.
///
/// `Sendable`: the channel and session are; the book of marks is behind its own `Mutex`.
public final class ChildTaskMarks: Sendable {
    private let channel: TaskChannel
    private let session: MeasuredSession
    private let book = Book()

    /// What the marks said so far, shared with the pipe's reading thread.
    final class Book: Sendable {
        struct Marks {
            /// Tasks started and not yet stopped.
            var open: Set<String> = []
            /// Stops that reached the meter and were not yet asked for, by task name.
            var stopped: [String: Int] = [:]
        }
        let marks = Mutex(Marks())

        func withLock<T>(_ body: (inout Marks) -> T) -> T { marks.withLock { body(&$0) } }
    }

    init(session: MeasuredSession) throws(TaskChannelError) {
        self.session = session
        channel = try TaskChannel()
        do {
            try channel.listen(batches: { [book, session] events in
                // The meter first, so that a stop counted here has its energy there.
                session.apply(events)
                book.withLock { book in
                    for event in events {
                        switch event {
                        case .start(let name): book.open.insert(name)
                        case .stop(let name):
                            book.open.remove(name)
                            book.stopped[name, default: 0] += 1
                        case .epochs, .malformed: break
                        }
                    }
                }
            })
        } catch {
            channel.close()
            throw error
        }
    }

    /// Tasks the child has started and not stopped, as the meter has them.
    var openTasks: Set<String> { book.withLock { $0.open } }

    /// The pipe's path, for the child's `FOOTPRINT_TASKS`.
    public var path: String { channel.path }

    /// The energy of the task `name` once its stop has reached the meter (the pipe is read on a
    /// thread of its own, so the child may answer before its marks are applied); nil if no stop
    /// came within `timeout` seconds.
    public func phase(_ name: String, timeout: Double = 10) -> PhaseEnergy? {
        let deadline = monotonicSeconds() + timeout
        while true {
            let arrived = book.withLock { book in
                guard let count = book.stopped[name] else { return false }
                book.stopped[name] = count > 1 ? count - 1 : nil
                return true
            }
            if arrived { return session.phase(name, fallbackDuration: 0) }
            if monotonicSeconds() > deadline { return nil }
            usleep(200)
        }
    }

    /// Reads what is left in the pipe, ends the tasks the child started and never stopped (it was
    /// ended mid-task) where they are now, and removes the pipe.
    public func close() {
        channel.close()
        let open = book.withLock { book in
            defer { book.open = [] }
            return book.open.sorted()
        }
        if !open.isEmpty { session.apply(open.map { .stop($0) }) }
    }
}
