import Foundation

/// Named tensors in the safetensors layout (Hugging Face, 2022), which PyTorch users load with the
/// `safetensors` library: an unsigned 64-bit little-endian length N, N bytes of a JSON header that
/// maps each tensor's name to its `dtype`, `shape` and `data_offsets` (begin and end, in bytes from
/// the start of the data that follows the header) and may hold `__metadata__` (strings only), then
/// the tensors' values, little-endian, in C (row-major) order.
///
/// The reader treats the file as hostile: the header length is bounded by the file and by
/// ``maximumHeaderBytes``; every range lies inside the data, matches its dtype and shape, and the
/// ranges tile the data without overlap or gap, as the library itself requires. A file that fails
/// any check is a ``SafeTensorsError``, never a read out of bounds.
public struct SafeTensors: Sendable, Equatable {
    /// The element types the format names, with their widths.
    public enum DType: String, Sendable, CaseIterable {
        case bool = "BOOL", u8 = "U8", i8 = "I8", f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
        case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
        case i32 = "I32", u32 = "U32", f32 = "F32"
        case i64 = "I64", u64 = "U64", f64 = "F64"

        /// Bytes per element.
        public var width: Int {
            switch self {
            case .bool, .u8, .i8, .f8e5m2, .f8e4m3: 1
            case .i16, .u16, .f16, .bf16: 2
            case .i32, .u32, .f32: 4
            case .i64, .u64, .f64: 8
            }
        }
    }

