import Foundation

// How a create body is shown to a person or a script: the JSON (password masked by the
// caller with `.redacted`) and the equivalent curl command. The wizard's review and
// `gpcn create --dry-run` both print these, so they cannot drift apart.
extension CreateVMRequest {
    /// Pretty JSON with sorted keys, as the review and `--dry-run` show it. Pass `.redacted`
    /// for anything a person will see.
    public var prettyJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The same request with curl, the key taken from `$GPCN_API_KEY` and the password masked.
    public func curlCommand(endpoint: String) -> String {
        let body = redacted.prettyJSON.split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return "curl \(endpoint)/resource/virtual-machines --request POST --header 'Content-Type: application/json' " +
            "--header \"X-API-Key: $GPCN_API_KEY\" --data \(Shell.quote(body))"
    }
}
