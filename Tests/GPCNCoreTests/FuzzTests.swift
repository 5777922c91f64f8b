import Foundation
@testable import GPCNCore
import Testing

/// Deterministic fuzzing of every decoder and validator: random bytes, and random mutations of
/// real bodies. Nothing may crash or hang, and a few invariants must hold. The default run is
/// short; `GPCN_FUZZ_ITERATIONS=200000 swift test --filter Fuzz` runs a long one.
@Suite struct FuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["GPCN_FUZZ_ITERATIONS"] ?? "") ?? 3000
    static let seed = UInt64(ProcessInfo.processInfo.environment["GPCN_FUZZ_SEED"] ?? "") ?? 0x6A09_E667

    static let corpus: [[UInt8]] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixture.directory.path)) ?? []
        var bodies = names.sorted().compactMap { try? Array(Fixture.data($0)) }
        bodies += [
            #"{"success":false,"message":"Invalid Parameters: name: Name is required","error":{"code":"Validation Error","statusCode":422,"details":{"issues":[{"path":"name","message":"Name is required"}]}}}"#,
            #"{"success":false,"error":{"code":"Rate Limited","message":"Too many requests.","retryAfter":840}}"#,
            #"{"success":false,"error":"RATE_LIMIT_EXCEEDED","message":"slow down"}"#,
            #"{"message":"Route Not Found"}"#,
            "<html><head><title>502 Bad Gateway</title></head></html>",
        ].map { Array($0.utf8) }
        return bodies
    }()

    /// A mutation of a real body: flips, deletions, insertions of JSON punctuation, splices.
    static func mutate(_ body: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = body
        let tokens: [[UInt8]] = ["{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "\\u0000",
                                 "\"\u{FEFF}\"", "9223372036854775808", "\"é東\"", "[]", "{}"].map { Array($0.utf8) }
        for _ in 0..<(1 + rng.index(6)) {
            guard !b.isEmpty else { b = tokens[rng.index(tokens.count)]; continue }
            let at = rng.index(b.count)
            switch rng.index(5) {
            case 0: b[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1: b.remove(at: at)
            case 2: b.insert(contentsOf: tokens[rng.index(tokens.count)], at: at)
            case 3: b = Array(b[..<at]) + Array(corpus[rng.index(corpus.count)].suffix(rng.index(64)))
            default: b.insert(contentsOf: Array(b[at..<min(b.count, at + rng.index(32))]), at: at)
            }
        }
        return b
    }

    static func input(_ rng: inout SplitMix64) -> [UInt8] {
        rng.index(4) == 0 ? rng.bytes(rng.index(256)) : mutate(corpus[rng.index(corpus.count)], &rng)
    }

    @Test func decodersNeverCrashOnBadBodies() {
        var rng = SplitMix64(seed: Self.seed)
        let decoder = JSONDecoder()
        var decodedSomething = 0
        for _ in 0..<Self.iterations {
            let data = Data(Self.input(&rng))
            if (try? decoder.decode(Envelope<[DataCenter]>.self, from: data)) != nil { decodedSomething += 1 }
            _ = try? decoder.decode(Envelope<[ImageCategory]>.self, from: data)
            _ = try? decoder.decode(Envelope<SizeCatalog>.self, from: data)
            _ = try? decoder.decode(Envelope<[SSHKey]>.self, from: data)
            _ = try? decoder.decode(Envelope<[Network]>.self, from: data)
            _ = try? decoder.decode(Envelope<[ResourceGroup]>.self, from: data)
            if let jobs = try? decoder.decode(Envelope<JobList>.self, from: data) {
                for job in jobs.data?.jobs ?? [] {
                    #expect((0...100).contains(job.progress))
                    _ = job.state; _ = job.failureText; _ = job.displayName
                }
            }
            _ = try? decoder.decode(Envelope<VirtualMachine>.self, from: data)
            _ = try? decoder.decode(Envelope<AuthCheck>.self, from: data)
            if let env = try? decoder.decode(Envelope<JSONValue>.self, from: data) {
                _ = env.page?.hasMore
                _ = ImageCatalog.reservedUsernames(fromMeta: env.meta)
            }
            let error = APIError.parse(status: 400 + rng.index(200), body: Array(data),
                                       retryAfterHeader: rng.index(3) == 0 ? String(rng.next() % 100_000) : nil)
            #expect(!error.userMessage.contains("\n"), "one line, whatever the body")
            if let r = error.retryAfter { #expect(r >= 0) }
            _ = JournalSummary(contents: Array(data))
        }
        #expect(decodedSomething > 0, "mutations of real bodies sometimes still decode")
    }

    @Test func journalSurvivesTornAndCorruptLines() throws {
        var rng = SplitMix64(seed: Self.seed ^ 0xFF)
        let request = CreateVMRequest(datacenterId: "d", imageId: "i", skuId: "s", name: "web", numberOfInstances: 2,
                                      authMethod: .password, password: "Secret-Pass-123")
        var lines: [[UInt8]] = []
        for i in 0..<40 {
            let entry = JournalEntry.submission(.init(id: "s\(i)", time: "2026-11-30T10:00:00Z", endpoint: "e",
                                                      request: request, jobs: [.init(jobId: "job-\(i)", name: "web-\(i)")]))
            lines.append(try entry.line())
        }
        let whole = lines.flatMap { $0 }
        #expect(!String(decoding: whole, as: UTF8.self).contains("Secret-Pass-123"))
        for _ in 0..<min(Self.iterations, 2000) {
            // A torn tail: cut anywhere; every complete line before the cut must survive.
            let cut = rng.index(whole.count + 1)
            let summary = JournalSummary(contents: Array(whole[..<cut]))
            var complete = 0, offset = 0
            for l in lines { offset += l.count; if offset <= cut { complete += 1 } }
            #expect(summary.jobs.count >= complete)
            #expect(summary.jobs.count <= complete + 1)
        }
    }

    @Test func validatorsNeverCrashAndAgreeWithThemselves() {
        var rng = SplitMix64(seed: Self.seed ^ 0xABCD)
        let alphabet = Array("aZ09!@#%-_.$ é東\u{301}\t\n\u{0}'\"/\\😀 ")
        func text(_ max: Int) -> String { String((0..<rng.index(max)).map { _ in alphabet[rng.index(alphabet.count)] }) }
        let image = VMImage(id: "aaaaaaaa-0000-4000-8000-000000000001", name: "x",
                            config: ImageConfig(customizations: ImageCustomizations(sshKey: true, password: true, username: true)))
        for _ in 0..<Self.iterations {
            let nics = (0..<rng.index(8)).map { _ in NetworkInterface(networkId: rng.index(3) == 0 ? text(40) : "dddddddd-0000-4000-8000-00000000000\(rng.index(9))", primary: rng.index(2) == 0) }
            let request = CreateVMRequest(
                datacenterId: rng.index(4) == 0 ? text(40) : "11111111-1111-4111-8111-111111111111",
                imageId: image.id, skuId: text(40), name: text(70),
                resourceGroupId: rng.index(2) == 0 ? nil : text(40),
                numberOfInstances: rng.index(3) == 0 ? nil : Int(truncatingIfNeeded: rng.next() % 25) - 5,
                allocatePublicIp: rng.index(2) == 0, networkInterfaces: rng.index(3) == 0 ? nil : nics,
                authMethod: AuthMethod.allCases.randomElement(using: &rng), sshKeyId: text(40), password: text(25),
                username: text(25))
            let context = ValidationContext(image: rng.index(2) == 0 ? image : nil, reservedUsernames: ["root", "admin"])
            let all = CreateVMValidator.validate(request, context: context)
            let union = CreateVMField.allCases.flatMap { CreateVMValidator.issues(for: $0, in: request, context: context) }
            #expect(all == union)
            for issue in all { #expect(!issue.message.isEmpty && !issue.path.isEmpty) }
            let password = request.password ?? ""
            let checklist = CreateVMValidator.passwordChecklist(password)
            #expect(checklist.allSatisfy(\.met) == CreateVMValidator.validatePassword(password).isEmpty)
            _ = request.namePreview(ascii: true)
        }
    }

    @Test func nameResolutionNeverCrashes() {
        var rng = SplitMix64(seed: Self.seed ^ 0x77)
        let names = ["Chicago", "東京 Tokyo", "São Paulo", "", "a", "New York"]
        for _ in 0..<Self.iterations {
            let query = String((0..<rng.index(12)).map { _ in Array("chicago tokyo東京 são ")[rng.index(20)] })
            _ = NameResolution.resolve(query, in: names, id: { $0 }, names: { [$0] })
        }
    }
}
