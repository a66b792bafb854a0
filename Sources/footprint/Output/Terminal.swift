import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Terminal output: plain text, with bold headings only on a terminal and never under NO_COLOR.
enum Terminal {
    static let styled: Bool = {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }()

    static func bold(_ text: String) -> String { styled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    static func dim(_ text: String) -> String { styled ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

    static func standardError(_ line: String) {
        StandardStreams.writeStandardError(line + "\n")
    }
}
