import Foundation

/// footprint's configuration files: `./footprint.toml`, then `$XDG_CONFIG_HOME/footprint/config.toml`
/// (or `~/.config/footprint/config.toml`); the first file wins over the second, the environment
/// over both, and flags over everything.
///
/// The files use the flat part of TOML that footprint needs: `key = value` lines (bare or quoted
/// keys) with one-line strings (basic, with TOML's escapes, or literal) and numbers, `#` comments, CRLF
/// or LF line ends, and an optional `[footprint]` table. Text keys take strings, number keys numbers.
///
/// ```toml
/// country = "DE"        # or region = "US-CA", cloud = "aws:eu-west-1", intensity = 350
/// pue = 1.2             # or a preset: "google"
/// interval = 0.5
/// cpu_tdp = 95
/// project = "thesis"
/// ```
public enum ConfigFile {
    /// The keys a file may set, and the environment variables that set them too.
    public static let keys: [String: String] = [
        "country": "FOOTPRINT_COUNTRY", "region": "FOOTPRINT_REGION", "cloud": "FOOTPRINT_CLOUD",
        "intensity": "FOOTPRINT_INTENSITY", "pue": "FOOTPRINT_PUE", "interval": "FOOTPRINT_INTERVAL",
        "cpu_tdp": "FOOTPRINT_CPU_TDP", "project": "FOOTPRINT_PROJECT", "data_dir": "FOOTPRINT_DATA_DIR",
        // The intensity sources' credentials, under the names their providers document.
        "electricitymaps_api_key": "ELECTRICITYMAPS_API_KEY", "watttime_username": "WATTTIME_USERNAME",
        "watttime_password": "WATTTIME_PASSWORD"
    ]

    /// The files consulted, most important first.
    public static func paths(workingDirectory: String, environment: [String: String]) -> [String] {
        let configHome =
            Host.xdgFolder("XDG_CONFIG_HOME", environment: environment)
            ?? Host.homeFolder(environment: environment) + "/.config"
        return [workingDirectory + "/footprint.toml", configHome + "/footprint/config.toml"]
    }

    /// A file's path as the user would write it: `./footprint.toml` for the project file, `~/…` under
    /// the home folder.
    static func displayPath(_ path: String, workingDirectory: String, environment: [String: String]) -> String {
        if path == workingDirectory + "/footprint.toml" { return "./footprint.toml" }
        if let home = environment["HOME"], !home.isEmpty, home != "/", path.hasPrefix(home + "/") {
            return "~" + path.dropFirst(home.count)
        }
        return path
    }

    /// The settings of the environment and the files, layer by layer, each with its origin. A file
    /// that is not there is skipped; one that is there but cannot be read (a folder, a FIFO, no
    /// permission) is an error.
    /// - Throws: ``InvalidInput`` naming the file and line of anything it cannot read.
    public static func settings(
        _ environment: [String: String],
        workingDirectory: String = FileManager.default.currentDirectoryPath
    )
        throws(InvalidInput) -> SettingLayers
    {
        var fromEnvironment: [String: Setting] = [:]
        for (key, variable) in keys {
            if let value = environment[variable], !value.isEmpty {
                fromEnvironment[key] = Setting(key: key, value: value, origin: .environment(variable))
            }
        }
        var layers = [fromEnvironment]
        for path in paths(workingDirectory: workingDirectory, environment: environment) {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            let shown = displayPath(path, workingDirectory: workingDirectory, environment: environment)
            // A settings file that exists but cannot be read would otherwise be skipped without a word,
            // and every figure would silently come from somewhere else.
            if isFolder.boolValue {
                throw InvalidInput(.unusableFile, "\(shown) is a folder, not a settings file; move it aside")
            }
            let data: Data
            do {
                // FileProblem.read refuses a FIFO or a device, which would block the read or never end.
                data = try FileProblem.read(path)
            } catch  where error.reason == .notARegularFile {
                throw InvalidInput(
                    .unusableFile,
                    "\(shown) is not a regular file (a FIFO or a device), not a settings file; move it aside")
            } catch {
                throw InvalidInput(.unusableFile, "\(shown) cannot be read; check its permissions, or move it aside")
            }
            var layer: [String: Setting] = [:]
            for entry in try parse(String(decoding: data, as: UTF8.self), path: shown) {
                layer[entry.key] = Setting(
                    key: entry.key, value: entry.value,
                    origin: .file(path: shown, key: entry.key, line: entry.line))
            }
            layers.append(layer)
        }
        return SettingLayers(layers: layers)
    }

