import Foundation

/// Processors Footprint knows: accelerators with datasheet figures, CPUs with their TDP.
public struct HardwareCatalog: Sendable {
    /// Every accelerator, in table order.
    public let accelerators: [Accelerator]
    /// Every CPU model.
    public let cpus: [CPUModel]
    private let acceleratorIndex: [String: Int]
    private let cpuIndex: CPUIndex

    /// The catalog built from the bundled tables.
    public static let bundled: HardwareCatalog = {
        do {
            return try HardwareCatalog(accelerators: loadAccelerators(), cpus: loadCPUs())
        } catch {
            // Compiled-in tables, checked by the tests: a failure here is a broken build.
            preconditionFailure("\(error)")
        }
    }()

    /// Builds a catalog from lists (tests use their own).
    public init(accelerators: [Accelerator], cpus: [CPUModel]) {
        var index: [String: Int] = [:]
        for (position, accelerator) in accelerators.enumerated() {
            for key in [accelerator.id, accelerator.name] + accelerator.aliases {
                index[Self.acceleratorKey(key)] = index[Self.acceleratorKey(key)] ?? position
            }
        }
        self.accelerators = accelerators
        self.cpus = cpus
        self.acceleratorIndex = index
        self.cpuIndex = CPUIndex(cpus)
    }

    /// Finds an accelerator by id, name or alias, ignoring case, spacing and vendor words.
    /// - Throws: ``UnknownHardware`` with the closest names.
    public func accelerator(_ query: String) throws(UnknownHardware) -> Accelerator {
        if let position = acceleratorIndex[Self.acceleratorKey(query)] { return accelerators[position] }
        throw UnknownHardware(query: query, suggestions: suggestions(for: query))
    }

    /// Finds a CPU model from a name as `/proc/cpuinfo` or a user writes it.
    ///
    /// Matches ignore vendor marks, "CPU", clock speeds and core counts, then prefer the model whose
    /// whole name appears in the query, the longest first ("Xeon Gold 6148" over "Xeon Gold 614").
    public func cpu(_ query: String) -> CPUModel? {
        cpuIndex.match(query).map { cpus[$0] }
    }

    /// Finds a CPU model in the bundled table without loading the catalog: the byte scan of
    /// ``CPUIndex`` over the embedded text, so that `footprint run` starts fast.
    public static func bundledCPU(_ query: String) -> CPUModel? {
        guard let text = EmbeddedResources.tables["cpus"] else { return nil }
        var candidates: [CPUModel] = []
        let wanted = Set(CPUIndex.tokens(query)).filter(CPUIndex.isModelNumber).map { Array($0.utf8) }
        guard !wanted.isEmpty, wanted.count <= CPUIndex.mostModelNumbers else { return nil }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard wanted.contains(where: { CPUIndex.contains(line, $0) }),
                let tab = line.lastIndex(of: "\t"), let watts = Double(line[line.index(after: tab)...])
            else { continue }
            candidates.append(CPUModel(name: String(line[..<tab]), tdp: .watts(watts)))
        }
        return CPUIndex(candidates).match(query).map { candidates[$0] }
    }

    /// Finds an accelerator or, failing that, a CPU.
    public func hardware(_ query: String) throws(UnknownHardware) -> Hardware {
        do {
            return .accelerator(try accelerator(query))
        } catch {
            if let cpu = cpu(query) { return .cpu(cpu) }
            throw error
        }
    }

    /// Up to `limit` accelerator and CPU names closest to `query`.
    public func suggestions(for query: String, limit: Int = 3) -> [String] {
        let needle = Self.acceleratorKey(query)
        // Everything is equally close to nothing: an empty name gets no guesses.
        if needle.isEmpty { return [] }
        var best: [(Int, String)] = []
        for accelerator in accelerators {
            let keys = [accelerator.id, accelerator.name] + accelerator.aliases
            guard
                let score = keys.compactMap({ ClosestMatch.suggestionDistance(needle, Self.acceleratorKey($0)) }).min()
            else { continue }
            best.append((score, accelerator.name))
        }
        var names = best.sorted { $0 < $1 }.prefix(limit).map(\.1)
        if names.count < limit {
            names += cpuIndex.nearest(query, limit: limit - names.count).map { cpus[$0].name }
        }
        return names
    }

    /// Lower case with vendor and form-factor words and all separators removed, so that
    /// "NVIDIA A100-SXM4-80GB" and "a100 sxm4 80gb" meet.
    static func acceleratorKey(_ text: String) -> String {
        var words = text.lowercased()
            .replacingOccurrences(of: "(r)", with: " ")
            .replacingOccurrences(of: "(tm)", with: " ")
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map(String.init)
        words.removeAll { ["nvidia", "geforce", "tesla", "amd", "instinct", "google", "radeon"].contains($0) }
        return words.joined()
    }
}

/// Either kind of processor the catalog holds.
public enum Hardware: Sendable, Hashable {
    case accelerator(Accelerator)
    case cpu(CPUModel)

    /// The processor's name.
    public var name: String {
        switch self {
        case .accelerator(let a): a.name
        case .cpu(let c): c.name
        }
    }

    /// Thermal design power.
    public var tdp: Power {
        switch self {
        case .accelerator(let a): a.tdp
        case .cpu(let c): c.tdp
        }
    }
}

/// A processor name Footprint does not know: the one way a look-up fails, so the type is what to
/// match on. Where to find the known names is the caller's to say.
public struct UnknownHardware: Error, CustomStringConvertible, Sendable {
    /// What the user asked for.
    public let query: String
    /// The closest known names.
    public let suggestions: [String]

    public init(query: String, suggestions: [String]) {
        self.query = query
        self.suggestions = suggestions
    }

    /// "unknown hardware 'gaudi 9'; did you mean gaudi2?": what was not found and the likely intent.
    public var description: String {
        let guess = suggestions.isEmpty ? "" : "; did you mean " + suggestions.joined(separator: ", ") + "?"
        return "unknown hardware \(Format.quoted(query))\(guess)"
    }
}
