import ArgumentParser
import FootprintCore
import FootprintLab
import FootprintMeter
import FootprintReport
import Foundation

extension ExperimentScale: ExpressibleByArgument {}
extension ExperimentEngine: ExpressibleByArgument {}

extension LabCommand {
    /// `footprint lab experiment NAME… | all`: the paper's experiments and the other sources'
    /// claims, re-run and measured on this machine, each judged by its stated rule.
    struct Experiment: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "experiment",
            abstract: "Re-run the experiments of Gitzel et al. 2023 and the other sources' claims, measured here.",
            discussion: """
                Every configuration is run once unmeasured (a warm-up: one epoch or one pass), then --repeats \
                times, each repeat measured by Footprint's meter as a task of one run (process scope, project \
                lab unless --project); its figure is the median, with the lowest and highest repeat. Each \
                experiment ends in a verdict (confirmed, challenged or inconclusive) by the rule it prints, \
                computed from the measurements. `footprint lab experiments` lists the claims. Ctrl-C stops at \
                the next epoch: what was measured is judged, kept in the ledger and printed, and the run is \
                marked interrupted.
                """)

        @Argument(help: "Experiments to run (see `footprint lab experiments`), or all.")
        var names: [String] = []
        @Option(
            help: "smoke (all eleven in seconds), standard (minutes) or paper (the paper's sizes: hours on a CPU).")
        var scale: ExperimentScale = .standard
        @Option(help: "Measured repeats of each configuration, 1 to 100, after one discarded warm-up.")
        var repeats = 3
        @Option(help: "lab (Footprint's engine, in process) or pytorch (the shipped PyTorch script, a child process).")
        var engine: ExperimentEngine = .lab
        @Option(help: ArgumentHelp("The Python with torch, for --engine pytorch.", valueName: "python"))
        var python: String?
        @Option(help: "cpu or cuda, for --engine pytorch.") var device = "cpu"
        @OptionGroup var compute: EngineOptions
        @OptionGroup(title: "Measurement") var meter: LabMeterOptions
        @Option(help: ArgumentHelp("Write the results as one self-contained HTML page.", valueName: "file"))
        var html: String?
        @Flag(help: "Print the results as one JSON object, the last line of stdout.") var json = false

        static let repeatsRange = 1...100

        func run() throws {
            // Everything the user typed is checked before anything runs.
            let chosen = try ExperimentName.selection(names)
            try LabBounds.check(repeats, Self.repeatsRange, "--repeats")
            try LabBounds.checkEngine(engine, python: python, device: device)
            if let html, let problem = FileProblem.check(html, access: .write) { throw problem }
            // Before any other thread starts (the meter's, the PyTorch check's), so that every one
            // inherits the blocked signals.
            let stop = StopRequest.install()
            let gemm = try compute.backend()
            let workloads: any WorkloadEngine
            switch engine {
            case .lab: workloads = LabWorkloadEngine(gemm: gemm)
            case .pytorch:
                workloads = try Self.pytorch(python: python ?? "python3", device: device, threads: compute.threads)
            }
            let (session, ledger) = try meter.recordedSession(
                name: "\(ExperimentSuiteResult.runNamePrefix)\(names.joined(separator: " ")) (\(scale.rawValue))")
            try Train.start(session)
            let progress = ExperimentProgressLine()
            let runner = ExperimentRunner(
                engine: workloads, session: session, scale: scale, repeats: repeats, machine: Self.machine(),
                started: ISO8601DateFormatter().string(from: Date()), progress: { progress.show($0) },
                shouldStop: { stop.isRequested })
            // The results go to the ledger after each experiment; a ledger that refuses them must not
            // cost the measurements, so the suite runs on and the failure is reported at the end.
            var storeFailure: (any Error)?
            let suite: ExperimentSuiteResult
            do {
                suite = try runner.run(chosen) { suite in
                    guard let ledger, storeFailure == nil else { return }
                    do {
                        try ledger.recordExperiments(suite)
                    } catch {
                        storeFailure = error
                    }
                }
            } catch {
                workloads.close()
                progress.clear()
                session.finish(status: .interrupted)
                throw CommandFailure.keepingKnown(error)
            }
            progress.clear()
            // The engine's child process ends with the suite, before its run is closed (the
            // PyTorch engine's deinit ends it on any other way out).
            workloads.close()
            session.finish(status: suite.status)
            // The results are printed before the page is written: a page that cannot be written
            // must not cost them.
            if json {
                try JSONOutput.print(suite, oneLine: true)
            } else {
                print(ExperimentText.render(suite, recorded: !meter.noLedger, notes: session.notes))
            }
            if let html { try writePage(suite, to: html) }
            if let storeFailure {
                throw CommandFailure(
                    message: "the results could not be stored in the ledger (\(storeFailure)); they are printed "
                        + "above\(html.map { " and in \($0)" } ?? ""), and the run's measurements are in the ledger"
                )
            }
            if suite.status == .interrupted {
                Terminal.standardError(
                    "stopped by \(stop.signalName): the configurations measured before it are judged and kept")
                throw PassThroughExit(code: 130)
            }
        }

        /// The PyTorch engine, after checking that the interpreter runs, imports torch and, for
        /// cuda, sees a GPU: a missing piece is said before anything runs.
        static func pytorch(python: String, device: String, threads: Int) throws -> PyTorchWorkloadEngine {
            try checkedPyTorch(python: python, device: device, threads: threads).engine
        }

        /// ``pytorch(python:device:threads:)`` and the PyTorch version the check found.
        static func checkedPyTorch(
            python: String, device: String, threads: Int
        ) throws -> (engine: PyTorchWorkloadEngine, version: String) {
            try PyTorchReference.checkInterpreter(python)
            let version: String
            do {
                version = try PyTorchPreflight.check(python: python, device: device)
            } catch {
                switch error.reason {
                case .cudaUnavailable:
                    throw InvalidInput(
                        error.message + "; run with --device cpu, or on a machine whose PyTorch has CUDA")
                default:
                    throw InvalidInput(
                        error.message
                            + "; give --python an interpreter with PyTorch (e.g. a venv after pip install torch)")
                }
            }
            return (PyTorchWorkloadEngine(python: python, device: device, threads: threads), version)
        }

        func writePage(_ suite: ExperimentSuiteResult, to path: String) throws {
            try FileProblem.writeAtomically(
                Data(ExperimentReport.render(suite, generator: "footprint \(Footprint.configuration.version)").utf8),
                to: path)
        }

        /// The machine in a line: host, CPU and its logical CPUs.
        static func machine() -> String {
            let description = MachineDescription.detect()
            let host = ProcessInfo.processInfo.hostName
            let cpu = description.cpu.modelName ?? "unknown CPU"
            let vm = description.cpu.isVirtualMachine ? ", a virtual machine" : ""
            return "\(host): \(cpu), \(description.cpu.logicalCPUs) logical CPUs\(vm)"
        }
    }
}
