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
        guard k > 0, alpha != 0 else { return }
        switch (transposeA, transposeB) {
        case (false, false):
            // C[i, :] += alpha · A[i, p] · B[p, :]: rows of B are contiguous.
            for i in 0..<m {
                let ci = c + i * ldc
                for p in 0..<k {
                    let s = alpha * a[i * lda + p]
                    if s != 0 { axpy(s, b + p * ldb, ci, n) }
                }
            }
        case (true, false):
            // op(A) = Aᵀ with A stored k×m: C[i, :] += alpha · A[p, i] · B[p, :].
            for p in 0..<k {
                let ap = a + p * lda, bp = b + p * ldb
                for i in 0..<m {
                    let s = alpha * ap[i]
                    if s != 0 { axpy(s, bp, c + i * ldc, n) }
                }
            }
        case (false, true):
            // op(B) = Bᵀ with B stored n×k: C[i, j] += alpha · dot(A[i, :], B[j, :]).
            for i in 0..<m {
                let ai = a + i * lda, ci = c + i * ldc
                for j in 0..<n { ci[j] += alpha * dot(ai, b + j * ldb, k) }
            }
        case (true, true):
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Float = 0
                    for p in 0..<k { sum += a[p * lda + i] * b[j * ldb + p] }
                    c[i * ldc + j] += alpha * sum
                }
            }
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
