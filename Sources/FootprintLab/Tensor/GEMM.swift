/// Matrix multiply, the engine's one heavy kernel, behind a seam: a pure-Swift SIMD backend is
/// always there; an OpenBLAS backend loaded at run time can replace it where the machine has one.
///
/// All matrices are row-major. `C[m×n] = alpha · op(A) · op(B) + beta · C`, where op(A) is m×k and
/// op(B) is k×n, each given as stored (transposed or not) with its leading dimension.
public protocol GEMMBackend: Sendable {
    /// For output, e.g. "swift-simd" or "openblas".
    var name: String { get }

    func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
              a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
              beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int)
}

/// Pure-Swift GEMM with 8-wide SIMD on the contiguous dimension of each case training uses:
/// X·W (forward), dY·Wᵀ (input gradient) and Xᵀ·dY (weight gradient).
public struct SwiftGEMM: GEMMBackend {
    public let name = "swift-simd"

    public init() {}

    public func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                     a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        scale(c, m: m, n: n, ldc: ldc, beta: beta)
        guard k > 0, alpha != 0, m > 0, n > 0 else { return }
        // Transposed operands are packed into row-major copies so that one register-blocked
        // kernel serves every case. Packing is O(k·(m or n)), small beside the O(m·n·k) product.
        switch (transposeA, transposeB) {
        case (false, false):
            accumulate(m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
        case (true, false):
            withTransposed(a, rows: k, columns: m, ld: lda) { at in
                accumulate(m: m, n: n, k: k, alpha: alpha, a: at, lda: k, b: b, ldb: ldb, c: c, ldc: ldc)
            }
        case (false, true):
            withTransposed(b, rows: n, columns: k, ld: ldb) { bt in
                accumulate(m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: bt, ldb: n, c: c, ldc: ldc)
            }
        case (true, true):
            withTransposed(a, rows: k, columns: m, ld: lda) { at in
                withTransposed(b, rows: n, columns: k, ld: ldb) { bt in
                    accumulate(m: m, n: n, k: k, alpha: alpha, a: at, lda: k, b: bt, ldb: n, c: c, ldc: ldc)
                }
            }
        }
    }

    /// C += alpha · A·B, all row-major. Blocks of 4 rows × 16 columns of C stay in eight SIMD
    /// registers for the whole k loop (one broadcast of A and two loads of B per row and step);
    /// the edges fall back to row updates.
    func accumulate(m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                    b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let br = UnsafeRawPointer(b)
        let stride = MemoryLayout<Float>.stride
        var i = 0
        while i + 4 <= m {
            let a0 = a + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda
            var j = 0
            while j + 16 <= n {
                var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
                var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
                for p in 0..<k {
                    let offset = (p * ldb + j) * stride
                    let b0 = br.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                    let b1 = br.loadUnaligned(fromByteOffset: offset + 8 * stride, as: SIMD8<Float>.self)
                    let x0 = SIMD8<Float>(repeating: a0[p]), x1 = SIMD8<Float>(repeating: a1[p])
                    let x2 = SIMD8<Float>(repeating: a2[p]), x3 = SIMD8<Float>(repeating: a3[p])
                    // Multiply then add, not `addProduct`: the baseline x86-64 target has no FMA
                    // instruction, and a fused multiply-add would become a library call per lane.
                    c00 += x0 * b0; c01 += x0 * b1
                    c10 += x1 * b0; c11 += x1 * b1
                    c20 += x2 * b0; c21 += x2 * b1
                    c30 += x3 * b0; c31 += x3 * b1
                }
                store(c00, c01, row: i, column: j, alpha: alpha, c: c, ldc: ldc)
                store(c10, c11, row: i + 1, column: j, alpha: alpha, c: c, ldc: ldc)
                store(c20, c21, row: i + 2, column: j, alpha: alpha, c: c, ldc: ldc)
                store(c30, c31, row: i + 3, column: j, alpha: alpha, c: c, ldc: ldc)
                j += 16
            }
            if j < n {
                for r in 0..<4 { rowUpdate(row: i + r, from: j, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc) }
            }
            i += 4
        }
        while i < m {
            rowUpdate(row: i, from: 0, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
            i += 1
        }
    }

    /// C[row, column..<column+16] += alpha · (lo, hi).
    @inline(__always)
    func store(_ lo: SIMD8<Float>, _ hi: SIMD8<Float>, row: Int, column: Int, alpha: Float,
               c: UnsafeMutablePointer<Float>, ldc: Int) {
        let target = UnsafeMutableRawPointer(c + row * ldc + column)
        let half = 8 * MemoryLayout<Float>.stride
        target.storeBytes(of: target.loadUnaligned(as: SIMD8<Float>.self) + alpha * lo, as: SIMD8<Float>.self)
        target.storeBytes(of: target.loadUnaligned(fromByteOffset: half, as: SIMD8<Float>.self) + alpha * hi,
                          toByteOffset: half, as: SIMD8<Float>.self)
    }

    /// C[row, from..<n] += alpha · A[row, :]·B[:, from..<n], by axpy over the rows of B.
    @inline(__always)
    func rowUpdate(row: Int, from: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                   b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let ci = c + row * ldc + from
        for p in 0..<k {
            let s = alpha * a[row * lda + p]
            if s != 0 { axpy(s, b + p * ldb + from, ci, n - from) }
        }
    }

    /// Calls `body` with a row-major copy of the transpose of a rows×columns matrix.
    func withTransposed<R>(_ x: UnsafePointer<Float>, rows: Int, columns: Int, ld: Int,
                           _ body: (UnsafePointer<Float>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: rows * columns) { buffer in
            guard let t = buffer.baseAddress else { return body(x) }
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
            return body(UnsafePointer(t))
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

    /// Σ x · y over n values.
    @inline(__always)
    func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>(repeating: 0)
        var j = 0
        let xr = UnsafeRawPointer(x), yr = UnsafeRawPointer(y)
        while j + 8 <= n {
            let offset = j * MemoryLayout<Float>.stride
            acc += xr.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                * yr.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            j += 8
        }
        var sum = acc.sum()
        while j < n {
            sum += x[j] * y[j]
            j += 1
        }
        return sum
    }
}
