import Foundation
import Testing

/// DESIGN.md's module table ("lower rows never import higher rows"), checked against every
/// `import` under Sources/ and every target dependency in Package.swift, so that a module reaching
/// up the table fails here with the file and the import, not months later as a tangle.
@Suite struct LayeringTests {
    /// What each module under Sources/ may import: the modules below it in DESIGN's table, and the
    /// platform modules it needs. The executable may import everything and has no row.
    static let rules: [String: Set<String>] = [
        "FootprintCore": ["Foundation", "Glibc"],
        "FootprintSystem": ["Glibc"],
        "FootprintMeter": [
            "FootprintCore", "FootprintSystem", "CFootprintSystem", "Foundation", "Glibc", "Synchronization"
        ],
        "FootprintLedger": ["FootprintCore", "FootprintSystem", "GRDB", "Foundation", "Glibc", "Synchronization"],
        // The ledger's PostgreSQL backend: Ledger's row, a module of its own so that the SQLite
        // ledger never builds NIO and BoringSSL.
        "FootprintPostgres": [
            "FootprintCore", "FootprintLedger", "FootprintSystem", "PostgresNIO", "NIOCore", "NIOPosix", "NIOSSL",
            "Logging", "Foundation", "Glibc", "Synchronization"
        ],
        // Time-resolved intensity sources and planning: Core's vocabulary, an HTTP client.
        "FootprintGrid": [
            "FootprintCore", "AsyncHTTPClient", "NIOCore", "NIOPosix", "NIOHTTP1", "NIOFoundationCompat", "Logging",
            "Foundation", "Glibc", "Synchronization"
        ],
        "FootprintReport": ["FootprintCore", "Foundation"],
        "FootprintModels": ["FootprintCore", "Foundation"],
        "FootprintLab": [
            "FootprintCore", "FootprintModels", "FootprintMeter", "FootprintSystem", "FootprintLabFMA",
            "CFootprintSystem", "Foundation", "Glibc", "Synchronization", "Dispatch"
        ],
        "FootprintLabFMA": [],
        "FootprintServer": [
            "FootprintCore", "FootprintMeter", "FootprintLedger", "FootprintReport", "Hummingbird", "Logging",
            "Prometheus", "Glibc", "Synchronization", "Dispatch", "Foundation"
        ],
        "EmbedResourcesTool": ["Foundation"]
    ]

    static let executable = "footprint"

