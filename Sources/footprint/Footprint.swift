import ArgumentParser
import FootprintCore
import FootprintLedger
import FootprintMeter
import FootprintModels

#if canImport(Glibc)
import Glibc
#endif

/// The `footprint` command line.
struct Footprint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "footprint",
        abstract: "Measure, estimate and cut the energy use and carbon footprint of machine learning.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self, MonitorCommand.self, AttachCommand.self, RunsCommand.self, ReportCommand.self,
            LedgerCommand.self,
            LabCommand.self, Estimate.self,
            HardwareCommand.self, RegionsCommand.self, PlanCommand.self,
            ModelCommand.self, ExporterCommand.self, ServeCommand.self
        ]
    )
}

/// Entry point: runs the command and maps every failure to one line on stderr and an exit code —
/// 0 ok, 1 failure, 2 usage (argument-parser's own default for usage errors is 64).
@main
enum Main {
    static func main() {
        // Before anything opens a file: a closed stdout or stderr must not lend its number to one.
        StandardStreams.ensureOpen()
        let arguments = CommandLine.arguments
        _ = StandardStreams.startedIgnoringBrokenPipes
        if let unknown = unknownHelpTopic(Array(arguments.dropFirst())) { exit(report(InvalidInput(unknown))) }
        do {
            var command = try Footprint.parseAsRoot(joiningNegativeNumbers(Array(CommandLine.arguments.dropFirst())))
            try command.run()
            exit(StandardStreams.exitCode(afterFlushing: 0))
        } catch {
            exit(StandardStreams.exitCode(afterFlushing: report(error)))
        }
    }

    /// Joins a negative number to the option before it (`--hours -5` → `--hours=-5`), so that the
    /// option's own check explains what is wrong instead of the parser reporting a missing value.
    /// Nothing after a `--` terminator is touched: that belongs to the wrapped command.
    static func joiningNegativeNumbers(_ arguments: [String]) -> [String] {
        var joined: [String] = []
        var terminated = false
        for argument in arguments {
            if argument == "--" { terminated = true }
            if !terminated, argument.count > 1, argument.hasPrefix("-"), Double(argument) != nil,
                let option = joined.last, option.hasPrefix("--"), option.count > 2, !option.contains("=")
            {
                joined[joined.count - 1] = option + "=" + argument
            } else {
                joined.append(argument)
            }
        }
        return joined
    }

    /// The complaint about `footprint help NAME…` naming no command: argument-parser would print
    /// the top-level help and exit 0, as if the command had been found. nil for any other line.
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        var subcommands = Footprint.configuration.subcommands
        var path = ["footprint"]
        for name in arguments.dropFirst() {
            if name.hasPrefix("-") || (name == "help" && path.count == 1) { break }
            let names = subcommands.map { [$0._commandName] + $0.configuration.aliases }
            guard let index = names.firstIndex(where: { $0.contains(name) }) else {
                let known = names.compactMap(\.first).joined(separator: ", ")
                return "no command '\((path + [name]).joined(separator: " "))'"
                    + (known.isEmpty
                        ? "; `\(path.joined(separator: " ")) --help` shows its options"
                        : "; the commands of \(path.joined(separator: " ")) are \(known)")
            }
            path.append(name)
            subcommands = subcommands[index].configuration.subcommands
        }
        return nil
    }

    static func report(_ error: any Error) -> Int32 {
        let code: Int32
        let message: String
        switch error {
        case let exit as PassThroughExit: return exit.code
        case let error as InvalidInput: (code, message) = (2, error.message)
        case let error as OutOfRange: (code, message) = (2, error.description)
        case let error as UnknownRegion: (code, message) = (2, advice(for: error))
        case let error as UnknownHardware: (code, message) = (2, advice(for: error))
        case let error as ModelSpecError: (code, message) = (2, error.message)
        case let error as ModelError: (code, message) = (2, error.message)
        case let error as CalibrationError: (code, message) = (error.exitCode, error.message)
        case let error as CommandFailure: (code, message) = (1, error.message)
        case let error as ChildProcessError: (code, message) = (error.exitCode, advice(for: error))
        case let error as RunJournalError:
            (code, message) = (1, error.description + "; set FOOTPRINT_DATA_DIR to a writable folder")
        case let error as TaskChannelError: (code, message) = (1, error.description)
        case let error as LedgerError: (code, message) = (1, error.message())
        case let error as FileProblem: (code, message) = (error.reason.isUsage ? 2 : 1, error.description)
        // Foundation's errors about a file ("NSCocoaErrorDomain error 512") as what is wrong with the path.
        case let error where FileProblem.describing(error) != nil:
            let problem = FileProblem.describing(error) ?? FileProblem(error, path: "", access: .read)
            (code, message) = (problem.reason.isUsage ? 2 : 1, problem.description)
        default:
            let parserCode = Footprint.exitCode(for: error)
            if parserCode == .success {
                // --help and --version: argument-parser's full text, on stdout.
                print(Footprint.fullMessage(for: error))
                return 0
            }
            code = parserCode.rawValue == 64 ? 2 : parserCode.rawValue
            message = Footprint.message(for: error) + (code == 2 ? " (see `footprint help`)" : "")
        }
        // One line, whatever the message repeats of the user's input.
        Terminal.standardError("error: " + Format.oneLine(message))
        return code
    }
}

/// A failure that is not the user's input: a file that cannot be written, say.
struct CommandFailure: Error {
    let message: String

    /// `error` itself when ``Main/report(_:)`` knows its type (so its reason still sets the exit
    /// code and the advice), else `error`'s words as a failure.
    static func keepingKnown(_ error: any Error) -> any Error {
        switch error {
        case is LedgerError, is RunJournalError, is TaskChannelError, is ChildProcessError, is FileProblem: error
        default: CommandFailure(message: "\(error)")
        }
    }
}
