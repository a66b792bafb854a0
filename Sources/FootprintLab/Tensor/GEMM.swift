import CFootprintSystem
import Dispatch
import FootprintLabFMA

/// A pointer lent to the threads of one product while the caller waits. They read it, or write
/// disjoint parts of it, so sharing it is safe although pointers are not `Sendable`.
struct SharedPointer<Pointer>: @unchecked Sendable {
    let pointer: Pointer
}

/// Matrix multiply, the engine's one heavy kernel, behind a seam: a pure-Swift SIMD backend is
/// always there; an OpenBLAS backend loaded at run time can replace it where the machine has one.
///
/// All matrices are row-major. `C[m×n] = alpha · op(A) · op(B) + beta · C`, where op(A) is m×k and
/// op(B) is k×n, each given as stored (transposed or not) with its leading dimension.
public protocol GEMMBackend: Sendable {
    /// For output, e.g. "swift-simd" or "openblas".
    var name: String { get }

    func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int)
}

/// Pure-Swift GEMM with 8-wide SIMD on the contiguous dimension of each case training uses:
/// X·W (forward), dY·Wᵀ (input gradient) and Xᵀ·dY (weight gradient).
public struct SwiftGEMM: GEMMBackend {
    /// The inner kernel that multiplies the blocks.
    public enum Kernel: String, Sendable, CaseIterable {
        /// Multiply-then-add in 4×8 blocks on SSE2: runs on every x86-64 CPU.
        case baseline = "swift-simd"
        /// Fused multiply-add in 4×16 blocks, compiled for AVX2 + FMA (``FusedGEMMKernel``).
        case fusedMultiplyAdd = "swift-fma"

        /// Whether this CPU can run the kernel.
        public var isAvailable: Bool {
            switch self {
            case .baseline: true
            case .fusedMultiplyAdd: Self.cpuHasFusedMultiplyAdd
            }
        }

        /// The fastest kernel this CPU runs.
        public static var best: Kernel { cpuHasFusedMultiplyAdd ? .fusedMultiplyAdd : .baseline }

        /// Asked once: CPUID does not change while the process runs.
        private static let cpuHasFusedMultiplyAdd: Bool = {
            #if arch(arm64)
            true
            #else
            footprint_cpu_has_avx2_fma() != 0
            #endif
        }()
    }

    public let kernel: Kernel
    /// Threads a large product is split over.
    public let threads: Int
    public var name: String { kernel.rawValue }

    /// A GEMM on `kernel`, or on the baseline kernel where this CPU cannot run it, splitting
    /// large products over `threads` threads.
    public init(kernel: Kernel = .best, threads: Int = 1) {
        self.kernel = kernel.isAvailable ? kernel : .baseline
        self.threads = max(threads, 1)
    }

