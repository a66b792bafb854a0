/// Reads the protobuf wire format (Google's encoding of protocol buffers) field by field over bytes
/// it does not own and never copies: a length-delimited field is handed on as a range of the same
/// buffer, so that an initializer's weights are skipped by moving an index, not read.
///
/// Every read is bounds-checked; a field that runs past its message, a varint longer than ten
/// bytes or a wire type the format does not have throws ``WireError``.
struct WireReader {
    /// The kinds of field encoding on the wire.
    enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    /// One field: its number, how it is encoded, and its value: the number for varints and fixed
    /// widths, the byte range for length-delimited fields.
    struct Field {
        var number: Int
        var wireType: WireType
        var value: UInt64
        var range: Range<Int>
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int

    /// A reader of `range` of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    /// A reader of a nested message: the range of a length-delimited field.
    func nested(_ field: Field) -> WireReader { WireReader(bytes, range: field.range) }

    var isAtEnd: Bool { position >= end }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(WireError) -> Field? {
        guard position < end else { return nil }
        let start = position
        let key = try varint()
        guard let wireType = WireType(rawValue: key & 7) else {
            throw WireError(offset: start, problem: "wire type \(key & 7) that protobuf does not have")
        }
        let number = key >> 3
        guard number > 0, number <= 536_870_911 else {
            throw WireError(offset: start, problem: "field number \(number) out of range")
        }
        switch wireType {
        case .varint:
            let value = try varint()
            return Field(number: Int(number), wireType: wireType, value: value, range: position..<position)
        case .fixed64:
            let value = try fixed(8)
            return Field(number: Int(number), wireType: wireType, value: value, range: position..<position)
        case .fixed32:
            let value = try fixed(4)
            return Field(number: Int(number), wireType: wireType, value: value, range: position..<position)
        case .lengthDelimited:
            let length = try varint()
            guard length <= UInt64(end - position) else {
                throw WireError(
                    offset: start, problem: "a field of \(length) bytes where only \(end - position) remain")
            }
            let range = position..<(position + Int(length))
            position = range.upperBound
            return Field(number: Int(number), wireType: wireType, value: length, range: range)
        }
    }

    /// A base-128 varint of at most ten bytes.
    mutating func varint() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = position
        while true {
            guard position < end else { throw WireError(offset: start, problem: "a number that breaks off") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw WireError(offset: start, problem: "a number longer than ten bytes") }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func fixed(_ width: Int) throws(WireError) -> UInt64 {
        guard end - position >= width else {
            throw WireError(offset: position, problem: "a \(width * 8)-bit value that breaks off")
        }
        var result: UInt64 = 0
        for index in 0..<width { result |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += width
        return result
    }

    /// The UTF-8 text of a length-delimited field, invalid sequences and control characters replaced
    /// by U+FFFD: names from the file go into one-line messages and tables.
    func string(_ field: Field) throws(WireError) -> String {
        guard field.wireType == .lengthDelimited else { throw mismatch(field, "text") }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.range]), as: UTF8.self)
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? "\u{FFFD}" : $0 }))
    }

    /// A signed 64-bit integer (int64/int32 fields: two's complement in a varint).
    func int(_ field: Field) throws(WireError) -> Int64 {
        guard field.wireType == .varint else { throw mismatch(field, "a number") }
        return Int64(bitPattern: field.value)
    }

    /// The integers of a repeated int64/int32 field, packed or one per field; `into` collects them.
    func ints(_ field: Field, into values: inout [Int64], limit: Int = .max) throws(WireError) {
        switch field.wireType {
        case .varint:
            values.append(Int64(bitPattern: field.value))
        case .lengthDelimited:
            var packed = nested(field)
            while !packed.isAtEnd {
                guard values.count < limit else { return }
                values.append(Int64(bitPattern: try packed.varint()))
            }
        default:
            throw mismatch(field, "numbers")
        }
    }

    /// The floats of a repeated float field (4 bytes each, little-endian), packed or one per field.
    func floats(_ field: Field, into values: inout [Double], limit: Int = .max) throws(WireError) {
        switch field.wireType {
        case .fixed32:
            values.append(Double(Float(bitPattern: UInt32(truncatingIfNeeded: field.value))))
        case .lengthDelimited:
            guard field.range.count % 4 == 0 else { throw mismatch(field, "4-byte floats") }
            var packed = nested(field)
            while !packed.isAtEnd {
                guard values.count < limit else { return }
                values.append(Double(Float(bitPattern: UInt32(truncatingIfNeeded: try packed.fixed(4)))))
            }
        default:
            throw mismatch(field, "floats")
        }
    }

    /// A field's bytes as little-endian integers of `width` bytes (raw_data of a small int tensor).
    func littleEndian(_ range: Range<Int>, width: Int, signed: Bool) -> [Int64] {
        stride(from: range.lowerBound, to: range.upperBound - width + 1, by: width).map { start in
            var value: UInt64 = 0
            for index in 0..<width { value |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
            guard signed, width < 8 else { return Int64(bitPattern: value) }
            let shift = UInt64(64 - 8 * width)
            return Int64(bitPattern: value << shift) >> Int64(shift)
        }
    }

    private func mismatch(_ field: Field, _ expected: String) -> WireError {
        WireError(offset: field.range.lowerBound, problem: "field \(field.number) does not hold \(expected)")
    }
}

/// A protobuf that cannot be read: where it breaks and how.
struct WireError: Error {
    /// Byte offset in the file.
    var offset: Int
    /// What was found, in words.
    var problem: String
}