    /// One tensor of a file: where its bytes are, and how to read them.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let dtype: DType
        /// Outermost dimension first, as PyTorch's and NumPy's shapes.
        public let shape: [Int]
        /// Its bytes, counted from the start of the data after the header.
        public let bytes: Range<Int>
        /// Number of elements (1 for a scalar, whose shape is empty).
        public var count: Int { shape.reduce(1, *) }
    }

    /// A tensor to write: 32-bit floats in C order.
    public struct Tensor: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]

        /// - Precondition: `values.count` is the product of `shape`.
        public init(name: String, shape: [Int], values: [Float]) {
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// The largest header read: the `safetensors` library's own limit. A real header is a few
    /// kilobytes to a few megabytes; a length past this is a damaged or hostile file.
    public static let maximumHeaderBytes = 100_000_000

    /// `__metadata__`: free-form strings.
    public let metadata: [String: String]
    /// The tensors, in the order of their bytes in the file.
    public let entries: [Entry]
    /// The bytes after the header.
    private let data: ArraySlice<UInt8>

    /// The tensor named `name`, if the file has one.
    public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The values of a 32-bit float tensor; nil for any other dtype.
    public func floats(_ entry: Entry) -> [Float]? {
        guard entry.dtype == .f32 else { return nil }
        let start = data.startIndex + entry.bytes.lowerBound
        return data[start..<data.startIndex + entry.bytes.upperBound].withUnsafeBytes { raw in
            (0..<entry.count).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }

    // MARK: - Reading

    /// Reads and checks a whole file's bytes.
    /// - Throws: ``SafeTensorsError`` naming the first problem found.
    public init(parsing bytes: [UInt8]) throws(SafeTensorsError) {
        guard bytes.count >= 8 else {
            throw SafeTensorsError(
                "\(bytes.count) bytes, shorter than the 8-byte header length a safetensors file starts with",
                reason: .truncated)
        }
        let length = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(Self.maximumHeaderBytes) else {
            throw SafeTensorsError(
                "the header length, \(length) bytes, is past the 100,000,000 a safetensors file may have",
                reason: .headerTooLarge)
        }
        let headerEnd = 8 + Int(length)
        guard headerEnd <= bytes.count else {
            throw SafeTensorsError(
                "the header length says \(length) bytes, but only \(bytes.count - 8) follow", reason: .truncated)
        }
        let header = Array(bytes[8..<headerEnd])
        guard header.first == UInt8(ascii: "{") else {
            throw SafeTensorsError(
                "the header does not start with '{': not a safetensors file", reason: .notSafeTensors)
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(header))
        } catch {
            let place = JSONSyntax.firstProblem(in: header).map {
                ": line \($0.line), column \($0.column): \($0.message)"
            }
            throw SafeTensorsError("the header is not valid JSON" + (place ?? ""), reason: .invalidHeader)
        }
        if let duplicate = JSONSyntax.firstDuplicateKey(in: header) {
            throw SafeTensorsError(
                "the header: line \(duplicate.line), column \(duplicate.column): \(duplicate.message)",
                reason: .invalidHeader)
        }
        guard case .object(let fields) = value else {
            throw SafeTensorsError("the header is \(value.kind), not a JSON object", reason: .invalidHeader)
        }
        data = bytes[headerEnd...]
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
            if name == "__metadata__" {
                metadata = try Self.metadata(field)
            } else {
                entries.append(try Self.entry(name, field, dataCount: data.count))
            }
        }
        self.metadata = metadata
        self.entries = try Self.tiled(entries, dataCount: data.count)
    }

    private static func metadata(_ field: JSONValue) throws(SafeTensorsError) -> [String: String] {
        guard case .object(let pairs) = field else {
            throw SafeTensorsError("__metadata__ is \(field.kind), not an object of strings", reason: .invalidHeader)
        }
        var metadata: [String: String] = [:]
        for (key, value) in pairs {
            guard case .string(let text) = value else {
                throw SafeTensorsError(
                    "__metadata__ \(JSONStringLiteral.quoted(key)) is \(value.kind); metadata holds strings only",
                    reason: .invalidHeader)
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func entry(_ name: String, _ field: JSONValue, dataCount: Int) throws(SafeTensorsError) -> Entry {
        let quoted = Format.clipped(JSONStringLiteral.quoted(name), to: 80)
        guard case .object(let keys) = field else {
            throw SafeTensorsError("tensor \(quoted) is \(field.kind), not an object", reason: .invalidHeader)
        }
        guard case .string(let rawType)? = keys["dtype"] else {
            throw SafeTensorsError("tensor \(quoted) has no dtype string", reason: .invalidHeader)
        }
        guard let dtype = DType(rawValue: rawType) else {
            throw SafeTensorsError(
                "tensor \(quoted) has dtype \(Format.clipped(JSONStringLiteral.quoted(rawType), to: 40)), "
                    + "not one of \(DType.allCases.map(\.rawValue).joined(separator: ", "))", reason: .unknownDType)
        }
        guard case .array(let rawShape)? = keys["shape"], rawShape.count <= 64,
            case .array(let rawOffsets)? = keys["data_offsets"], rawOffsets.count == 2
        else {
            throw SafeTensorsError(
                "tensor \(quoted) needs a shape (an array of sizes) and data_offsets ([begin, end])",
                reason: .invalidHeader)
        }
        var shape: [Int] = []
        for raw in rawShape {
            guard let size = wholeNumber(raw) else {
                throw SafeTensorsError(
                    "tensor \(quoted) has a shape of \(JSONValue.array(rawShape).quoted): sizes are whole numbers "
                        + "from 0", reason: .invalidHeader)
            }
            shape.append(size)
        }
        guard let begin = wholeNumber(rawOffsets[0]), let end = wholeNumber(rawOffsets[1]), begin <= end else {
            throw SafeTensorsError(
                "tensor \(quoted) has data_offsets \(JSONValue.array(rawOffsets).quoted): two whole numbers, "
                    + "begin before end", reason: .invalidHeader)
        }
        guard end <= dataCount else {
            throw SafeTensorsError(
                "tensor \(quoted) lies at bytes \(begin) to \(end), past the \(dataCount) bytes of data: "
                    + "the file is truncated or its header is wrong", reason: .outOfRange)
        }
        // The element count times the width, overflow checked: a huge shape cannot wrap to a small size.
        var size = dtype.width
        for dimension in shape {
            let (product, overflow) = size.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw SafeTensorsError("tensor \(quoted) has a shape too large to address", reason: .sizeMismatch)
            }
            size = product
        }
        guard size == end - begin else {
            throw SafeTensorsError(
                "tensor \(quoted): shape \(shape) of \(dtype.rawValue) takes \(size) bytes, "
                    + "but its data_offsets span \(end - begin)", reason: .sizeMismatch)
        }
        return Entry(name: name, dtype: dtype, shape: shape, bytes: begin..<end)
    }

    /// A whole number from 0 up to 2⁵³ (where a JSON number stops holding every integer).
    private static func wholeNumber(_ value: JSONValue) -> Int? {
        guard case .number(let number) = value, number >= 0, number <= 9_007_199_254_740_992,
            number == number.rounded()
        else { return nil }
        return Int(number)
    }

    /// `entries` in file order, checked to cover the data exactly: one after the other from byte
    /// 0 to the end, no overlap (two tensors sharing bytes), no gap (bytes no tensor owns).
    private static func tiled(_ entries: [Entry], dataCount: Int) throws(SafeTensorsError) -> [Entry] {
        let ordered = entries.sorted {
            ($0.bytes.lowerBound, $0.bytes.upperBound) < ($1.bytes.lowerBound, $1.bytes.upperBound)
        }
        var end = 0
        var previous: Entry?
        for entry in ordered {
            let quoted = Format.clipped(JSONStringLiteral.quoted(entry.name), to: 80)
            if entry.bytes.lowerBound < end, let previous {
                throw SafeTensorsError(
                    "tensors \(Format.clipped(JSONStringLiteral.quoted(previous.name), to: 80)) and \(quoted) "
                        + "overlap (bytes \(entry.bytes.lowerBound) to \(min(end, entry.bytes.upperBound)))",
                    reason: .overlapping)
            }
            if entry.bytes.lowerBound > end {
                throw SafeTensorsError(
                    "no tensor holds bytes \(end) to \(entry.bytes.lowerBound) of the data, before \(quoted)",
                    reason: .gap)
            }
            end = entry.bytes.upperBound
            previous = entry
        }
        guard end == dataCount else {
            throw SafeTensorsError(
                "no tensor holds the last \(dataCount - end) bytes of the data", reason: .gap)
        }
        return ordered
    }

    // MARK: - Writing

    /// The file holding `tensors` (32-bit floats, one after the other in the order given) and
    /// `metadata`. The header is padded with spaces to a multiple of 8 bytes, so that the data
    /// starts aligned for a reader that maps the file.
    /// - Precondition: names are unique, and each tensor's values fill its shape.
    public static func encode(_ tensors: [Tensor], metadata: [String: String]) -> [UInt8] {
        var header = "{"
        if !metadata.isEmpty {
            header += "\"__metadata__\":{"
            header += metadata.keys.sorted().map {
                JSONStringLiteral.quoted($0) + ":" + JSONStringLiteral.quoted(metadata[$0] ?? "")
            }.joined(separator: ",")
            header += "}"
        }
        var offset = 0
        for tensor in tensors {
            let end = offset + tensor.values.count * 4
            header += (header.count > 1 ? "," : "") + JSONStringLiteral.quoted(tensor.name)
            header += ":{\"dtype\":\"F32\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],"
            header += "\"data_offsets\":[\(offset),\(end)]}"
            offset = end
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        headerBytes += repeatElement(UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes += $0 }
        bytes += headerBytes
        for tensor in tensors {
            for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        }
        return bytes
    }
}

/// A safetensors file that cannot be read: damaged, truncated, or not the format at all.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, to match on.
    public enum Reason: Sendable, Equatable {
        /// The file ends before its header does.
        case truncated
        /// The header length is past ``SafeTensors/maximumHeaderBytes``.
        case headerTooLarge
        /// The header does not start as a safetensors header does.
        case notSafeTensors
        /// The header is not JSON, or not the objects the format has.
        case invalidHeader
        /// A dtype the format does not have.
        case unknownDType
        /// A tensor's byte range does not match its dtype and shape.
        case sizeMismatch
        /// A tensor's bytes lie past the end of the file.
        case outOfRange
        /// Two tensors share bytes.
        case overlapping
        /// Bytes of the data that no tensor holds.
        case gap
    }

    public let reason: Reason
    /// What is wrong, for the user.
    public let message: String

    public init(_ message: String, reason: Reason) {
        self.message = message
        self.reason = reason
    }

    public var description: String { message }
}
