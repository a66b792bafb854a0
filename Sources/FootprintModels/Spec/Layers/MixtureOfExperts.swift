import FootprintCore

/// A mixture of experts (Shazeer et al. 2017; Fedus et al. 2022; Jiang et al. 2024): a router (a
/// dense layer d → E without bias, then softmax) picks each token's `topK` of `experts`
/// feed-forward networks, whose outputs are weighted and summed.
///
/// Parameters: total `d·E + E·expert`; active per token `d·E + k·expert`.
/// FLOPs per token: router `2·d·E`, softmax `3·E`, the `k` experts visited, weighting and summing
/// their outputs `(2·k − 1)·d`; choosing the top k is a comparison, not counted.
/// Kept per token: the router's `E` probabilities, the visited experts' hidden values, the output `d`.
struct MixtureOfExperts: Sendable, Hashable {
    let experts: Int
    let topK: Int
    let expert: FeedForward

    /// Reads `experts` and `top_k` beside an expert's keys.
    init(fields: SpecFields, expert: FeedForward) throws(ModelError) {
        experts = try fields.int("experts", in: 2...1_000_000)
        topK = try fields.int("top_k", in: 1...experts)
        self.expert = expert
    }

    /// The keys it reads besides the expert's.
    static let keys = ["experts", "top_k"]

    /// "8 experts, top 2".
    var summary: String { "\(experts) experts, top \(topK)" }

    /// Figures over `positions` tokens of width `d`: parameters total and active, FLOPs and kept values.
    func figures(
        positions: Int, model d: Int, count: Count
    ) throws(ModelError)
        -> (parameters: Int, active: Int, flops: Double, kept: Int)
    {
        let router = try count.times([d, experts], "router weights")
        let one = try expert.parameters(model: d, count: count)
        let parameters = try count.plus([router, try count.times([experts, one], "expert parameters")], "parameters")
        let active = try count.plus([router, try count.times([topK, one], "expert parameters")], "parameters")
        let (e, k, width) = (Double(experts), Double(topK), Double(d))
        let perToken =
            FLOPConvention.dense(positions: 1, inputs: width, outputs: e, bias: false)
            + FLOPConvention.perElementSoftmax * e + k * expert.flopsPerPosition(model: d) + (2 * k - 1) * width
        let keptPerToken = try count.plus(
            [experts, try count.times([topK, expert.keptPerPosition], "expert values"), d], "activation values")
        return (
            parameters, active, Double(positions) * perToken,
            try count.times([positions, keptPerToken], "activation values")
        )
    }
}
