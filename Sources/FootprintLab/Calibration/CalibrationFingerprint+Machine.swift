import FootprintCore
import FootprintMeter
import Foundation

extension CalibrationFingerprint {
    /// This machine's fingerprint for an engine: the CPU from `/proc/cpuinfo`, the GPUs NVML
    /// names (none where there is no driver), and the engine's own settings.
    /// - Parameters:
    ///   - blas: the lab's GEMM back end (``GEMMBackend/name``) or PyTorch's version.
    ///   - root: the file-system root the CPU is read from (`/` outside tests).
    public static func detect(
        engine: ExperimentEngine, device: String, blas: String?, threads: Int, root: String = "/",
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> CalibrationFingerprint {
        let machine = MachineDescription.detect(root: root, tdpOverride: nil, tdpOrigin: nil)
        let gpus = (try? NVMLSensor(environment: environment))?.names ?? []
        return CalibrationFingerprint(
            cpuModel: machine.cpu.modelName ?? "unknown CPU", logicalCPUs: machine.cpu.logicalCPUs, gpus: gpus,
            engine: engine.rawValue, device: device, blas: blas, threads: threads, host: Host.name())
    }
}
