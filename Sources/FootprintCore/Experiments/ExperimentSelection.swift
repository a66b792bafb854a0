extension ExperimentName {
    /// The word that selects every experiment.
    public static let everyExperiment = "all"

    /// The experiments `names` select, in suite order, each once: the fixed names, or `all` for
    /// every one. Refuses an empty list (``InvalidInput/Reason/usage``) and an unknown name
    /// (``InvalidInput/Reason/unknownName``, with the closest name when one is near and the list of
    /// valid ones), before anything runs.
    public static func selection(_ names: [String]) throws(InvalidInput) -> [ExperimentName] {
        guard !names.isEmpty else {
            throw InvalidInput(.usage, "name one or more experiments (\(namesList)), or \(everyExperiment)")
        }
        var chosen = Set<ExperimentName>()
        for name in names {
            if name == everyExperiment { return allCases }
            guard let experiment = ExperimentName(rawValue: name) else {
                let near = allCases.compactMap { candidate in
                    ClosestMatch.suggestionDistance(name, candidate.rawValue).map { (candidate, $0) }
                }.min { $0.1 < $1.1 }
                throw InvalidInput(
                    .unknownName,
                    "unknown experiment '\(name)'"
                        + (near.map { " (did you mean \($0.0.rawValue)?)" } ?? "")
                        + "; the experiments are \(namesList), or \(everyExperiment)")
            }
            chosen.insert(experiment)
        }
        return allCases.filter(chosen.contains)
    }
}
