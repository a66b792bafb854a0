import Foundation

/// A fake `libnvidia-ml.so.1`, compiled from C with the system compiler for the NVML tests.
///
/// Three devices: 0 has the total-energy counter (+5,000 mJ per read) and runs 999999 (1 GiB of GPU
/// memory) and `TRACKED_PID` (2 GiB); 1 has no counter (NOT_SUPPORTED), draws 70 W and runs
/// `TRACKED_PID + 100` and `+ 101` with their memory not available; 2 has the counter for its
/// first `loseAfter` energy reads (the sensor's opening check is one), then reports GPU_IS_LOST.
enum FakeNVML {
    static let source = #"""
        #include <string.h>
        typedef void *nvmlDevice_t;
        typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
        typedef struct { unsigned int pid; unsigned long long usedGpuMemory; unsigned int gi, ci; } nvmlProcessInfo_t;
        static int devices[3] = {0, 1, 2};
        static unsigned long long energy[3] = {1000000ULL, 0, 2000000ULL};
        static int reads[3];
        #define NOT_AVAILABLE 0xFFFFFFFFFFFFFFFFULL
        #ifndef LOSE_AFTER
        #define LOSE_AFTER 2
        #endif
        int nvmlInit_v2(void) { return 0; }
        int nvmlShutdown(void) { return 0; }
        int nvmlDeviceGetCount_v2(unsigned int *count) { *count = 3; return 0; }
        int nvmlDeviceGetHandleByIndex_v2(unsigned int i, nvmlDevice_t *d) { if (i > 2) return 2; *d = &devices[i]; return 0; }
        static int index_of(nvmlDevice_t d) { return *(int *)d; }
        int nvmlDeviceGetName(nvmlDevice_t d, char *name, unsigned int n) {
            const char *names[3] = {"NVIDIA H100 80GB HBM3", "Tesla T4", "NVIDIA A100-SXM4-40GB"};
            strncpy(name, names[index_of(d)], n); return 0;
        }
        int nvmlDeviceGetUUID(nvmlDevice_t d, char *uuid, unsigned int n) {
            const char *ids[3] = {"GPU-11111111-aaaa", "GPU-22222222-bbbb", "GPU-33333333-cccc"};
            strncpy(uuid, ids[index_of(d)], n); return 0;
        }
        int nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t d, unsigned long long *mj) {
            int i = index_of(d);
            if (i == 1) return 3;
            if (i == 2 && reads[2]++ >= LOSE_AFTER) return 15;
            energy[i] += 5000; *mj = energy[i]; return 0;
        }
        int nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned int *mw) { *mw = index_of(d) == 1 ? 70000 : 350000; return 0; }
        int nvmlDeviceGetPowerManagementLimit(nvmlDevice_t d, unsigned int *mw) { *mw = index_of(d) == 1 ? 70000 : 700000; return 0; }
        int nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *u) { u->gpu = 87; u->memory = 40; return 0; }
        int nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t d, unsigned int *count, nvmlProcessInfo_t *infos) {
            if (index_of(d) == 2) { *count = 0; return 0; }
            if (*count < 2) { *count = 2; return 7; }
            if (index_of(d) == 1) {
                *count = 2;
                infos[0].pid = TRACKED_PID + 100; infos[0].usedGpuMemory = NOT_AVAILABLE;
                infos[1].pid = TRACKED_PID + 101; infos[1].usedGpuMemory = NOT_AVAILABLE;
                return 0;
            }
            *count = 2;
            infos[0].pid = 999999; infos[0].usedGpuMemory = 1ULL << 30;
            infos[1].pid = TRACKED_PID; infos[1].usedGpuMemory = 2ULL << 30;
            return 0;
        }
        """#

    /// Compiles the fake into a fresh folder as `libnvidia-ml.so.1` and returns its path.
    static func build(trackedPID: Int32, loseAfter: Int = 2) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fake-nvml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = folder.appendingPathComponent("fake_nvml.c")
        try Data(Self.source.utf8).write(to: source)
        let library = folder.appendingPathComponent("libnvidia-ml.so.1").path
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        compiler.arguments = [
            "cc", "-shared", "-fPIC", "-O1", "-DTRACKED_PID=\(trackedPID)", "-DLOSE_AFTER=\(loseAfter)", "-o", library,
            source.path
        ]
        try compiler.run()
        compiler.waitUntilExit()
        guard compiler.terminationStatus == 0 else {
            throw CocoaError(
                .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cc could not build the fake NVML"])
        }
        return library
    }
}
