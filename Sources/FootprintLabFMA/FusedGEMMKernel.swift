/// The lab's matrix-multiply kernel for machines with fused multiply-add.
///
/// This module is compiled for AVX2 and FMA on x86-64 (see Package.swift), where a `SIMD8<Float>`
/// is one 256-bit register and `addProduct` one `vfmadd` instruction: four times the work per
/// instruction of the baseline SSE2 kernel in FootprintLab. Code compiled this way faults on a CPU
/// without those extensions, so nothing here may run before the caller has checked the CPU
/// (`SwiftGEMM` does, once). The module holds only this one entry point and the always-inlined
/// helpers below it, and takes its scratch memory from the caller: no generic code of its own
/// that the linker could merge with a baseline module's copy.
///
/// On arm64 the module is compiled as is; NEON has fused multiply-add, and the kernel always runs.
public enum FusedGEMMKernel {
    /// Columns of B packed together, and of C computed together.
    public static let panelWidth = 16

    /// C += alpha · A·op(B), all row-major: A is m×k with leading dimension `lda`; op(B) is k×n,
    /// stored as k×n, or as n×k when `transposedB`; C is m×n. `panel` is scratch space for
    /// k × ``panelWidth`` values.
    ///
    /// Each 16 columns of op(B) are first copied into a contiguous k×16 panel (the transpose, if
    /// any, happens in this copy), so that the inner loop reads B sequentially. Blocks of 4 rows ×
    /// 16 columns of C then stay in eight accumulators through the whole k loop: each step, one
    /// broadcast of A per row, two loads from the panel and eight fused multiply-adds, which with
    /// the operands fit AVX2's sixteen registers. Leftover rows take one-row steps over the panel,
    /// leftover columns 8-wide or scalar steps over B itself.
    @inline(never)
    public static func accumulate(
        m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposedB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, panel: UnsafeMutablePointer<Float>
    ) {
        var j = 0
        while j + panelWidth <= n {
            pack(b, ldb: ldb, transposed: transposedB, column: j, k: k, into: panel)
            var i = 0
            while i + 4 <= m {
                block4x16(row: i, column: j, k: k, alpha: alpha, a: a, lda: lda, panel: panel, c: c, ldc: ldc)
                i += 4
            }
            while i < m {
                row1x16(row: i, column: j, k: k, alpha: alpha, a: a, lda: lda, panel: panel, c: c, ldc: ldc)
                i += 1
            }
            j += panelWidth
        }
        guard j < n else { return }
        for row in 0..<m {
            edge(
                row: row, from: j, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, transposedB: transposedB,
                c: c, ldc: ldc)
        }
    }

    /// panel[p·16 + c] = op(B)[p, column + c].
    @inline(__always)
    static func pack(
        _ b: UnsafePointer<Float>, ldb: Int, transposed: Bool, column: Int, k: Int,
        into panel: UnsafeMutablePointer<Float>
    ) {
        if transposed {
            // op(B)[p, column + c] = B[column + c, p]: each of the 16 stored rows is read in order.
            for c in 0..<panelWidth {
                let source = b + (column + c) * ldb
                for p in 0..<k { panel[p * panelWidth + c] = source[p] }
            }
        } else {
            for p in 0..<k { (panel + p * panelWidth).update(from: b + p * ldb + column, count: panelWidth) }
        }
    }

    @inline(__always)
    static func block4x16(
        row i: Int, column j: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        panel: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let a0 = a + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var source = UnsafeRawPointer(panel)
        for p in 0..<k {
            let b0 = source.loadUnaligned(as: SIMD8<Float>.self)
            let b1 = source.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            source += 64
            let x0 = SIMD8<Float>(repeating: a0[p]), x1 = SIMD8<Float>(repeating: a1[p])
            let x2 = SIMD8<Float>(repeating: a2[p]), x3 = SIMD8<Float>(repeating: a3[p])
            c00.addProduct(x0, b0); c01.addProduct(x0, b1)
            c10.addProduct(x1, b0); c11.addProduct(x1, b1)
            c20.addProduct(x2, b0); c21.addProduct(x2, b1)
            c30.addProduct(x3, b0); c31.addProduct(x3, b1)
        }
        add(c00, c01, alpha: alpha, to: c + i * ldc + j)
        add(c10, c11, alpha: alpha, to: c + (i + 1) * ldc + j)
        add(c20, c21, alpha: alpha, to: c + (i + 2) * ldc + j)
        add(c30, c31, alpha: alpha, to: c + (i + 3) * ldc + j)
    }

    @inline(__always)
    static func row1x16(
        row i: Int, column j: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        panel: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let ai = a + i * lda
        var lo = SIMD8<Float>(), hi = SIMD8<Float>()
        var source = UnsafeRawPointer(panel)
        for p in 0..<k {
            let x = SIMD8<Float>(repeating: ai[p])
            lo.addProduct(x, source.loadUnaligned(as: SIMD8<Float>.self))
            hi.addProduct(x, source.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
            source += 64
        }
        add(lo, hi, alpha: alpha, to: c + i * ldc + j)
    }

    /// The last (fewer than 16) columns of one row of C, straight from B.
    @inline(__always)
    static func edge(
        row i: Int, from: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposedB: Bool, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let ai = a + i * lda, ci = c + i * ldc
        var j = from
        if transposedB {
            // Each column of op(B) is a stored row of B: a dot product with A's row.
            while j < n {
                let bj = b + j * ldb
                var sum = SIMD8<Float>(), p = 0
                while p + 8 <= k {
                    sum.addProduct(
                        UnsafeRawPointer(ai + p).loadUnaligned(as: SIMD8<Float>.self),
                        UnsafeRawPointer(bj + p).loadUnaligned(as: SIMD8<Float>.self))
                    p += 8
                }
                var total = sum.sum()
                while p < k { total += ai[p] * bj[p]; p += 1 }
                ci[j] += alpha * total
                j += 1
            }
            return
        }
        if j + 8 <= n {
            var sum = SIMD8<Float>()
            for p in 0..<k {
                sum.addProduct(
                    SIMD8<Float>(repeating: ai[p]),
                    UnsafeRawPointer(b + p * ldb + j).loadUnaligned(as: SIMD8<Float>.self))
            }
            let target = UnsafeMutableRawPointer(ci + j)
            target.storeBytes(of: target.loadUnaligned(as: SIMD8<Float>.self) + alpha * sum, as: SIMD8<Float>.self)
            j += 8
        }
        while j < n {
            var sum: Float = 0
            for p in 0..<k { sum += ai[p] * b[p * ldb + j] }
            ci[j] += alpha * sum
            j += 1
        }
    }

    /// C[0..<16] += alpha · (lo, hi).
    @inline(__always)
    static func add(_ lo: SIMD8<Float>, _ hi: SIMD8<Float>, alpha: Float, to c: UnsafeMutablePointer<Float>) {
        let target = UnsafeMutableRawPointer(c)
        target.storeBytes(of: target.loadUnaligned(as: SIMD8<Float>.self) + alpha * lo, as: SIMD8<Float>.self)
        target.storeBytes(
            of: target.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self) + alpha * hi,
            toByteOffset: 32, as: SIMD8<Float>.self)
    }
}
