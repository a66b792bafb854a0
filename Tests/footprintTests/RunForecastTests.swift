import Foundation
import Testing

/// `footprint run --epochs`: forecasts of a real command's whole run from the epochs it marks.
@Suite(.serialized) struct RunForecastTests {
    /// `epochs` epochs of `seconds` each of busy work in Python, marked on the task pipe.
    static func pythonEpochs(_ epochs: Int, seconds: Double, python: String = "python3") -> [String] {
        [
            python, "-c",
            """
            import os, time
            marks = open(os.environ["FOOTPRINT_TASKS"], "w", buffering=1)
            for k in range(1, \(epochs) + 1):
                marks.write("start epoch %d\\n" % k)
                end, x = time.monotonic() + \(seconds), 0
                while time.monotonic() < end:
                    x += 1
                marks.write("stop epoch %d\\n" % k)
            """
        ]
    }

    /// The whole run's energy forecast after `--predict-after` epochs against the measured total:
    /// loosely, since the machine running the tests is shared (the benchmark checks the 10 %).
    /// - Parameter throughLastEpoch: compare the energy with the run's through its last epoch (the
    ///   forecast after it), not with its total: for a command that works on after its epochs.
    static func checkPrediction(
        _ json: [String: Any], after: Int, epochs: Int, throughLastEpoch: Bool = false
    ) throws {
        let prediction = try #require(json["prediction"] as? [String: Any])
        #expect(prediction["after_epochs"] as? Int == after)
        #expect(prediction["epochs"] as? Int == epochs)
        let forecast = try #require(prediction["energy_kwh"] as? Double)
        var actual = try #require(json["energy_kwh"] as? Double)
        if throughLastEpoch {
            let last = try #require((json["predictions"] as? [[String: Any]])?.last)
            #expect(last["after_epochs"] as? Int == epochs)
            actual = try #require(last["energy_kwh"] as? Double)
        }
        let low = try #require(prediction["low_energy_kwh"] as? Double)
        let high = try #require(prediction["high_energy_kwh"] as? Double)
        #expect(low <= forecast && forecast <= high)
        #expect(forecast > 0 && actual > 0)
        #expect(forecast > actual / 3 && forecast < actual * 3, "forecast \(forecast) kWh, actual \(actual) kWh")
        let duration = try #require(prediction["duration_s"] as? Double)
        var measured = try #require(json["duration_s"] as? Double)
        if throughLastEpoch, let last = (json["predictions"] as? [[String: Any]])?.last,
            let through = last["duration_s"] as? Double
        {
            measured = through
        }
        #expect(duration > measured / 3 && duration < measured * 3, "forecast \(duration) s, actual \(measured) s")
        #expect(prediction["co2e_kg"] is Double)
    }

    @Test func aScriptOfTenEqualEpochs() throws {
        let result = try CLIRunner.run(
            ["run", "--epochs", "10", "--predict-after", "2", "--json", "--interval", "0.1", "--"]
                + Self.pythonEpochs(10, seconds: 0.2))
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        try Self.checkPrediction(json, after: 2, epochs: 10)
        let predictions = try #require(json["predictions"] as? [[String: Any]])
        #expect(predictions.map { $0["after_epochs"] as? Int } == Array(2...10))
        let made = predictions.compactMap { $0["made_at_s"] as? Double }
        #expect(made.count == 9 && made == made.sorted())
        #expect(json["epochs_marked"] as? Int == 10)
        // Not a terminal: each update is a line of its own on standard error.
        #expect(result.stderr.contains("footprint: forecast after 2 of 10 epochs: "), "\(result.stderr)")
        #expect(result.stderr.contains("footprint: forecast after 10 of 10 epochs: "))
    }

