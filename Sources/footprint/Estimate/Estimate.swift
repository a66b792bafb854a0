import ArgumentParser

/// `footprint estimate`: energy and CO2e before running, by the life-cycle model or a published method.
struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate energy and CO2e before running.",
        discussion: """
            `lifecycle` (the default) applies the life-cycle model of Gitzel et al. 2023: architecture \
            search, training and inference. The other subcommands reproduce published single-formula methods. \
            Every figure is checked against a plausible range (given in each option's help) before anything \
            is computed, and a result that is not a finite number is refused.
            """,
        subcommands: [Lifecycle.self, Patterson.self, Strubell.self, GreenAlgorithms.self, Compute.self, Embodied.self],
        defaultSubcommand: Lifecycle.self
    )
}
