import FootprintCore

/// The fields of one Hugging Face `config.json`, read with the defaults of the family's
/// transformers configuration class and errors that name the field.
///
/// A config carries many keys Footprint has no use for (token ids, dropout, initialisation); those
/// are left alone. The keys that decide a size are read with their aliases (GPT-2's `n_embd` is
/// `hidden_size`) and each is bounded.
struct HFConfig: Sendable {
    /// The config's object.
    let fields: [String: JSONValue]
    /// `model_type`, as the family is named in messages.
    let family: String

    /// The largest width, vocabulary or position count a config may give.
    static let maximumSize = 100_000_000
    /// The most layers, heads or experts a config may give.
    static let maximumCount = 1_000_000

    /// The first of `keys` present and not null.
    func value(_ keys: [String]) -> (key: String, value: JSONValue)? {
        for key in keys {
            if let value = fields[key], value != .null { return (key, value) }
        }
        return nil
    }

    /// A whole number from 1 to `maximum` under the first of `keys` present, else `fallback`.
    /// - Throws: ``ModelError/Reason/invalidValue`` when it is missing without a fallback or not such a number.
    func int(_ keys: String..., default fallback: Int? = nil, maximum: Int = maximumSize) throws(ModelError) -> Int {
        guard let (key, value) = value(keys) else {
            if let fallback { return fallback }
            throw ModelError(
                .invalidValue,
                "model_type \"\(family)\" needs \"\(keys[0])\" (a whole number), the config does not give it")
        }
        guard case .number(let number) = value, number == number.rounded(), number >= 1,
            number <= Double(maximum)
        else {
            throw ModelError(
                .invalidValue,
                "\"\(key)\" must be a whole number from 1 to \(maximum); got \(value.quoted)")
        }
        return Int(number)
    }

    /// A boolean under the first of `keys` present, else `fallback`.
    func bool(_ keys: String..., default fallback: Bool) throws(ModelError) -> Bool {
        guard let (key, value) = value(keys) else { return fallback }
        guard case .bool(let flag) = value else {
            throw ModelError(.invalidValue, "\"\(key)\" must be true or false; got \(value.quoted)")
        }
        return flag
    }

    /// A string under the first of `keys` present, else `fallback`.
    func string(_ keys: String..., default fallback: String) throws(ModelError) -> String {
        guard let (key, value) = value(keys) else { return fallback }
        guard case .string(let text) = value else {
            throw ModelError(.invalidValue, "\"\(key)\" must be a string; got \(value.quoted)")
        }
        return text
    }

    /// The class named first in `architectures`, if any (clipped: it is shown as the model's name).
    var architecture: String? {
        if case .array(let names)? = fields["architectures"], case .string(let first)? = names.first {
            return Format.clipped(first, to: 80)
        }
        return nil
    }

    /// The number of labels of a classification head: `num_labels`, else the entries of `id2label`,
    /// else 2 (transformers' default).
    func labels() throws(ModelError) -> Int {
        if fields["num_labels"] != nil { return try int("num_labels", maximum: Self.maximumSize) }
        if case .object(let labels)? = fields["id2label"], !labels.isEmpty { return labels.count }
        return 2
    }
}

extension HFConfig {
    /// The width of one attention head, `hidden` ÷ `heads`, refused when it does not divide.
    func headWidth(hidden: Int, heads: Int, keys: (hidden: String, heads: String)) throws(ModelError) -> Int {
        guard hidden % heads == 0 else {
            throw ModelError(.invalidValue, "\(keys.hidden) \(hidden) is not a multiple of \(keys.heads) \(heads)")
        }
        return hidden / heads
    }
}
