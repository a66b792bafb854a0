import ArgumentParser
import Testing

@testable import footprint

/// argument-parser derives a command's name from its type name when the configuration gives
/// none, with `String(describing:)`, which scans the binary's protocol conformances once per
/// type; it builds the whole command tree at every start, so an unnamed subcommand costs every
/// command start-up CPU.
@Suite struct CommandTreeTests {
    @Test func everyCommandNamesItself() {
        var unnamed: [String] = []
        var queue: [any ParsableCommand.Type] = [Footprint.self]
        while let command = queue.popLast() {
            if command.configuration.commandName == nil { unnamed.append("\(command)") }
            queue += command.configuration.subcommands
        }
        #expect(unnamed.isEmpty, "give these a commandName: \(unnamed)")
    }
}