    @Test func theSummarySetsForecastAgainstActual() throws {
        let result = try CLIRunner.run(
            ["run", "--epochs", "4", "--predict-after", "2", "--interval", "0.1", "--"]
                + Self.pythonEpochs(4, seconds: 0.1))
        #expect(result.status == 0, "\(result.stderr)")
        // The table `footprint report` shows: the first forecast and the last, then the actual.
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix("  after 2 of 4 epochs, at ") }, "\(result.stderr)")
        #expect(lines[first + 1].hasPrefix("  after 4 of 4 epochs, at "))
        #expect(lines[first + 2].hasPrefix("  actual "))
        #expect(lines[first - 2].hasPrefix("  forecast ") && lines[first - 2].contains("95 % interval"))
    }

    @Test func labTrainMarksItsEpochs() throws {
        let result = try CLIRunner.run([
            "run", "--epochs", "5", "--json", "--interval", "0.1", "--",
            CLIRunner.binary.path, "lab", "train", "--mlp", "1x64", "--data", "synthetic", "--samples", "16000",
            "--epochs", "5", "--no-ledger"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["epochs_marked"] as? Int == 5)
        let names = (json["tasks"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names == (1...5).map { "epoch \($0)" })
        // The inference lab train measures after its epochs (a second or so) is no epoch's: the
        // forecast cannot see it coming; on a loaded machine it can be most of this short run.
        try Self.checkPrediction(json, after: 1, epochs: 5, throughLastEpoch: true)
        #expect((json["predictions"] as? [Any])?.count == 5)
    }

    @Test func labTrainAloneMarksNothing() throws {
        // Outside `footprint run` there is no pipe: training goes on as before.
        let result = try CLIRunner.run(["lab", "train", "--mlp", "1x16", "--epochs", "2", "--no-ledger", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        // A FOOTPRINT_TASKS nobody reads (a run that has ended) is no reason to wait.
        let stale = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-stale-\(UUID())").path
        #expect(mkfifo(stale, 0o600) == 0)
        defer { unlink(stale) }
        let alone = try CLIRunner.run(
            ["lab", "train", "--mlp", "1x16", "--epochs", "2", "--no-ledger", "--json"],
            environment: ["FOOTPRINT_TASKS": stale])
        #expect(alone.status == 0, "\(alone.stderr)")
    }

    @Test(.enabled(if: torchPython != nil, torchMissing))
    func aPyTorchTrainingLoop() throws {
        let python = try #require(torchPython)
        let script = """
            import os, torch
            torch.manual_seed(1)
            torch.set_num_threads(1)
            marks = open(os.environ["FOOTPRINT_TASKS"], "w", buffering=1)
            x, y = torch.randn(2048, 64), torch.randint(0, 10, (2048,))
            model = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
            optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
            for epoch in range(1, 11):
                marks.write("start epoch %d\\n" % epoch)
                for _ in range(3):
                    for i in range(0, 2048, 32):
                        optimizer.zero_grad()
                        torch.nn.functional.cross_entropy(model(x[i:i + 32]), y[i:i + 32]).backward()
                        optimizer.step()
                marks.write("stop epoch %d\\n" % epoch)
            """
        let result = try CLIRunner.run(
            [
                "run", "--epochs", "10", "--predict-after", "2", "--json", "--interval", "0.1", "--", python, "-c",
                script
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        try Self.checkPrediction(json, after: 2, epochs: 10)
        #expect((json["predictions"] as? [Any])?.count == 9)
    }

    @Test func epochsWithoutEpochTasksSaySo() throws {
        let result = try CLIRunner.run(["run", "--epochs", "3", "--json", "--", "true"])
        #expect(result.status == 0)
        let json = try result.json()
        #expect(json["prediction"] is NSNull)
        #expect((json["predictions"] as? [Any])?.isEmpty == true)
        let notes = json["notes"] as? [String] ?? []
        #expect(
            notes.contains { $0.hasPrefix("no forecast: no task matched 'epoch *'; mark epochs with `start epoch 1`") })
        let text = try CLIRunner.run(["run", "--epochs", "3", "--epoch-task", "step *", "--", "true"])
        #expect(text.stderr.contains("no task matched 'step *'"), "\(text.stderr)")
        #expect(!text.stderr.contains("95 % interval"))
    }

    @Test func fewerOrMoreEpochsThanAnnouncedAreSaid() throws {
        let fewer = try CLIRunner.run(["run", "--epochs", "5", "--json", "--"] + Self.pythonEpochs(2, seconds: 0.01))
        #expect(
            (try fewer.json()["notes"] as? [String] ?? []).contains(
                "2 of the 5 epochs announced ended; the forecasts counted on 5"))
        let more = try CLIRunner.run(["run", "--epochs", "2", "--json", "--"] + Self.pythonEpochs(3, seconds: 0.01))
        let json = try more.json()
        #expect((json["notes"] as? [String] ?? []).contains { $0.hasPrefix("3 epochs ended, 2 announced") })
        #expect((json["predictions"] as? [Any])?.count == 3)
        let early = try CLIRunner.run(
            ["run", "--epochs", "5", "--predict-after", "3", "--json", "--"] + Self.pythonEpochs(2, seconds: 0.01))
        let earlyJSON = try early.json()
        #expect(earlyJSON["prediction"] is NSNull)
        #expect((earlyJSON["notes"] as? [String] ?? []).contains { $0.hasPrefix("no forecast: 2 of 5 epochs ended") })
    }

    @Test(arguments: [
        (["--predict-after", "2"], "--predict-after needs --epochs N"),
        (["--epoch-task", "step *"], "--epoch-task needs --epochs N"),
        (["--epochs", "3", "--predict-after", "4"], "--predict-after must be from 1 to 3"),
        (["--epochs", "3", "--predict-after", "0"], "--predict-after must be from 1 to 3"),
        (["--epochs", "0"], "--epochs must be from 1 to 1,000,000"),
        (["--epochs", "1000001"], "--epochs must be from 1 to 1,000,000"),
        (["--epochs", "3", "--epoch-task", ""], "--epoch-task is empty"),
        (["--epochs", "3", "--epoch-task", String(repeating: "x", count: 201)], "--epoch-task must be at most 200")
    ])
    func badEpochOptionsAreOneLineErrors(options: [String], message: String) throws {
        let result = try CLIRunner.run(["run"] + options + ["--", "true"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
}
