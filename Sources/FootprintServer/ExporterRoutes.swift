import FootprintCore
import Hummingbird

/// The exporter's HTTP surface: `/metrics` (Prometheus text, or OpenMetrics when the `Accept` header
/// asks for it), `/healthz` (200 "ok" while sampling works, 503 otherwise), 404 elsewhere.
public enum ExporterRoutes {
    /// The router over a snapshot; `clock` tells `/healthz` the time.
    public static func router(
        snapshot: MetricsSnapshot, log: ExporterLog, clock: @escaping @Sendable () -> Double = monotonicSeconds
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(BadRequestLog(log: log))
        router.get("/metrics") { request, _ -> Response in
            let rendering = snapshot.current
            let openMetrics = wantsOpenMetrics(request.headers[values: .accept])
            return Response(
                status: .ok,
                headers: [
                    .contentType: openMetrics ? MetricsText.openMetricsContentType : MetricsText.prometheusContentType
                ],
                body: ResponseBody(byteBuffer: openMetrics ? rendering.openMetrics : rendering.prometheus))
        }
        router.get("/healthz") { _, _ -> Response in
            let healthy = snapshot.healthy(now: clock())
            return Response(
                status: healthy ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: healthy ? "ok\n" : "sampling has stopped\n")))
        }
        return router
    }

    /// Whether an `Accept` header lists OpenMetrics text with a weight above 0 (Prometheus sends
    /// `application/openmetrics-text;version=1.0.0;q=0.5,…,text/plain;version=0.0.4;q=0.2`).
    static func wantsOpenMetrics(_ accept: [String]) -> Bool {
        for field in accept {
            for range in field.split(separator: ",") {
                let parts = range.split(separator: ";").map { String($0.filter { !$0.isWhitespace }) }
                guard parts.first?.lowercased() == "application/openmetrics-text" else { continue }
                let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
                if weight > 0 { return true }
            }
        }
        return false
    }
}

/// Logs every request answered with an error status: a path that does not exist, a wrong method.
struct BadRequestLog: RouterMiddleware {
    typealias Context = BasicRequestContext
    let log: ExporterLog

    func handle(
        _ request: Request, context: BasicRequestContext,
        next: (Request, BasicRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            let response = try await next(request, context)
            if response.status.code >= 400 { note(request, response.status.code) }
            return response
        } catch let error as any HTTPResponseError {
            note(request, error.status.code)
            throw error
        }
    }

    private func note(_ request: Request, _ status: Int) {
        // The path only, and no longer than a line should be: a client's garbage is not repeated whole.
        log("bad request: \(request.method) \(request.uri.path.prefix(200)) answered \(status)")
    }
}
