import FootprintCore

/// One JSON object of a spec (a layer, a graph node), read key by key with errors that name the
/// place in the file (`layers[2].units (layer 3, dense)`) and quote what was found.
///
/// Every key must be claimed: ``checkKeys(_:)`` refuses any the object has beyond those its type
/// takes, naming it and listing the valid ones, so a misspelt or unsupported key (`"groups"` where
/// none is read) can never be ignored and leave a plausible wrong count.
public struct SpecFields: Sendable {
    /// The object's keys and values.
    public let object: [String: JSONValue]
    /// Where the object is in the file, e.g. `layers[2]` or `nodes[5] ("res2a")`.
    public let path: String
    /// Its type as written, lower-cased (`conv2d`), for messages.
    public let type: String
    /// Where it is in the model, said beside its type: `layer 3` in the sequential form, the node's
    /// name in the graph form; nil when the path says enough.
    public let label: String?

    /// The largest whole number a spec may give a size (units, filters, a dimension, a kernel).
    public static let maximumDimension = ModelSpec.maximumDimension

    /// Wraps an object found at `path`.
    public init(_ object: [String: JSONValue], path: String, type: String, label: String? = nil) {
        self.object = object
        self.path = path
        self.type = type
        self.label = label
    }

    /// "layers[2].units (layer 3, conv2d)": the place of a key, for messages.
    public func place(_ key: String) -> String { "\(path).\(key) \(aside)" }

    /// "(layer 3, conv2d)": the label and type said after a path.
    public var aside: String { "(" + (label.map { $0 + ", " } ?? "") + type + ")" }

    /// Refuses the first key (in sorted order) that is not in `allowed`, listing those that are.
    public func checkKeys(_ allowed: [String]) throws(ModelError) {
        guard let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) else { return }
        throw ModelError(
            .unknownKey,
            "\(path) \(aside) has an unknown key \"\(unknown)\"; \(type) takes "
                + allowed.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    /// Whether the object gives `key`.
    public func has(_ key: String) -> Bool { object[key] != nil }

    /// A whole number in `range`; `default` when the key is absent, an error naming it when there
    /// is no default.
    public func int(
        _ key: String, default fallback: Int? = nil, in range: ClosedRange<Int> = 1...maximumDimension
    ) throws(ModelError) -> Int {
        guard let raw = object[key] else {
            if let fallback { return fallback }
            throw ModelError(.invalidValue, "\(path) \(aside) needs \"\(key)\"")
        }
        return try Self.whole(raw, in: range, at: place(key))
    }

    /// `count` whole numbers in `range`, given as one number (the same for every dimension, as
    /// `"kernel": 3`) or as an array of exactly `count` (`"kernel": [1, 7]`).
    public func ints(
        _ key: String, count: Int, default fallback: [Int]? = nil, in range: ClosedRange<Int> = 1...maximumDimension
    ) throws(ModelError) -> [Int] {
        switch object[key] {
        case nil:
            if let fallback { return fallback }
            throw ModelError(.invalidValue, "\(path) \(aside) needs \"\(key)\"")
        case .array(let items)?:
            guard items.count == count else {
                throw ModelError(
                    .invalidValue,
                    "\(place(key)) must be one number or \(count) numbers; got \(JSONValue.array(items).quoted)")
            }
            var values: [Int] = []
            for (index, item) in items.enumerated() {
                values.append(try Self.whole(item, in: range, at: "\(place(key))[\(index)]"))
            }
            return values
        case let raw?:
            return Array(repeating: try Self.whole(raw, in: range, at: place(key)), count: count)
        }
    }

    /// A number in `range` (a rate, an epsilon, a scale).
    public func number(
        _ key: String, default fallback: Double? = nil, in range: ClosedRange<Double>
    ) throws(ModelError)
        -> Double
    {
        guard let raw = object[key] else {
            if let fallback { return fallback }
            throw ModelError(.invalidValue, "\(path) \(aside) needs \"\(key)\"")
        }
        guard case .number(let value) = raw, range.contains(value) else {
            throw ModelError(
                .invalidValue,
                "\(place(key)) must be a number from \(Format.significant(range.lowerBound)) to "
                    + "\(Format.significant(range.upperBound)); got \(raw.quoted)")
        }
        return value
    }

    /// true or false.
    public func bool(_ key: String, default fallback: Bool) throws(ModelError) -> Bool {
        guard let raw = object[key] else { return fallback }
        guard case .bool(let flag) = raw else {
            throw ModelError(.invalidValue, "\(place(key)) must be true or false; got \(raw.quoted)")
        }
        return flag
    }

    /// One of `choices` (compared lower-cased), returned lower-cased.
    public func string(
        _ key: String, oneOf choices: [String], default fallback: String? = nil
    ) throws(ModelError)
        -> String
    {
        guard let raw = object[key] else {
            if let fallback { return fallback }
            throw ModelError(.invalidValue, "\(path) \(aside) needs \"\(key)\"")
        }
        guard case .string(let text) = raw, choices.contains(text.lowercased()) else {
            throw ModelError(
                .invalidValue, "\(place(key)) must be one of \(choices.joined(separator: ", ")); got \(raw.quoted)")
        }
        return text.lowercased()
    }

    private static func whole(_ raw: JSONValue, in range: ClosedRange<Int>, at place: String) throws(ModelError) -> Int
    {
        guard case .number(let number) = raw, number == number.rounded(), number >= Double(range.lowerBound),
            number <= Double(range.upperBound)
        else {
            throw ModelError(
                .invalidValue,
                "\(place) must be a whole number from \(grouped(range.lowerBound)) to \(grouped(range.upperBound)); "
                    + "got \(raw.quoted)")
        }
        return Int(number)
    }

    private static func grouped(_ value: Int) -> String { Format.fixed(Double(value), decimals: 0) }
}
