import Testing
@testable import GPCNCore

@Suite("Proxy choice from the environment (curl's rules)")
struct ProxyRuleTests {
    let api = "https://api.gpcn.com/v1"
    let sim = "http://127.0.0.1:8080/v1"

    func choose(_ url: String, _ env: [String: String]) throws -> ProxyChoice? {
        try ProxyRule.proxy(for: url, environment: env)
    }

    @Test("https uses https_proxy, else HTTPS_PROXY; lowercase wins")
    func httpsVariables() throws {
        #expect(try choose(api, ["HTTPS_PROXY": "http://up:3128"])?.address == "up:3128")
        #expect(try choose(api, ["HTTPS_PROXY": "http://up:3128"])?.variable == "HTTPS_PROXY")
        let both = try choose(api, ["HTTPS_PROXY": "http://up:3128", "https_proxy": "http://low:8080"])
        #expect(both?.address == "low:8080")
        #expect(both?.variable == "https_proxy")
        // http_proxy does not apply to https URLs.
        #expect(try choose(api, ["http_proxy": "http://p:1"]) == nil)
    }

    @Test("http uses http_proxy, else HTTP_PROXY unless run as CGI (httpoxy)")
    func httpProxyVariables() throws {
        #expect(try choose(sim, ["HTTP_PROXY": "http://p:3128"])?.address == "p:3128")
        #expect(try choose(sim, ["HTTP_PROXY": "http://p:3128", "REQUEST_METHOD": "GET"]) == nil,
                "a CGI request's Proxy: header must never pick the proxy")
        #expect(try choose(sim, ["http_proxy": "http://p:3128"])?.address == "p:3128")
        #expect(try choose(sim, ["http_proxy": "http://low:1", "HTTP_PROXY": "http://up:2"])?.address == "low:1",
                "lowercase wins")
        #expect(try choose(sim, ["HTTPS_PROXY": "http://p:3128"]) == nil)
    }

    @Test("all_proxy, then ALL_PROXY, when no scheme variable is set")
    func allProxy() throws {
        #expect(try choose(api, ["ALL_PROXY": "http://a:1"])?.variable == "ALL_PROXY")
        #expect(try choose(sim, ["all_proxy": "http://a:1", "ALL_PROXY": "http://b:1"])?.variable == "all_proxy")
        #expect(try choose(api, ["HTTPS_PROXY": "http://s:1", "all_proxy": "http://a:1"])?.variable == "HTTPS_PROXY")
    }

    @Test("a variable set to empty means no proxy and stops the search")
    func emptyMeansNone() throws {
        #expect(try choose(api, ["https_proxy": "", "HTTPS_PROXY": "http://p:1"]) == nil)
        #expect(try choose(api, ["HTTPS_PROXY": "", "ALL_PROXY": "http://p:1"]) == nil)
    }

    @Test("proxy URL forms: no scheme, default port 1080, credentials decoded, IPv6")
    func proxyURLs() throws {
        let bare = try ProxyRule.parse("proxy.corp", variable: "HTTPS_PROXY")
        #expect(bare.host == "proxy.corp" && bare.port == 1080)
        let cred = try ProxyRule.parse("http://al%40ice:p%3Ass@proxy.corp:3128/", variable: "HTTPS_PROXY")
        #expect(cred.user == "al@ice" && cred.password == "p:ss" && cred.port == 3128)
        let v6 = try ProxyRule.parse("http://[::1]:3128", variable: "HTTPS_PROXY")
        #expect(v6.host == "::1" && v6.address == "[::1]:3128")
    }

    @Test("the description never shows the user name or the password")
    func noSecretsInDescription() throws {
        let cred = try ProxyRule.parse("http://alice:s3cret@proxy.corp:3128", variable: "HTTPS_PROXY")
        #expect(cred.description == "proxy proxy.corp:3128 (from HTTPS_PROXY, with credentials)")
        #expect(!"\(cred)".contains("s3cret") && !"\(cred)".contains("alice"))
    }

    @Test("unusable proxy URLs are configuration errors naming the variable, never quoting the value",
          arguments: ["https://p:3128", "socks5://p:1080", "ftp://p:21", "http://p:99999", "http://p:3128/path",
                      "http://:3128", "http://user:s3cret@p:x"])
    func refused(_ value: String) {
        do {
            _ = try ProxyRule.parse(value, variable: "HTTPS_PROXY")
            Issue.record("accepted \(value)")
        } catch let error as APIError {
            guard case .configuration(let text) = error.kind else { Issue.record("kind \(error.kind)"); return }
            #expect(text.hasPrefix("HTTPS_PROXY "))
            #expect(!text.contains("s3cret"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("no_proxy wins over NO_PROXY, even when empty")
    func noProxyPrecedence() throws {
        let env = ["HTTPS_PROXY": "http://p:1", "NO_PROXY": "api.gpcn.com"]
        #expect(try choose(api, env) == nil)
        var lower = env
        lower["no_proxy"] = ""
        #expect(try choose(api, lower)?.address == "p:1")
    }

    @Test("no_proxy host names and domain suffixes, with or without a leading dot",
          arguments: [
            ("api.gpcn.com", "api.gpcn.com", true),
            ("gpcn.com", "api.gpcn.com", true),
            (".gpcn.com", "api.gpcn.com", true),
            ("GPCN.COM", "api.gpcn.com", true),
            ("pcn.com", "api.gpcn.com", false),
            ("notgpcn.com", "gpcn.com", false),
            ("api.gpcn.com", "gpcn.com", false),
            ("other.com, gpcn.com", "api.gpcn.com", true),
            ("other.com gpcn.com", "api.gpcn.com", true),
            ("*", "anything.example", true),
            ("*.gpcn.com", "api.gpcn.com", false),   // no wildcards inside a list, as in curl
            ("", "api.gpcn.com", false),
            ("gpcn.com.", "api.gpcn.com.", true),
          ])
    func names(_ list: String, _ host: String, _ exempt: Bool) {
        #expect(ProxyRule.exempts(list, host: host) == exempt)
    }

    @Test("no_proxy addresses and CIDR ranges; loopback is not exempt unless listed",
          arguments: [
            ("127.0.0.1", "127.0.0.1", true),
            ("localhost", "127.0.0.1", false),
            ("", "127.0.0.1", false),
            ("10.0.0.0/8", "10.20.30.40", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.168.1.0/24", "192.168.1.77", true),
            ("192.168.1.0/24", "192.168.2.77", false),
            ("::1", "::1", true),
            ("[::1]", "[::1]", true),
            ("fd00::/8", "fd12:3456::1", true),
            ("fd00::/8", "fe80::1", false),
            ("10.0.0.1", "10.0.0.10", false),
            ("1.2.3.4/40", "1.2.3.4", false),
          ])
    func addresses(_ list: String, _ host: String, _ exempt: Bool) {
        #expect(ProxyRule.exempts(list, host: host) == exempt)
    }

    @Test("a loopback simulator goes through http_proxy when NO_PROXY does not list it")
    func loopbackThroughProxy() throws {
        #expect(try choose(sim, ["http_proxy": "http://127.0.0.1:3128", "NO_PROXY": ""])?.address == "127.0.0.1:3128")
        #expect(try choose(sim, ["http_proxy": "http://127.0.0.1:3128", "NO_PROXY": "127.0.0.1"]) == nil)
    }

    @Test("IPv6 parsing")
    func ipv6() {
        #expect(IPAddress("::1")?.bytes == Array(repeating: 0, count: 15) + [1])
        #expect(IPAddress("::ffff:1.2.3.4")?.bytes == Array(repeating: 0, count: 10) + [0xff, 0xff, 1, 2, 3, 4])
        #expect(IPAddress("1:2:3:4:5:6:7:8") != nil)
        #expect(IPAddress("1:2:3:4:5:6:7:8:9") == nil)
        #expect(IPAddress("1::2::3") == nil)
        #expect(IPAddress("gpcn.com") == nil)
    }
}
