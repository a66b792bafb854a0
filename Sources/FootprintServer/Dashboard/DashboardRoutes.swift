import FootprintCore
import FootprintLedger
import FootprintReport
import Foundation
import Hummingbird

/// The dashboard's HTTP surface, read-only. Pages: `/` (runs), `/runs/{id}`, `/projects/{name}`,
/// `/jobs`, `/jobs/{id}`, `/experiments`; JSON with the fields of the matching `--json` outputs:
/// `/api/runs` (`runs --json`), `/api/runs/{id}` (`runs show --json`), `/api/runs/{id}/report`
/// (`report ID --json`), `/api/jobs/{id}` (`runs --job ID --json`), `/api/projects/{name}`;
/// `/healthz`; `/login` when a token guards it.
public enum DashboardRoutes {
    public static func router(
        reader: LedgerReader, access: DashboardAccess, log: ExporterLog
    )
        -> Router<BasicRequestContext>
    {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(BadRequestLog(log: log))
        router.middlewares.add(DashboardGate(access: access))
        router.get("/healthz") { _, _ -> Response in
            do {
                _ = try await reader.read { try $0.runs(RunFilter(), limit: 1) }
                return text("ok\n", status: .ok)
            } catch {
                return text(
                    "the ledger cannot be read: \(DashboardRefusal.from(error).message)\n", status: .serviceUnavailable)
            }
        }
        router.get("/login") { request, _ -> Response in
            page(
                DashboardPage.login(next: nextPath(request.uri.queryParameters["next"].map(String.init)), wrong: false))
        }
        router.post("/login") { request, context -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 4_096)
            let form = (try? DashboardQuery(String(buffer: body), allowed: ["token", "next"])) ?? DashboardQuery.empty
            let next = nextPath(form["next"])
            guard let session = access.openSession(with: form["token"] ?? "") else {
                return page(DashboardPage.login(next: next, wrong: true), status: .unauthorized)
            }
            var response = Response(status: .seeOther, headers: [.location: next])
            response.setCookie(
                Cookie(name: DashboardAccess.cookieName, value: session, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("/") { request, _ -> Response in
            await respond(api: false) {
                let selection = try RunSelection(
                    DashboardQuery(request.uri.query, allowed: RunSelection.names), defaultLimit: RunsPage.defaultLimit,
                    maximumLimit: RunsPage.maximumLimit)
                let (runs, totals) = try await reader.read { store in
                    (
                        try store.runs(selection.filter, limit: selection.limit, offset: selection.offset),
                        try store.totals(selection.filter)
                    )
                }
                return page(RunsPage.render(selection, runs: runs, totals: totals))
            }
        }
        router.get("/runs/:id") { request, context -> Response in
            await respond(api: false) {
                _ = try DashboardQuery(request.uri.query, allowed: [])
                let id = try parameter("id", context)
                let (model, experiments) = try await reader.read { try DashboardData.report(id, in: $0) }
                let navigation = DashboardPage.navigation()
                return page(
                    experiments.map { ExperimentReport.render($0, run: model, navigation: navigation) }
                        ?? HTMLReport.render(model, navigation: navigation))
            }
        }
        router.get("/projects/:name") { request, context -> Response in
            await respond(api: false) {
                _ = try DashboardQuery(request.uri.query, allowed: [])
                let name = try parameter("name", context)
                let summary = try await reader.read { try DashboardData.project(name, in: $0) }
                guard let summary else {
                    throw DashboardRefusal(.notFound, "no runs of project '\(name)' in the ledger")
                }
                return page(ProjectPage.render(summary))
            }
        }
        router.get("/jobs") { request, _ -> Response in
            await respond(api: false) {
                let selection = try RunSelection(
                    DashboardQuery(request.uri.query, allowed: RunSelection.names), defaultLimit: JobsPage.defaultLimit,
                    maximumLimit: JobsPage.maximumLimit)
                let (jobs, more) = try await reader.read {
                    try DashboardData.jobs(selection, scannedRuns: JobsPage.scannedRuns, in: $0)
                }
                return page(JobsPage.render(jobs, selection: selection, more: more))
            }
        }
        router.get("/jobs/:id") { request, context -> Response in
            await respond(api: false) {
                _ = try DashboardQuery(request.uri.query, allowed: [])
                let id = try parameter("id", context)
                guard let job = try await reader.read({ try $0.job(id) }) else {
                    throw DashboardRefusal(.notFound, "no job '\(id)' in the ledger")
                }
                return page(JobReport.render(job.account, runs: job.runs, navigation: DashboardPage.navigation()))
            }
        }
        router.get("/experiments") { request, _ -> Response in
            await respond(api: false) {
                let selection = try RunSelection(
                    DashboardQuery(request.uri.query, allowed: RunSelection.names),
                    defaultLimit: ExperimentsPage.defaultLimit, maximumLimit: ExperimentsPage.maximumLimit)
                let found = try await reader.read {
                    try DashboardData.experiments(selection, scannedRuns: ExperimentsPage.scannedRuns, in: $0)
                }
                return page(ExperimentsPage.render(found.suites, selection: selection, more: found.more))
            }
        }
        addAPI(to: router, reader: reader)
        return router
    }

    static func addAPI(to router: Router<BasicRequestContext>, reader: LedgerReader) {
        router.get("/api/runs") { request, _ -> Response in
            await respond(api: true) {
                let selection = try RunSelection(
                    DashboardQuery(request.uri.query, allowed: RunSelection.names), defaultLimit: 1_000,
                    maximumLimit: 100_000)
                let (runs, totals) = try await reader.read { store in
                    (
                        try store.runs(selection.filter, limit: selection.limit, offset: selection.offset),
                        try store.totals(selection.filter)
                    )
                }
                var response = try json(runs.map { RunJSON($0) })
                // The whole count, for a script that pages with limit and offset.
                response.headers[HTTPFields.Element.Name("X-Total-Count")!] = String(totals.count)
                return response
            }
        }
        router.get("/api/runs/:id") { request, context -> Response in
            await respond(api: true) {
                _ = try DashboardQuery(request.uri.query, allowed: [])
                let id = try parameter("id", context)
                let object = try await reader.read { store in
                    let run = try store.run(id)
                    let tasks = try store.tasks(of: run.id)
                    // Tasks of a run priced by the hour at their own intervals, as its report prices them.
                    let pricing =
                        run.pricing != nil && !tasks.isEmpty
                        ? run.recordedPricing(samples: try store.samples(of: run.id)) : nil
                    var object = RunJSON(run, tasks: tasks, pricing: pricing)
                    object.sampleCount = try store.sampleCount(of: run.id)
                    return object
                }
                return try json(object)
            }
        }
        router.get("/api/runs/:id/report") { request, context -> Response in
            await respond(api: true) {
                _ = try DashboardQuery(request.uri.query, allowed: [])
                let id = try parameter("id", context)
                let (model, experiments) = try await reader.read { try DashboardData.report(id, in: $0) }
                return try json(ReportJSON(model, experiments: experiments))
            }
        }
        router.get("/api/projects/:name") { request, context -> Response in
            await respond(api: true) {
                _ = try DashboardQuery(request.uri.query, allowed: [])
                let name = try parameter("name", context)
                guard let summary = try await reader.read({ try DashboardData.project(name, in: $0) }) else {
                    throw DashboardRefusal(.notFound, "no runs of project '\(name)' in the ledger")
                }
                return try json(ProjectJSON(summary))
            }
        }
        router.get("/api/jobs/:id") { request, context -> Response in
            await respond(api: true) {
                _ = try DashboardQuery(request.uri.query, allowed: [])
                let id = try parameter("id", context)
                guard let job = try await reader.read({ try $0.job(id) }) else {
                    throw DashboardRefusal(.notFound, "no job '\(id)' in the ledger")
                }
                return try json(JobAccountJSON(job.account))
            }
        }
    }

    /// A path parameter, percent-decoded.
    static func parameter(_ name: String, _ context: BasicRequestContext) throws(DashboardRefusal) -> String {
        guard let raw = context.parameters.get(name), let text = DashboardQuery.decode(raw[...], plusIsSpace: false),
            !text.isEmpty
        else { throw DashboardRefusal(.badRequest, "the \(name) in the path is not valid percent-encoded UTF-8") }
        return text
    }

    /// The page a login leads to: a path of this site, `/` for anything else (another site's address).
    static func nextPath(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
            !text.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return "/" }
        return text
    }

    /// The handler's response, or its error as one: a page that says it, or one line of text for the API.
    static func respond(api: Bool, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            let refusal = DashboardRefusal.from(error)
            return api
                ? text(refusal.message + "\n", status: refusal.status)
                : page(DashboardPage.problem(refusal), status: refusal.status)
        }
    }

    /// Headers every answer carries: nothing from elsewhere may run or load (the pages need no
    /// script, font or image), no other site may frame them, no cache keeps them.
    static let safety: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'",
        HTTPFields.Element.Name("X-Content-Type-Options")!: "nosniff", .cacheControl: "no-store"
    ]

    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = safety
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func text(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers = safety
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// JSON as the CLI prints it: indented, keys sorted, slashes unescaped; a figure that is not a
    /// finite number refused (JSON has none).
    static func json<T: Encodable>(_ value: T) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .throw
        var headers = safety
        headers[.contentType] = "application/json"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value) + [UInt8(ascii: "\n")])))
    }
}
