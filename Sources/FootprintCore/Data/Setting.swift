/// Where a setting's value came from: every figure's source line and every error about a value
/// names it, so that a number from `./footprint.toml` is never credited to a variable nobody set.
public enum SettingOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A command-line option, e.g. `--pue`.
    case flag(String)
    /// An environment variable, e.g. `FOOTPRINT_PUE`.
    case environment(String)
    /// A key in a configuration file: the file as the user would write its path, the key, and its line.
    case file(path: String, key: String, line: Int)

    /// "--pue", "FOOTPRINT_PUE" or "./footprint.toml: pue".
    public var description: String {
        switch self {
        case .flag(let name), .environment(let name): name
        case .file(let path, let key, _): "\(path): \(key)"
        }
    }
}

/// One setting's text and where it came from.
public struct Setting: Sendable, Hashable {
    /// The setting's name as a configuration file spells it ("pue", "cpu_tdp").
    public var key: String
    /// The value as given; strings unquoted.
    public var value: String
    public var origin: SettingOrigin

    public init(key: String, value: String, origin: SettingOrigin) {
        self.key = key
        self.value = value
        self.origin = origin
    }

    /// The value as a number.
    /// - Throws: ``InvalidInput`` (``InvalidInput/Reason/malformed``) naming the origin when the text
    ///   is not a number.
    public func number(of what: String) throws(InvalidInput) -> Double {
        guard let number = Double(value.trimmingCharacters(in: .whitespaces)) else {
            throw InvalidInput(.malformed, subject: "\(origin)", "must be \(what); got \(Format.quoted(value))")
        }
        return number
    }
}

/// The settings from the environment and the configuration files, layer by layer, most important
/// first: `FOOTPRINT_*` variables, then `./footprint.toml`, then the user's `config.toml`. Flags,
/// which win over all of them, are the command line's business.
public struct SettingLayers: Sendable {
    /// Each layer's settings by key.
    public let layers: [[String: Setting]]

    public init(layers: [[String: Setting]]) { self.layers = layers }

    /// The most important setting of `key`.
    public subscript(key: String) -> Setting? {
        for layer in layers { if let found = layer[key] { return found } }
        return nil
    }

    /// The settings among `keys` of the most important layer that sets any of them, in the order of
    /// `keys`: for alternatives such as the location, where a variable that names a country must
    /// replace a file's `intensity` whole, not be mixed with it.
    public func firstLayer(setting keys: [String]) -> [Setting] {
        for layer in layers {
            let found = keys.compactMap { layer[$0] }
            if !found.isEmpty { return found }
        }
        return []
    }
}
