import FootprintCore
import FootprintSystem
import Foundation

/// CSV records read one at a time from a file (or bytes), in CodeCarbon's dialect: RFC 4180
/// quoting, quoted newlines, CRLF or LF, a UTF-8 BOM. Memory stays flat in the file's size: one
/// 64 KiB buffer and the record being read. Input that is not CSV text (a NUL byte, invalid UTF-8,
/// a record longer than any CSV row) stops the read at once, so 50 MB of random bytes costs a
/// few kilobytes.
struct CSVStream: ~Copyable {
    /// Why a stream stopped: the reason to match on and the line it stopped at.
    struct Failure: Error, Sendable, Hashable {
        enum Reason: Sendable, Hashable {
            /// The file could not be read further; the errno says why.
            case readFailed(Errno)
            case notUTF8
            /// A NUL byte: a binary file.
            case nulByte
            /// A record longer than ``CSVStream/maximumRecordBytes``.
            case recordTooLong
            case unterminatedQuote
        }

        var line: Int
        var reason: Reason

        /// What is wrong, after "line N", for a CodeCarbon emissions.csv.
        var message: String { message(file: "a CodeCarbon emissions.csv", row: "a CodeCarbon row") }

        /// What is wrong, after "line N", for a file that should be `file` (its rows `row`).
        func message(file: String, row: String) -> String {
            switch reason {
            case .readFailed(let code): "read failed: \(code)"
            case .notUTF8: "is not UTF-8 text; \(file) is"
            case .nulByte: "holds a NUL byte: this is a binary file, not a CSV"
            case .recordTooLong:
                "is longer than \(CSVStream.maximumRecordBytes / 1024) KiB: this is not \(row)"
            case .unterminatedQuote: "has a quoted field that never ends"
            }
        }
    }

    /// The longest record read: CodeCarbon's rows are under 1 KB; a longer one is not a CSV row.
    static let maximumRecordBytes = 64 * 1024

    private let descriptor: Int32
    private let owned: Bool
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var atStart = true
    private var line = 1

    /// Reads the regular file at `path`; a folder, FIFO or device is refused before it is opened
    /// (a FIFO would block the open until a writer came, a device might never end). A folder's
    /// refusal asks for `expected` ("the emissions.csv file itself").
    init(path: String, expected: String = "the emissions.csv file itself") throws(LedgerError) {
        func refusal(_ reason: FileProblem.Reason) -> LedgerError {
            let problem = FileProblem(path: path, access: .read, reason: reason)
            return LedgerError(
                .badImport, reason == .isDirectory ? problem.statement + "; give \(expected)" : problem.description)
        }
        do {
            try FileProblem.refuseIrregular(path)
        } catch {
            throw refusal(error.reason)
        }
        // Non-blocking, so that a FIFO put in its place since the look above is not waited on either.
        let fd: Int32
        switch SystemCalls.system.openFile(path, [.readOnly, .closeOnExec, .nonBlocking]) {
        case .success(let opened): fd = opened
        case .failure(let failure):
            let problem = FileProblem(
                POSIXError(POSIXErrorCode(rawValue: failure.rawValue) ?? .EIO), path: path, access: .read)
            throw LedgerError(.badImport, problem.description)
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            _ = SystemCalls.system.close(fd)
            throw refusal((info.st_mode & S_IFMT) == S_IFDIR ? .isDirectory : .notARegularFile)
        }
        descriptor = fd
        owned = true
        buffer = [UInt8](repeating: 0, count: 64 * 1024)
    }

    /// Reads bytes held in memory (tests, small inputs).
    init(bytes: [UInt8]) {
        descriptor = -1
        owned = false
        buffer = bytes
        end = bytes.count
    }

    deinit {
        if owned { _ = SystemCalls.system.close(descriptor) }
    }

    private mutating func nextByte() throws(Failure) -> UInt8? {
        if position == end {
            guard descriptor >= 0 else { return nil }
            let fd = descriptor
            let read = buffer.withUnsafeMutableBytes { raw in
                retryingInterrupted { SystemCalls.system.read(fd, raw.baseAddress, raw.count) }
            }
            let count: Int
            switch read {
            case .success(let bytes): count = bytes
            case .failure(let failure): throw Failure(line: line, reason: .readFailed(failure))
            }
            guard count > 0 else { return nil }
            (position, end) = (0, count)
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// The next record, or nil at the end of the input. Blank lines are no records.
    mutating func next() throws(Failure) -> CSVRecord? {
        while true {
            switch try record() {
            case .end: return nil
            case .blank: continue
            case .record(var record):
                // A UTF-8 BOM, as Excel writes, decodes as U+FEFF at the start of the first field
                // (taken off there, so that a pipe's short first read cannot split it).
                if atStart, let first = record.fields.first, first.hasPrefix("\u{FEFF}") {
                    record.fields[0] = String(first.dropFirst())
                }
                atStart = false
                return record
            }
        }
    }

    private enum Read { case end, blank, record(CSVRecord) }

    private mutating func record() throws(Failure) -> Read {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, atFieldStart = true, size = 0
        let recordLine = line
        func finish(_ field: [UInt8]) throws(Failure) -> String {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw Failure(line: recordLine, reason: .notUTF8)
            }
            return text
        }
        while let byte = try nextByte() {
            size += 1
            guard byte != 0 else {
                throw Failure(line: line, reason: .nulByte)
            }
            guard size <= Self.maximumRecordBytes else {
                throw Failure(line: recordLine, reason: .recordTooLong)
            }
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if let after = try nextByte() {
                        if after == UInt8(ascii: "\"") { field.append(after); size += 1; continue }
                        position -= 1
                    }
                    quoted = false
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where atFieldStart:
                quoted = true
                atFieldStart = false
            case UInt8(ascii: ","):
                fields.append(try finish(field))
                field.removeAll(keepingCapacity: true)
                atFieldStart = true
            case UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "\n"):
                line += 1
                fields.append(try finish(field))
                if fields.count == 1 && fields[0].isEmpty { return .blank }
                return .record(CSVRecord(line: recordLine, fields: fields))
            default:
                field.append(byte)
                atFieldStart = false
            }
        }
        if quoted { throw Failure(line: recordLine, reason: .unterminatedQuote) }
        if field.isEmpty && fields.isEmpty { return .end }
        fields.append(try finish(field))
        return .record(CSVRecord(line: recordLine, fields: fields))
    }
}

/// One CSV record with the line it starts on (1-based).
struct CSVRecord: Sendable, Hashable {
    var line: Int
    var fields: [String]
}
