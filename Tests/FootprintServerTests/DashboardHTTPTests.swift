import FootprintCore
import FootprintLedger
import FootprintReport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FootprintServer

/// The dashboard over HTTP, in process: pages, the JSON API (the `--json` shapes), validation,
/// escaping and the token.
@Suite struct DashboardHTTPTests {
    let ledger: Ledger
    init() throws { ledger = try DashboardLedger.seeded() }

    func app(token: String? = nil, log: ExporterLog = .silent) -> some ApplicationProtocol {
        Application(
            router: DashboardRoutes.router(
                reader: LedgerReader(store: ledger), access: DashboardAccess(token: token), log: log))
    }

    static func json(_ buffer: ByteBuffer) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8))
    }

    /// The bytes the CLI's `--json` prints for the same value.
    static func cliJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    @Test func theRunsPageListsTheRunsWithTotalsAndTheFilterNarrowsIt() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let page = String(buffer: response.body)
                for id in ["aaaa1111", "bbbb2222", "cccc3333", "dddd4444", "dddd5555", "eeee6666"] {
                    #expect(page.contains("/runs/\(id)"), "\(id)")
                }
                #expect(page.contains("<meta name=\"viewport\""))
                #expect(!page.contains("<script"), "no script of ours, and the ledger's markup escaped")
            }
            try await client.execute(uri: "/?project=vision&user=ada", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("/runs/aaaa1111") && page.contains("/runs/dddd4444"))
                #expect(!page.contains("/runs/bbbb2222") && !page.contains("/runs/cccc3333"))
                #expect(page.contains("value=\"vision\""), "the form shows the filter")
            }
            try await client.execute(uri: "/?limit=2&offset=2", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Runs 3–4 of 6"))
                #expect(page.contains("/?limit=2\">← newer") && page.contains("/?limit=2&amp;offset=4\">older →"))
            }
        }
    }

    @Test func theAPIPrintsWhatTheCLIsJSONPrints() async throws {
        let ledger = self.ledger
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/runs?project=vision", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[HTTPFields.Element.Name("X-Total-Count")!] == "4")
                let expected = try Self.cliJSON(try ledger.runs(project: "vision").map { RunJSON($0) })
                #expect(String(buffer: response.body) == expected)
            }
            try await client.execute(uri: "/api/runs/aaaa", method: .get) { response in
                let run = try ledger.run("aaaa1111")
                var object = RunJSON(run, tasks: try ledger.tasks(of: run.id))
                object.sampleCount = 4
                #expect(String(buffer: response.body) == (try Self.cliJSON(object)))
            }
            try await client.execute(uri: "/api/runs/aaaa1111/report", method: .get) { response in
                let object = try #require(try Self.json(response.body) as? [String: Any])
                #expect((object["predictions"] as? [Any])?.count == 1)
                #expect((object["power_intervals"] as? [Any])?.isEmpty == false)
            }
            try await client.execute(uri: "/api/runs/eeee6666/report", method: .get) { response in
                let object = try #require(try Self.json(response.body) as? [String: Any])
                #expect((object["experiment_suite"] as? [String: Any])?["run_id"] as? String == "eeee6666")
            }
            try await client.execute(uri: "/api/jobs/4242", method: .get) { response in
                let job = try #require(try ledger.job("4242"))
                #expect(String(buffer: response.body) == (try Self.cliJSON(JobAccountJSON(job.account))))
                let object = try #require(try Self.json(response.body) as? [String: Any])
                #expect((object["nodes"] as? [Any])?.count == 2)
            }
            try await client.execute(uri: "/api/projects/vision", method: .get) { response in
                let object = try #require(try Self.json(response.body) as? [String: Any])
                #expect(object["runs"] as? Int == 4)
                let users = (object["by_user"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                #expect(Set(users ?? []) == ["ada", "bob"])
                #expect((object["by_host"] as? [Any])?.count == 2)
                #expect((object["top_runs"] as? [[String: Any]])?.first?["id"] as? String == "dddd5555")
            }
            try await client.execute(uri: "/api/runs/ffff", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).hasPrefix("no run"))
            }
            try await client.execute(uri: "/api/jobs/nope", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func pagesOfARunAProjectJobsAndExperimentsDraw() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/runs/aaaa1111", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("Power by component") && page.contains("<svg"))
                #expect(page.contains("Forecast vs actual"))
                #expect(page.contains("<nav class=\"dash\">"))
            }
            try await client.execute(uri: "/runs/eeee6666", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("training-set-size") && page.contains("class=\"verdict"))
            }
            try await client.execute(uri: "/projects/vision", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Energy per day") && page.contains("Cumulative CO2e"))
                #expect(page.contains("By user") && page.contains("By host") && page.contains("Top runs by energy"))
            }
            try await client.execute(uri: "/jobs", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("/jobs/4242") && page.contains("2 nodes") && page.contains("node-b"))
            }
            try await client.execute(uri: "/jobs/4242", method: .get) { response in
                #expect(String(buffer: response.body).contains("Energy by node and component"))
            }
            try await client.execute(uri: "/experiments", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("/runs/eeee6666") && page.contains("training-set-size"))
                #expect(page.contains("<svg"))
            }
            try await client.execute(uri: "/projects/none", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body) == "ok\n")
            }
        }
    }

    @Test func aRunNamedMarkupRendersAsText() async throws {
        try await app().test(.router) { client in
            for uri in ["/", "/runs/cccc3333", "/projects/nlp", "/?project=%3Cb%3Ex%3C/b%3E"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let page = String(buffer: response.body)
                    #expect(!page.contains("<script") && !page.contains("<b>x"), "\(uri)")
                }
            }
            try await client.execute(uri: "/runs/cccc3333", method: .get) { response in
                #expect(String(buffer: response.body).contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
        }
    }

    @Test(arguments: [
        ("/?since=2027-13-01", "'since' takes a UTC date"), ("/?status=done", "'status' takes running"),
        ("/?limit=0", "'limit' takes a whole number from 1"), ("/?colour=red", "unknown query parameter 'colour'"),
        ("/?project=a&project=b", "'project' is given twice"), ("/?user=%ZZ", "not valid percent-encoded"),
        ("/?since=2027-01-02&until=2027-01-01", "'until' must be after 'since'"),
        ("/api/runs?offset=-1", "'offset' takes a whole number"), ("/runs/aaaa1111?x=1", "takes no query parameters"),
        ("/?since=2027-02-30", "not a day of the calendar"), ("/?host=a%01b", "control character")
    ])
    func aBadQueryIsRefusedWithOneLine(uri: String, message: String) async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                let body = String(buffer: response.body)
                #expect(body.contains(message), "\(uri): \(body)")
                if uri.hasPrefix("/api/") { #expect(body.split(separator: "\n").count == 1) }
            }
        }
    }

    @Test func sinceAndUntilAreUTCDatesOrTimes() async throws {
        try await app().test(.router) { client in
            // The seeded runs start on 2027-01-15 … 2027-01-19.
            try await client.execute(uri: "/api/runs?since=2027-01-16&until=2027-01-17T00:00:00Z", method: .get) {
                response in
                let ids = (try Self.json(response.body) as? [[String: Any]])?.compactMap { $0["id"] as? String }
                #expect(ids == ["bbbb2222"])
            }
            try await client.execute(uri: "/api/runs?status=finished&host=node-b", method: .get) { response in
                let ids = (try Self.json(response.body) as? [[String: Any]])?.compactMap { $0["id"] as? String }
                #expect(ids == ["dddd5555", "bbbb2222"])
            }
        }
    }

    @Test func withATokenEveryRequestNeedsItAndItIsNeverLogged() async throws {
        let lines = LogLines()
        let token = "s3cret-token-value"
        try await app(token: token, log: lines.log).test(.router) { client in
            try await client.execute(uri: "/api/runs", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(
                uri: "/api/runs", method: .get, headers: [.authorization: "Bearer wrong-\(token)"]
            ) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/runs", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                response in
                #expect(response.status == .ok)
            }
            // A page without the token is the login form, which leads back to it.
            try await client.execute(uri: "/projects/vision", method: .get) { response in
                #expect(response.status == .unauthorized)
                let page = String(buffer: response.body)
                #expect(page.contains("action=\"/login\"") && page.contains("value=\"/projects/vision\""))
            }
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=nope&next=%2Fprojects%2Fvision")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
                #expect(String(buffer: response.body).contains("That token is not right."))
            }
            var cookie = ""
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(token)&next=%2Fprojects%2Fvision")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/projects/vision")
                let setCookie = try #require(response.headers[.setCookie])
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                #expect(!setCookie.contains(token))
                cookie = String(setCookie.split(separator: ";")[0])
            }
            try await client.execute(uri: "/projects/vision", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/projects/vision", method: .get, headers: [.cookie: "footprint_session=\(token)"]
            ) { response in
                #expect(response.status == .unauthorized)
            }
            // Probes need no token.
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            // Another site's address is no place to lead to.
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(token)&next=%2F%2Fevil.example")
            ) { response in
                #expect(response.headers[.location] == "/")
            }
        }
        #expect(!lines.all.isEmpty, "the refusals are logged")
        #expect(!lines.all.contains { $0.contains(token) || $0.contains("nope") }, "\(lines.all)")
    }

    @Test func tokensCompareByEveryByte() {
        #expect(DashboardAccess.equalInConstantTime("abc", "abc"))
        #expect(!DashboardAccess.equalInConstantTime("abc", "abd"))
        #expect(!DashboardAccess.equalInConstantTime("abc", "abcd"))
        #expect(!DashboardAccess.equalInConstantTime("", "a"))
        // Lengths 256 apart: the length check is not fooled by a byte's wrap-around.
        #expect(!DashboardAccess.equalInConstantTime("a", "a" + String(repeating: "\0", count: 256)))
    }
}
