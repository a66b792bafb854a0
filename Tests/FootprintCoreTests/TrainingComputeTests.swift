import Testing

@testable import FootprintCore

@Suite struct TrainingComputeTests {
    @Test func deviceHoursWallClockAndEnergyFollowFromTheFLOPs() throws {
        let run = try TrainingCompute(
            tokens: 1e12, flopsPerToken: 6e10, devices: 1000, peakFLOPS: 1e15, utilization: 0.5,
            devicePower: Power(watts: 500))
        #expect(run.flops == 6e22)
        #expect(abs(run.deviceHours - 6e22 / 5e14 / 3600) < 1e-6)
        #expect(abs(run.wallClock.hours - run.deviceHours / 1000) < 1e-9)
        #expect(abs(run.deviceEnergy.kilowattHours - run.deviceHours * 0.5) < 1e-6)
        #expect(abs(run.petaflopSecondDays - 6e22 / 8.64e19) < 1e-9)
    }

    @Test(arguments: [
        (1e16, 1e10, 1, 1e15, 0.5, 400.0, "tokens"),
        (1e9, 1e18, 1, 1e15, 0.5, 400.0, "FLOPs per token"),
        (1e9, 1e10, 0, 1e15, 0.5, 400.0, "device count"),
        (1e9, 1e10, 1, 1e19, 0.5, 400.0, "FLOP/s per device"),
        (1e9, 1e10, 1, 1e15, 0.0, 400.0, "utilization"),
        (1e9, 1e10, 1, 1e15, 1e-5, 400.0, "utilization"),
        (1e9, 1e10, 1, 1e15, 0.5, 1e6, "watts per device")
    ])
    func everyInputIsBounded(
        tokens: Double, perToken: Double, devices: Int, peak: Double, utilization: Double, watts: Double,
        subject: String
    ) {
        #expect {
            try TrainingCompute(
                tokens: tokens, flopsPerToken: perToken, devices: devices, peakFLOPS: peak, utilization: utilization,
                devicePower: Power(watts: watts))
        } throws: { error in
            (error as? InvalidInput)?.subject == subject
        }
    }
}
