import Foundation

/// Updates parameters from their gradients.
public protocol Optimizer {
    func step(_ parameters: [Parameter])
}

/// Stochastic gradient descent, with momentum μ: v ← μ·v + g; w ← w − lr·v (PyTorch's form).
public final class SGD: Optimizer {
    public let learningRate: Float
    public let momentum: Float

    public init(learningRate: Float, momentum: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public func step(_ parameters: [Parameter]) {
        for p in parameters {
            let n = p.count
            if momentum == 0 {
                p.value.storage.withUnsafeMutableBufferPointer { w in
                    p.gradient.storage.withUnsafeBufferPointer { g in for i in 0..<n { w[i] -= learningRate * g[i] } }
                }
                continue
            }
            if p.firstMoment.count != n { p.firstMoment = [Float](repeating: 0, count: n) }
            p.value.storage.withUnsafeMutableBufferPointer { w in
                p.gradient.storage.withUnsafeBufferPointer { g in
                    p.firstMoment.withUnsafeMutableBufferPointer { v in
                        for i in 0..<n {
                            v[i] = momentum * v[i] + g[i]
                            w[i] -= learningRate * v[i]
                        }
                    }
                }
            }
        }
    }
}

/// Adam (Kingma & Ba 2015) with bias correction.
public final class Adam: Optimizer {
    public let learningRate: Float, beta1: Float, beta2: Float, epsilon: Float
    private var steps = 0

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        (self.learningRate, self.beta1, self.beta2, self.epsilon) = (learningRate, beta1, beta2, epsilon)
    }

    public func step(_ parameters: [Parameter]) {
        steps += 1
        let correction1 = 1 - pow(beta1, Float(steps)), correction2 = 1 - pow(beta2, Float(steps))
        for p in parameters {
            let n = p.count
            if p.firstMoment.count != n {
                p.firstMoment = [Float](repeating: 0, count: n)
                p.secondMoment = [Float](repeating: 0, count: n)
            }
            p.value.storage.withUnsafeMutableBufferPointer { w in
                p.gradient.storage.withUnsafeBufferPointer { g in
                    p.firstMoment.withUnsafeMutableBufferPointer { m in
                        p.secondMoment.withUnsafeMutableBufferPointer { v in
                            for i in 0..<n {
                                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                                w[i] -=
                                    learningRate * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
                            }
                        }
                    }
                }
            }
        }
    }
}
