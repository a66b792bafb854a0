import Testing

@testable import FootprintCore

@Suite struct HardwareTests {
    let catalog = HardwareCatalog.bundled

    @Test func coversTheAcceleratorsUsersAskFor() throws {
        #expect(catalog.accelerators.count >= 30)
        for name in [
            "V100", "A100 PCIe 40GB", "A100 PCIe 80GB", "A100 SXM4 40GB", "A100 SXM4 80GB", "H100 PCIe",
            "H100 SXM", "H100 NVL", "H200", "B200", "L4", "L40S", "T4", "A10", "A10G", "RTX 3090", "RTX 4090",
            "P100", "K80", "TPU v2", "TPU v3", "TPU v4", "MI250X", "MI300X", "MI325X",
            "Gaudi 2", "Gaudi2", "Intel Gaudi 3", "gaudi3"
        ] {
            _ = try catalog.accelerator(name)
        }
    }

    @Test func datasheetFigures() throws {
        let a100 = try catalog.accelerator("NVIDIA A100-SXM4-80GB")
        #expect(a100.tdp.watts == 400)
        #expect(a100.peak(.fp32) == 19.5e12)
        #expect(a100.peak(.tf32) == 156e12)
        #expect(a100.peak(.fp16) == 312e12)
        #expect(a100.peak(.fp8) == nil)
        // The raw mlco2 table gives the H100's sparse BF16 under "TFLOPS16": we keep dense.
        let h100 = try catalog.accelerator("h100 sxm")
        #expect(h100.peak(.fp16) == 989.5e12)
        #expect(h100.peak(.fp32) == 67e12)
        #expect(h100.tdp.watts == 700)
        // The raw table has the V100 PCIe at 300 W; its datasheet says 250 W.
        #expect(try catalog.accelerator("Tesla V100-PCIE-32GB").tdp.watts == 250)
        #expect(try catalog.accelerator("TPU v3").averagePower?.watts == 283)
    }

    @Test func intelGaudiFromIntelsPublishedFigures() throws {
        // Kaplan 2024 (Hot Chips) and Intel's Gaudi 3 white paper: matrix-engine peaks, OAM TDP, HBM.
        let gaudi2 = try catalog.accelerator("Gaudi 2")
        #expect(gaudi2.id == "gaudi2" && gaudi2.vendor == "Intel" && gaudi2.year == 2022 && gaudi2.kind == .npu)
        #expect(gaudi2.tdp.watts == 600 && gaudi2.memoryGigabytes == 96)
        #expect(gaudi2.peak(.fp16) == 432e12 && gaudi2.peak(.fp8) == 865e12)
        #expect(gaudi2.peak(.fp32) == nil)
        #expect(gaudi2.source.contains("Kaplan 2024"))
        let gaudi3 = try catalog.accelerator("gaudi3")
        #expect(gaudi3.id == "gaudi3" && gaudi3.year == 2024)
        #expect(gaudi3.tdp.watts == 900 && gaudi3.memoryGigabytes == 128)
        #expect(gaudi3.peak(.fp16) == 1835e12 && gaudi3.peak(.fp8) == 1835e12)
        #expect(gaudi3.source.contains("Intel Gaudi 3 AI Accelerator white paper (2024)"))
        let mi325x = try catalog.accelerator("MI325X")
        #expect(mi325x.tdp.watts == 1000 && mi325x.memoryGigabytes == 256)
        #expect(mi325x.peak(.fp16) == 1307.4e12)
        #expect(mi325x.source == "AMD Instinct MI325X datasheet")
    }

    /// The library says what was not found and the likely intent; the CLI adds where to look.
    @Test func unknownHardwareMessageNamesNoCommand() {
        #expect(UnknownHardware(query: "abacus", suggestions: []).description == "unknown hardware 'abacus'")
        let guess = UnknownHardware(query: "gaudi 9", suggestions: ["gaudi2"]).description
        #expect(guess == "unknown hardware 'gaudi 9'; did you mean gaudi2?")
        #expect(!guess.contains("--") && !guess.contains("footprint"))
    }

    @Test func everyAcceleratorIsConsistent() {
        var ids = Set<String>()
        for a in catalog.accelerators {
            #expect(ids.insert(a.id).inserted, "duplicate id \(a.id)")
            #expect(a.tdp.watts > 0 && a.memoryGigabytes > 0, "\(a.id)")
            #expect(!a.source.isEmpty, "\(a.id)")
            #expect(!a.peakFLOPS.isEmpty, "\(a.id) has no peak")
            // Lower precision is never slower on the same chip.
            if let fp32 = a.peak(.fp32), let fp16 = a.peak(.fp16) { #expect(fp16 >= fp32, "\(a.id)") }
            if let fp16 = a.peak(.fp16), let fp8 = a.peak(.fp8) { #expect(fp8 >= fp16, "\(a.id)") }
        }
    }

    @Test(arguments: [
        ("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", "Intel Xeon Platinum 8375C", 300.0),
        ("AMD EPYC 7763 64-Core Processor", "AMD EPYC 7763", 280.0),
        ("Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz", "Intel Core i7-8700K", 95.0),
        ("Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz", "Intel Core i7-8700", 65.0),
        ("AMD Ryzen 9 5950X 16-Core Processor", "AMD Ryzen 9 5950X", 105.0)
    ])
    func cpuNamesFromProcCpuinfo(query: String, name: String, watts: Double) throws {
        let cpu = try #require(catalog.cpu(query))
        #expect(cpu.name == name)
        #expect(cpu.tdp.watts == watts)
        // The start-up path scans the embedded table and must agree with the catalog.
        #expect(HardwareCatalog.bundledCPU(query) == cpu)
    }

    @Test func familyNameAloneDoesNotGuessATDP() {
        #expect(catalog.cpu("AMD EPYC") == nil)
        #expect(HardwareCatalog.bundledCPU("AMD EPYC") == nil)
        #expect(catalog.cpu("QEMU Virtual CPU version 2.5+") == nil)
    }

    @Test func unknownHardwareSuggests() {
        #expect {
            try catalog.accelerator("a1000")
        } throws: { error in
            (error as? UnknownHardware)?.suggestions.contains { $0.contains("A100") } == true
        }
        if case .cpu(let cpu) = try? catalog.hardware("Xeon Gold 6148") {
            #expect(cpu.tdp.watts == 150)
        } else {
            Issue.record("Xeon Gold 6148 should resolve to a CPU")
        }
    }
}
