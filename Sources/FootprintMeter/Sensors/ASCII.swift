/// Parsing of the kernel's ASCII number formats straight from bytes: the sampler must not
/// allocate strings ten times a second.
enum ASCII {
    static let space: UInt8 = 0x20, newline: UInt8 = 0x0A, tab: UInt8 = 0x09

    /// The unsigned decimal integer at the start of `bytes` (after blanks), or nil.
    static func unsigned(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        var seen = false
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(UInt64(byte - 0x30))
                if o1 || o2 { return nil }
                value = plus
                seen = true
            } else if !seen && (byte == space || byte == tab) {
                continue
            } else {
                break
            }
        }
        return seen ? value : nil
    }

    /// `a × b`, or nil past UInt64: a corrupt or hostile file must not stop the sampler.
    static func product(_ a: UInt64, _ b: UInt64) -> UInt64? {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : value
    }

    /// The sum of `values`, or nil past UInt64.
    static func sum(_ values: UInt64...) -> UInt64? {
        var total: UInt64 = 0
        for value in values {
            let (next, overflow) = total.addingReportingOverflow(value)
            if overflow { return nil }
            total = next
        }
        return total
    }

    /// The whitespace-separated fields of one line.
    static func fields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        line.split(whereSeparator: { $0 == space || $0 == tab })
    }

    /// The lines of a file's contents.
    static func lines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        bytes.split(separator: newline)
    }

    /// Whether `bytes` starts with `prefix`.
    static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        return prefix.withUTF8Buffer { expected in
            zip(bytes.prefix(count), expected).allSatisfy { $0 == $1 }
        }
    }
}
