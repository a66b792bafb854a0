import FootprintSystem
import Synchronization

#if canImport(Glibc)
import Glibc  // setenv, before the library loads
#endif

/// GEMM through OpenBLAS's `cblas_sgemm`, loaded with `dlopen` at run time: used where the machine
/// has the library, never linked, so footprint builds and runs without it.
public final class OpenBLASGEMM: GEMMBackend, @unchecked Sendable {
    // @unchecked: the library handle and function pointers are immutable after init; the thread
    // count last set is an Atomic; cblas_sgemm may be called from several threads at once.
    public let name = "openblas"
    public let threads: Int

    typealias SGEMM =
        @convention(c) (
            Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>, Int32,
            UnsafePointer<Float>, Int32, Float, UnsafeMutablePointer<Float>, Int32
        ) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void

    private let library: DynamicLibrary
    private let sgemm: SGEMM
    private let setThreads: SetThreads?
    /// The thread count last handed to OpenBLAS, so it is set only when it changes.
    private let activeThreads = Atomic<Int>(0)

    /// The library names tried, in order.
    public static let libraryNames = ["libopenblas.so.0", "libopenblas.so"]

    /// Loads OpenBLAS; nil when the machine has none.
    ///
    /// Unless the environment already says otherwise, `OPENBLAS_NUM_THREADS` is set to `threads`
    /// before the first load: OpenBLAS starts one worker per core when it loads, and an unwanted
    /// worker spins for its first tenth of a second, which the lab would then measure as training
    /// energy (0.1 s of CPU on a 0.2 s benchmark here).
    public init?(threads: Int = 1, libraries: [String] = OpenBLASGEMM.libraryNames) {
        setenv("OPENBLAS_NUM_THREADS", "\(max(threads, 1))", 0)
        guard
            let (library, sgemm) = libraries.lazy.compactMap({ name -> (DynamicLibrary, SGEMM)? in
                guard case .success(let library) = DynamicLibrary.load(name) else { return nil }
                guard let sgemm = library.symbol("cblas_sgemm", as: SGEMM.self) else {
                    library.close()
                    return nil
                }
                return (library, sgemm)
            }).first
        else { return nil }
        self.library = library
        self.sgemm = sgemm
        self.threads = max(threads, 1)
        setThreads = library.symbol("openblas_set_num_threads", as: SetThreads.self)
        use(threads: 1)
    }

    /// Sets OpenBLAS's thread count if it differs from the last one set.
    private func use(threads wanted: Int) {
        guard let setThreads, activeThreads.exchange(wanted, ordering: .relaxed) != wanted else { return }
        setThreads(Int32(wanted))
    }

    deinit { library.close() }

    /// CBLAS constants: row-major order, no transpose, transpose.
    static let rowMajor: Int32 = 101, noTrans: Int32 = 111, trans: Int32 = 112

    public func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if threads > 1 { use(threads: m * n * k >= GEMMBackends.parallelWorkThreshold ? threads : 1) }
        sgemm(
            Self.rowMajor, transposeA ? Self.trans : Self.noTrans, transposeB ? Self.trans : Self.noTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// Picks a GEMM backend by name: "swift", "openblas", or "auto" (OpenBLAS where it loads).
public enum GEMMBackends {
    /// Products with fewer multiply-adds than this run on one thread, whichever the backend.
    /// Waking a second thread costs more than it saves on small products: measured on a 2-core VM,
    /// two OpenBLAS threads made the 32×100×100 products of a 170×100 MLP 40 % slower, and sped up
    /// 32×512×512 ones by a third.
    public static let parallelWorkThreshold = 2_000_000

    /// "swift-baseline" forces the SSE2 kernel, to compare it with the fused one.
    public static func named(_ name: String, threads: Int) -> (any GEMMBackend)? {
        switch name {
        case "swift": SwiftGEMM(threads: threads)
        case "swift-baseline": SwiftGEMM(kernel: .baseline, threads: threads)
        case "openblas": OpenBLASGEMM(threads: threads)
        case "auto": OpenBLASGEMM(threads: threads) ?? SwiftGEMM(threads: threads)
        default: nil
        }
    }
}
