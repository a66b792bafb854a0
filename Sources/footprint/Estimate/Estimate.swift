import ArgumentParser

/// `footprint estimate`: energy and CO2e before running, by the life-cycle model or a published method.
struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate energy and CO2e before running.",
        discussion: """
        `lifecycle` (the default) applies the life-cycle model of Gitzel et al. (seed 002): architecture \
        search, training and inference. The other subcommands reproduce published single-formula methods.
        """,
        subcommands: [Lifecycle.self, Patterson.self, Strubell.self, GreenAlgorithms.self, Compute.self],
        defaultSubcommand: Lifecycle.self
    )
}
