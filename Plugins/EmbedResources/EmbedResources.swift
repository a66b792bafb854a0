import Foundation
import PackagePlugin

/// Compiles a target's `Resources/*.tsv` data tables and `Resources/*.py` scripts into Swift
/// string constants.
///
/// Footprint ships as one binary: a resource bundle beside it would break every copy of
/// `footprint` moved to `/usr/local/bin` or carried to a GPU machine, and a script found by a
/// path relative to the working folder would work only from the repository.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let tables = (target.sourceFiles(withSuffix: "tsv").map(\.url) + target.sourceFiles(withSuffix: "py").map(\.url))
            .sorted { $0.path < $1.path }
        guard !tables.isEmpty else { return [] }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(tables.count) data tables and scripts into \(target.name)",
                executable: try context.tool(named: "EmbedResourcesTool").url,
                arguments: [output.path] + tables.map(\.path),
                inputFiles: tables,
                outputFiles: [output]
            ),
        ]
    }
}