    @Test func everyImportUnderSourcesIsOneDesignsTableAllows() throws {
        let modules = try Self.sourceModules()
        #expect(modules.contains("FootprintCore"), "no modules found under \(Self.root.path)/Sources")
        var violations: [String] = []
        for module in modules where module != Self.executable {
            guard let allowed = Self.rules[module] else {
                violations.append("Sources/\(module) has no row in LayeringTests.rules: add one from DESIGN.md's table")
                continue
            }
            for found in try Self.imports(of: module) where !allowed.contains(found.module) {
                violations.append(
                    "\(found.file):\(found.line) imports \(found.module), which DESIGN.md's table does not let \(module) import"
                )
            }
        }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test func packageTargetDependenciesAgreeWithTheImports() throws {
        let dependencies = try Self.targetDependencies()
        #expect(dependencies[Self.executable] != nil, "no \(Self.executable) target read from Package.swift")
        let projectModules = Set(dependencies.keys).union(dependencies.values.flatMap { $0 })
        var violations: [String] = []
        for module in try Self.sourceModules() {
            guard let declared = dependencies[module] else {
                violations.append("Sources/\(module) is not a target in Package.swift")
                continue
            }
            if module != Self.executable, let allowed = Self.rules[module] {
                for dependency in declared.sorted() where !allowed.contains(dependency) {
                    violations.append(
                        "Package.swift: \(module) depends on \(dependency), which DESIGN.md's table does not let it import"
                    )
                }
            }
            // A module reached only through another target's dependency builds today and breaks
            // when that target drops it.
            for found in try Self.imports(of: module)
            where projectModules.contains(found.module) && !declared.contains(found.module) {
                violations.append(
                    "\(found.file):\(found.line) imports \(found.module), which \(module) does not list in Package.swift"
                )
            }
        }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    // MARK: - Reading the package

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The folders under Sources/ that hold Swift files.
    static func sourceModules() throws -> [String] {
        let sources = root.appendingPathComponent("Sources")
        return try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted().filter {
            !swiftFiles(in: sources.appendingPathComponent($0)).isEmpty
        }
    }

    static func swiftFiles(in folder: URL) -> [URL] {
        let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (walk?.allObjects ?? []).compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            .sorted { $0.path < $1.path }
    }

    struct Import {
        var file: String
        var line: Int
        var module: String
    }

    /// Every `import` line of the module's Swift files, whatever `#if` surrounds it: a branch not
    /// compiled here is still code someone builds.
    static func imports(of module: String) throws -> [Import] {
        var found: [Import] = []
        for file in swiftFiles(in: root.appendingPathComponent("Sources/\(module)")) {
            let relative = String(file.path.dropFirst(root.path.count + 1))
            let lines = try String(contentsOf: file, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() {
                if let name = importedModule(line) {
                    found.append(Import(file: relative, line: index + 1, module: name))
                }
            }
        }
        return found
    }

    /// The module of an import declaration (`@testable import A`, `import struct A.B`), or nil.
    static func importedModule(_ line: Substring) -> String? {
        let modifiers: Set<Substring> = ["public", "package", "internal", "fileprivate", "private"]
        let kinds: Set<Substring> = ["struct", "class", "enum", "protocol", "typealias", "func", "var", "let"]
        var words = line.split(whereSeparator: \.isWhitespace)[...]
        while let first = words.first, first.hasPrefix("@") || modifiers.contains(first) { words = words.dropFirst() }
        guard words.first == "import" else { return nil }
        words = words.dropFirst()
        if let kind = words.first, kinds.contains(kind) { words = words.dropFirst() }
        guard let path = words.first, let name = path.split(separator: ".").first else { return nil }
        return String(name)
    }

    /// Each target's dependencies in Package.swift (targets by name, products by product name).
    static func targetDependencies() throws -> [String: Set<String>] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
            .joined(separator: "\n")
        var result: [String: Set<String>] = [:]
        for opening in [".target(", ".executableTarget(", ".testTarget("] {
            var rest = manifest[...]
            while let start = rest.range(of: opening) {
                let call = balanced(rest[start.lowerBound...], open: "(", close: ")")
                rest = rest[start.upperBound...]
                guard let name = firstString(after: "name:", in: call) else { continue }
                var dependencies: Set<String> = []
                if let list = call.range(of: "dependencies:") {
                    var array = balanced(call[list.upperBound...], open: "[", close: "]")
                    // `.product(name: "GRDB", package: "GRDB.swift")`: the product's name is the module.
                    while let package = array.range(of: "package:") {
                        let end = stringEnd(after: package.upperBound, in: array)
                        array = array[..<package.lowerBound] + array[end...]
                    }
                    dependencies = Set(strings(in: array))
                }
                result[name] = dependencies
            }
        }
        return result
    }

    /// `text` from its first `open` to the matching `close`, string literals skipped.
    static func balanced(_ text: Substring, open: Character, close: Character) -> Substring {
        var depth = 0
        var inString = false
        guard let first = text.firstIndex(of: open) else { return "" }
        var index = first
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" {
                inString.toggle()
            } else if !inString && character == open {
                depth += 1
            } else if !inString && character == close {
                depth -= 1
                if depth == 0 { return text[first...index] }
            }
            index = text.index(after: index)
        }
        return text[first...]
    }

    static func strings(in text: Substring) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    static func firstString(after label: String, in text: Substring) -> String? {
        guard let range = text.range(of: label) else { return nil }
        return strings(in: text[range.upperBound...]).first
    }

    /// Just past the string literal that follows `index`.
    static func stringEnd(after index: Substring.Index, in text: Substring) -> Substring.Index {
        guard let open = text[index...].firstIndex(of: "\""),
            let close = text[text.index(after: open)...].firstIndex(of: "\"")
        else { return text.endIndex }
        return text.index(after: close)
    }
}
