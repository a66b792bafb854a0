import Testing

@testable import FootprintCore

/// Stored words parse into the run vocabulary or are refused by name.
@Suite struct StoredValueTests {
    @Test func knownWordsParseAndUnknownOnesAreNamed() throws {
        let status: RunStatus = try StoredValue.parse("interrupted", as: "status")
        #expect(status == .interrupted)
        #expect(throws: UnknownStoredValue(field: "status", value: "paused")) {
            let _: RunStatus = try StoredValue.parse("paused", as: "status")
        }
        #expect(
            UnknownStoredValue(field: "scope", value: "a\nb").description
                == "scope 'a\\nb', which this version of footprint does not know")
    }

    @Test func aStoredMethodIsNoneWhenEmptyAndUnrecordedWhenMissing() throws {
        #expect(try StoredValue.method("", of: .gpu) == MeasurementMethod.none)
        #expect(try StoredValue.method(nil, of: .gpu) == nil)
        #expect(try StoredValue.method("measured:nvml-power", of: .gpu) == .nvmlPower)
        #expect(throws: UnknownStoredValue(field: "gpu method", value: "measured:amd-smi")) {
            try StoredValue.method("measured:amd-smi", of: .gpu)
        }
    }

    @Test func everyMethodSaysWhatItIs() {
        for method in MeasurementMethod.allCases {
            #expect(method.isMeasured == method.rawValue.hasPrefix("measured:"))
            #expect(!(method.isMeasured && method.isModeled))
            #expect(!method.explanation.isEmpty)
        }
    }

    @Test func aTaskAtTheFacilityIsItsITEnergyTimesThePUE() {
        let run = RunRecord(
            id: "r", project: nil, name: "r", command: [], host: "h", pid: nil, startedAt: 0, intervalSeconds: nil,
            scope: .machine, locationCode: nil, locationName: nil, intensity: .gramsPerKilowattHour(360),
            intensitySource: nil, pue: 1.5, pueSource: nil, cpuModel: nil, cpuPowerModel: nil, gpus: [], notes: [])
        let task = TaskRecord(name: "t", start: 1, end: 3, cpuJoules: 1_000, gpuJoules: 1_400, ramJoules: 0)
        let footprint = run.facilityFootprint(of: task)
        #expect(footprint.energy.joules == 3_600)
        #expect(abs(footprint.emissions.grams - 0.36) < 1e-12)
        #expect(task.duration == 2)
    }
}