    public func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        scale(c, m: m, n: n, ldc: ldc, beta: beta)
        guard k > 0, alpha != 0, m > 0, n > 0 else { return }
        // A transposed is copied once, for every band and either kernel; it is small in training's
        // transposed case (Xᵀ·dY has the batch as k).
        withTransposed(a, rows: k, columns: m, ld: lda, if: transposeA) { a, lda in
            let panels = n / FusedGEMMKernel.panelWidth
            let parts = m * n * k >= GEMMBackends.parallelWorkThreshold ? min(threads, panels) : 1
            guard parts > 1 else {
                return product(
                    transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                    c: c, ldc: ldc)
            }
            // Each thread takes a band of C's columns (whole panels) and the matching columns of
            // op(B): the bands share nothing that is written.
            let (a, b, c) = (SharedPointer(pointer: a), SharedPointer(pointer: b), SharedPointer(pointer: c))
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let first = panels * part / parts * FusedGEMMKernel.panelWidth
                let end = part == parts - 1 ? n : panels * (part + 1) / parts * FusedGEMMKernel.panelWidth
                product(
                    transposeB: transposeB, m: m, n: end - first, k: k, alpha: alpha, a: a.pointer, lda: lda,
                    b: b.pointer + (transposeB ? first * ldb : first), ldb: ldb, c: c.pointer + first, ldc: ldc)
            }
        }
    }

    /// C += alpha · A·op(B) on one thread, A row-major.
    func product(
        transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        switch kernel {
        case .fusedMultiplyAdd:
            // The fused kernel transposes B while packing it into panels.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: k * FusedGEMMKernel.panelWidth) { panel in
                guard let panel = panel.baseAddress else { return }
                FusedGEMMKernel.accumulate(
                    m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                    transposedB: transposeB, c: c, ldc: ldc, panel: panel)
            }
        case .baseline:
            // A transposed B is copied row-major, so that one register-blocked kernel serves every
            // case. The copy is O(k·n), small beside the O(m·n·k) product.
            withTransposed(b, rows: n, columns: k, ld: ldb, if: transposeB) { b, ldb in
                accumulateBaseline(m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
            }
        }
    }

    /// The SSE2 kernel. Blocks of 4 rows × 8 columns of C stay in four SIMD8 accumulators (eight
    /// of SSE's sixteen registers; a 4×16 block needs all sixteen and spills on every step) for
    /// the whole k loop; the edges fall back to row updates.
    func accumulateBaseline(
        m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let br = UnsafeRawPointer(b)
        let stride = MemoryLayout<Float>.stride
        var i = 0
        while i + 4 <= m {
            let a0 = a + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda
            var j = 0
            while j + 8 <= n {
                var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), c3 = SIMD8<Float>()
                for p in 0..<k {
                    let bv = br.loadUnaligned(fromByteOffset: (p * ldb + j) * stride, as: SIMD8<Float>.self)
                    // Multiply then add, not `addProduct`: the baseline x86-64 target has no FMA
                    // instruction, and a fused multiply-add would become a library call per lane.
                    c0 += SIMD8<Float>(repeating: a0[p]) * bv
                    c1 += SIMD8<Float>(repeating: a1[p]) * bv
                    c2 += SIMD8<Float>(repeating: a2[p]) * bv
                    c3 += SIMD8<Float>(repeating: a3[p]) * bv
                }
                store(c0, row: i, column: j, alpha: alpha, c: c, ldc: ldc)
                store(c1, row: i + 1, column: j, alpha: alpha, c: c, ldc: ldc)
                store(c2, row: i + 2, column: j, alpha: alpha, c: c, ldc: ldc)
                store(c3, row: i + 3, column: j, alpha: alpha, c: c, ldc: ldc)
                j += 8
            }
            if j < n {
                for r in 0..<4 {
                    rowUpdate(
                        row: i + r, from: j, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
                }
            }
            i += 4
        }
        while i < m {
            rowUpdate(row: i, from: 0, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
            i += 1
        }
    }

    /// C[row, column..<column+8] += alpha · sum.
    @inline(__always)
    func store(_ sum: SIMD8<Float>, row: Int, column: Int, alpha: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let target = UnsafeMutableRawPointer(c + row * ldc + column)
        target.storeBytes(of: target.loadUnaligned(as: SIMD8<Float>.self) + alpha * sum, as: SIMD8<Float>.self)
    }

    /// C[row, from..<n] += alpha · A[row, :]·B[:, from..<n], by axpy over the rows of B.
    @inline(__always)
    func rowUpdate(
        row: Int, from: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let ci = c + row * ldc + from
        for p in 0..<k {
            let s = alpha * a[row * lda + p]
            if s != 0 { axpy(s, b + p * ldb + from, ci, n - from) }
        }
    }

    /// Calls `body` with a row-major copy of the transpose of a rows×columns matrix and its
    /// leading dimension, or with the matrix itself when `transpose` is false.
    func withTransposed<R>(
        _ x: UnsafePointer<Float>, rows: Int, columns: Int, ld: Int, if transpose: Bool,
        _ body: (UnsafePointer<Float>, Int) -> R
    ) -> R {
        guard transpose else { return body(x, ld) }
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: rows * columns) { buffer in
            guard let t = buffer.baseAddress else { return body(x, ld) }
            // Blocks of 16×16 keep both sides of the copy in cache.
            var r0 = 0
            while r0 < rows {
                var c0 = 0
                while c0 < columns {
                    for r in r0..<min(r0 + 16, rows) {
                        for col in c0..<min(c0 + 16, columns) { t[col * rows + r] = x[r * ld + col] }
                    }
                    c0 += 16
                }
                r0 += 16
            }
            return body(UnsafePointer(t), rows)
        }
    }

    @inline(__always)
    func scale(_ c: UnsafeMutablePointer<Float>, m: Int, n: Int, ldc: Int, beta: Float) {
        if beta == 1 { return }
        for i in 0..<m {
            let row = c + i * ldc
            if beta == 0 { row.update(repeating: 0, count: n) } else { for j in 0..<n { row[j] *= beta } }
        }
    }

    /// y += s · x over n values.
    @inline(__always)
    func axpy(_ s: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        var j = 0
        let sv = SIMD8<Float>(repeating: s)
        let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y)
        while j + 8 <= n {
            let offset = j * MemoryLayout<Float>.stride
            let xv = xr.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            let yv = yr.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            yr.storeBytes(of: yv + sv * xv, toByteOffset: offset, as: SIMD8<Float>.self)
            j += 8
        }
        while j < n {
            y[j] += s * x[j]
            j += 1
        }
    }
}
