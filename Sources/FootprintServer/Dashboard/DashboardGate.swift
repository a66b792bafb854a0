import Hummingbird

/// Lets through the requests ``DashboardAccess`` admits, and `/healthz` and `/login` always; the
/// rest get 401: the API one line and a `WWW-Authenticate: Bearer` challenge, a page the login
/// form, which leads back to it.
struct DashboardGate: RouterMiddleware {
    typealias Context = BasicRequestContext
    let access: DashboardAccess

    func handle(
        _ request: Request, context: BasicRequestContext,
        next: (Request, BasicRequestContext) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if access.isOpen || path == "/healthz" || path == "/login" || access.admits(request) {
            return try await next(request, context)
        }
        if path == "/api" || path.hasPrefix("/api/") {
            var response = DashboardRoutes.text(
                "this dashboard needs its token: send Authorization: Bearer TOKEN\n", status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        let query = request.uri.query.map { "?" + $0 } ?? ""
        let target = request.method == .get ? DashboardRoutes.nextPath(path + query) : "/"
        return DashboardRoutes.page(DashboardPage.login(next: target, wrong: false), status: .unauthorized)
    }
}