    /// The environment with the files' settings filled in beneath it, for readers that only need a
    /// value and not where it came from (a data folder, say).
    /// - Throws: ``InvalidInput`` naming the file and line of anything it cannot read.
    public static func effectiveEnvironment(
        _ environment: [String: String],
        workingDirectory: String = FileManager.default.currentDirectoryPath
    )
        throws(InvalidInput) -> [String: String]
    {
        var merged = environment
        let layers = try settings(environment, workingDirectory: workingDirectory)
        for (key, variable) in keys where merged[variable] == nil || merged[variable] == "" {
            if let setting = layers[key] { merged[variable] = setting.value }
        }
        return merged
    }

    /// One `key = value` line of a file.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: String
        public var line: Int
    }

    /// Parses one file into its settings, in file order.
    /// - Throws: ``InvalidInput`` naming `path` and the line: syntax, unknown keys, a value of the
    ///   wrong type, and a key set twice (which TOML forbids, and which would leave the reader
    ///   guessing which one counts).
    public static func parse(_ text: String, path: String) throws(InvalidInput) -> [Entry] {
        var result: [Entry] = []
        var firstLine: [String: Int] = [:]
        var tableSeen = false
        // A byte-order mark some editors write is not part of the first key.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        // By Character: CRLF, which TOML allows and Windows editors write, is one Character, never "\n".
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let at = "\(path):\(number + 1)"
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let header = stripComment(line).trimmingCharacters(in: .whitespaces)
                guard header.hasSuffix("]") else { throw InvalidInput(.malformed, "\(at): a table header ends with ]") }
                let table = String(header.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                guard table == "footprint" else {
                    throw InvalidInput(
                        .unknownName,
                        "\(at): unknown table [\(Format.oneLine(table))]; settings go at the top or under [footprint]")
                }
                guard !tableSeen else { throw InvalidInput(.duplicate, "\(at): [footprint] appears twice; keep one") }
                tableSeen = true
                continue
            }
            var reader = TOMLLine(line[...], at: at)
            let key = try reader.key()
            guard let kind = kinds[key] else {
                throw InvalidInput(
                    .unknownName,
                    "\(at): unknown setting \(Format.quoted(key)); known: " + keys.keys.sorted().joined(separator: ", ")
                )
            }
            try reader.equals()
            let value = try reader.value()
            try reader.end()
            if let first = firstLine[key] {
                throw InvalidInput(.duplicate, "\(at): '\(key)' is already set on line \(first); keep one")
            }
            firstLine[key] = number + 1
            try kind.check(value, key: key, at: at)
            result.append(Entry(key: key, value: value.text, line: number + 1))
        }
        return result
    }

    /// What each key takes: text (a place, a name, a folder), a number, or either (a PUE or its preset).
    enum Kind {
        case text, number, numberOrText

        /// Refuses a value of a type the key never takes: `project = true`, `country = 5`, `project = ""`.
        func check(_ value: TOMLLine.Value, key: String, at: String) throws(InvalidInput) {
            switch (self, value.type) {
            case (_, .boolean):
                throw InvalidInput(.malformed, "\(at): \(key) takes \(description), not true or false")
            case (.text, .number):
                throw InvalidInput(
                    .malformed, "\(at): \(key) takes text in quotes, e.g. \(key) = \"\(value.text)\", not a number")
            case (.text, .string), (.numberOrText, .string):
                if value.text.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw InvalidInput(.malformed, "\(at): \(key) is empty; give it a value or delete the line")
                }
            default:
                break
            }
        }

        var description: String {
            switch self {
            case .text: "text in quotes"
            case .number: "a number"
            case .numberOrText: "a number or a preset's name in quotes"
            }
        }
    }

    static let kinds: [String: Kind] = [
        "country": .text, "region": .text, "cloud": .text, "project": .text, "data_dir": .text,
        "electricitymaps_api_key": .text, "watttime_username": .text, "watttime_password": .text,
        "intensity": .number, "interval": .number, "cpu_tdp": .number, "pue": .numberOrText
    ]

    /// Drops a `#` comment that is not inside a string.
    static func stripComment(_ line: String) -> String {
        var quote: Character?
        for (offset, character) in line.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                return String(line.prefix(offset))
            }
        }
        return line
    }
}
