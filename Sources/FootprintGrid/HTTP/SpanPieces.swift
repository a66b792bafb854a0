/// A span cut into consecutive pieces no longer than an API answers in one request (14 days for
/// the UK API, 10 for Electricity Maps' past range, 32 for WattTime's history).
enum SpanPieces {
    static func split(from: Double, to: Double, longest: Double) -> [(from: Double, to: Double)] {
        guard longest > 0 else { return [(from, to)] }
        var pieces: [(from: Double, to: Double)] = []
        var start = from
        while start < to {
            let end = min(to, start + longest)
            pieces.append((start, end))
            start = end
        }
        return pieces
    }
}
