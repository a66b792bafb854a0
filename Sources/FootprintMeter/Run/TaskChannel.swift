import FootprintSystem
import Synchronization

#if canImport(Glibc)
import Glibc  // mkdtemp, mkfifo, unlink, rmdir
#endif

/// A named pipe that any program can mark phases on: one `start NAME` or `stop NAME` line per
/// write, e.g. `echo "start epoch 3" > "$FOOTPRINT_TASKS"`, and `epochs N` to announce the epochs.
///
/// footprint holds the pipe open for reading and writing, so writers never block on open and the
/// reader never sees end-of-file between writers; lines up to PIPE_BUF (4 KiB) arrive whole.
///
/// Checked `Sendable`: every stored property is a constant or an `Atomic`. The descriptor is read
/// by the channel's own thread and closed by `close()` only after that thread has drained.
public final class TaskChannel: Sendable {
    /// A phase event read from the pipe.
    public enum Event: Sendable, Hashable {
        case start(String)
        case stop(String)
        /// `epochs N`: the run's total epochs, announced by the program (see ``RunMeter/expectEpochs(_:)``).
        case epochs(Int)
        /// A line that is neither, reported to the user and otherwise ignored.
        case malformed(String)
    }

    /// The pipe's path, given to the command as `FOOTPRINT_TASKS`.
    public let path: String
    private let folder: String
    private let descriptor: Int32
    private let listening = Atomic<Bool>(false)
    private let drained = Atomic<Bool>(false)
    private static let quit = "\u{1}footprint-quit"

    /// Creates the pipe in a private folder made in `base` (by default `TMPDIR`, else /tmp). Lines
    /// written to it wait in the pipe until ``listen(_:)``: `footprint run` listens once the command
    /// has started and its run is recorded.
    /// - Throws: ``TaskChannelError`` saying which step failed.
    public init(in base: String = TaskChannel.temporaryFolder()) throws(TaskChannelError) {
        var template = Array("\(base)/footprint-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw TaskChannelError(.folderNotCreated, path: base, code: .current)
        }
        folder = String(cString: created)
        path = folder + "/tasks"
        guard mkfifo(path, 0o600) == 0 else {
            let code = Errno.current
            rmdir(folder)
            throw TaskChannelError(.pipeNotCreated, path: path, code: code)
        }
        switch SystemCalls.system.openFile(path, [.readWrite, .closeOnExec]) {
        case .success(let fd): descriptor = fd
        case .failure(let failure):
            unlink(path)
            rmdir(folder)
            throw TaskChannelError(.pipeNotOpened, path: path, code: failure)
        }
    }

    /// `TMPDIR` when it is an absolute path, else /tmp: an empty or relative TMPDIR is no folder to
    /// use ("" put the pipe at the root of the file system, or failed there for anyone but root).
    public static func temporaryFolder() -> String {
        getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
    }

    /// Creates the pipe and starts reading it.
    public convenience init(handler: @escaping @Sendable (Event) -> Void) throws(TaskChannelError) {
        try self.init()
        do {
            try listen(handler)
        } catch {
            close()
            throw error
        }
    }

    /// Starts reading the pipe on a thread of its own, `handler` taking each event in order.
    public func listen(_ handler: @escaping @Sendable (Event) -> Void) throws(TaskChannelError) {
        try listen(batches: { events in for event in events { handler(event) } })
    }

    /// Starts reading the pipe on a thread of its own, `handler` taking the events of each read
    /// together, in order: the lines that were waiting in the pipe at that moment.
    public func listen(batches handler: @escaping @Sendable ([Event]) -> Void) throws(TaskChannelError) {
        let fd = descriptor
        let thread = SamplerThread { [self] in
            defer { drained.store(true, ordering: .releasing) }
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4_096)
            // Inside a line longer than `longestLine`: its bytes are dropped up to its newline.
            var discarding = false
            reading: while true {
                let read = retryingInterrupted { SystemCalls.system.read(fd, &buffer, buffer.count) }
                guard case .success(let count) = read, count > 0 else { break }
                pending += buffer[0..<count]
                var events: [Event] = []
                var quit = false
                while let newline = pending.firstIndex(of: 0x0A) {
                    let bytes = pending[..<newline]
                    pending.removeSubrange(...newline)
                    if discarding {
                        discarding = false
                        continue
                    }
                    if bytes.count > Self.longestLine {
                        events.append(.malformed(Self.overlong(bytes)))
                        continue
                    }
                    let line = String(decoding: bytes, as: UTF8.self)
                    if line == Self.quit { quit = true; break }
                    if let event = Self.parse(line) { events.append(event) }
                }
                if pending.count > Self.longestLine {
                    if !discarding { events.append(.malformed(Self.overlong(pending[...]))) }
                    pending.removeAll()
                    discarding = true
                }
                if !events.isEmpty { handler(events) }
                if quit { break reading }
            }
        }
        guard !listening.exchange(true, ordering: .acquiringAndReleasing) else { return }
        guard thread.start() else {
            listening.store(false, ordering: .releasing)
            throw TaskChannelError(.readerNotStarted)
        }
    }

    /// The longest line taken: PIPE_BUF, the most one write delivers whole. A longer one is ignored
    /// with a note, so that a command writing without newlines cannot grow footprint's memory.
    static let longestLine = 4_096

    /// What a note shows of an over-long line: its start, and that it was too long.
    static func overlong(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix(40), as: UTF8.self) + "… (a line over \(longestLine) bytes)"
    }

    /// Parses one line; blank lines are nothing.
    public static func parse(_ line: String) -> Event? {
        let text = line.trimmingCharacters(in: " \t\r")
        if text.isEmpty { return nil }
        for (keyword, make) in [("start", Event.start), ("stop", Event.stop)] as [(String, (String) -> Event)] {
            if text.hasPrefix(keyword + " ") || text.hasPrefix(keyword + "\t") {
                let name = Substring(text.dropFirst(keyword.count)).trimmingCharacters(in: " \t")
                return name.isEmpty ? .malformed(line) : make(String(name))
            }
        }
        if text.hasPrefix("epochs ") || text.hasPrefix("epochs\t") {
            let number = Substring(text.dropFirst("epochs".count)).trimmingCharacters(in: " \t")
            // Digits only; a number too large for an Int is out of range all the same, and said so.
            guard !number.isEmpty, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return .malformed(line) }
            return .epochs(Int(number) ?? .max)
        }
        return .malformed(line)
    }

    /// Handles every line already written, then stops the reader and removes the pipe. Call it
    /// when the command has exited and before open tasks are closed, so that a last `stop` counts.
    public func close() {
        if listening.load(ordering: .acquiring) {
            // The newline first ends a last line written without one ("start x" from printf), which
            // then counts; without it the sentinel joined that line, was never seen, and close()
            // waited for the reader for ever.
            let line = "\n" + Self.quit + "\n"
            _ = line.withCString { text in
                retryingInterrupted { SystemCalls.system.write(descriptor, text, strlen(text)) }
            }
            // The sentinel comes after every earlier line: wait for the reader to reach it, however
            // long the backlog (a pipe holds up to 64 KiB, thousands of lines). A deadline here lost
            // every line behind it; a reader that cannot finish would hold up the sampler's stop too.
            while !drained.load(ordering: .acquiring) { usleep(100) }
        }
        _ = SystemCalls.system.close(descriptor)
        unlink(path)
        rmdir(folder)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        String(Substring(self).trimmingCharacters(in: set))
    }
}
