import CFootprintSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// footprint's standard streams, made safe to write to whatever the caller did with them: closed
/// (`>&-`), on a full disk (`> /dev/full`), or a pipe whose reader has gone (`| head -1`).
enum StandardStreams {
    /// Opens `/dev/null` on each of descriptors 0–2 that footprint was started without, so that no
    /// file it opens later (a CSV file, the task pipe, a sensor) takes the number and receives the
    /// summary or errors meant for the terminal.
    static func ensureOpen() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            // The lowest free number is the one missing, so open fills it (the loop goes upwards).
            _ = open("/dev/null", O_RDWR)
        }
    }

    /// Whether footprint was started with SIGPIPE ignored, and from here on ignores it: a reader that
    /// goes away makes a write fail with EPIPE instead of killing footprint in the middle of a run
    /// (and the command with it). Evaluated once, at start-up, by `Main`.
    static let startedIgnoringBrokenPipes: Bool = footprint_ignore_broken_pipes() == 1

    /// The signals whose default a command that footprint runs gets back: SIGPIPE, unless footprint
    /// itself was started with it ignored, so that the command sees what it would without footprint.
    static var commandDefaults: [Int32] { startedIgnoringBrokenPipes ? [] : [SIGPIPE] }

    /// Writes `text` to stderr as it is, whatever becomes of it: an error message must never be what
    /// makes footprint fail (a closed or full stderr is the caller's choice).
    static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// `code`, once stdout has been flushed: output that could not be written (a full disk, an I/O
    /// error) is one line on stderr and turns success into failure (1). A reader that went away
    /// (`| head`) is not an error: it has what it wanted.
    static func exitCode(afterFlushing code: Int32) -> Int32 {
        let failure = footprint_flush_standard_output()
        if failure == 0 || failure == EPIPE { return code }
        let reason = failure < 0 ? "a write failed" : String(cString: strerror(failure))
        writeStandardError("error: cannot write the output to stdout: \(reason)\n")
        return code == 0 ? 1 : code
    }
}
