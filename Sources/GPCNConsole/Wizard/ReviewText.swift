import Foundation
import GPCNApp
import GPCNCore
import TerminalUI

/// The review step's text: every answer, the JSON body (password masked), and the equivalent
/// `gpcn create …` and curl commands, so the same request can be scripted. A batch says how it
/// is sent, how long that takes and what it costs (`BatchReview`), and what the name check found.
enum ReviewText {
    static func lines(_ w: CreateForm, endpoint: String, width: Int, glyphs: Glyphs,
                      passwordUse: PasswordUse = PasswordUse(), nameCheck: NameCheckStatus? = nil) -> [[Span]] {
        let request = w.request
        let plan = CreatePlan(request)
        var out: [[Span]] = []
        func row(_ label: String, _ value: String, _ role: Role = .text) {
            out.append([Span(label.fitted(toWidth: 16), .muted), Span(value, role)])
        }
        row("Data center", w.dataCenter.map { "\($0.displayName)\($0.code.map { " (\($0))" } ?? "")" } ?? "?")
        row("Image", w.image?.displayName ?? "?")
        if let size = w.size {
            row("Size", [size.displayName, size.cpu.map { "\($0) vCPU" }, size.ram.map { "\($0) GB RAM" },
                         size.disk.map { "\($0) GB disk" }, size.monthlyPriceText.isEmpty ? nil : size.monthlyPriceText]
                .compactMap { $0 }.joined(separator: ", "))
        } else {
            row("Size", "?")
        }
        switch request.authMethod {
        case .sshKey?: row("Login", "SSH key \(w.sshKey?.displayName ?? request.sshKeyId ?? "?")\(w.sshKey?.fingerprint.map { " (\($0))" } ?? "")")
        case .password?:
            row("Login", "password (\(w.answers.password.count) characters, not shown)")
            if let use = passwordUse.summary { row("", use.text, use.warn ? .warn : .muted) }
        case .custom?: row("Login", "the image's own (authMethod custom)")
        case nil: row("Login", "fixed by the image (no auth method sent)")
        }
        if w.customizations.username {
            row("Username", request.username ?? "image default\(w.image?.username.map { " (\($0))" } ?? "")")
        }
        if let subnet = request.subnetId {
            row("Network", "VPC subnet " + (w.subnet.map { "\($0.displayName)\($0.vpcName.map { " (VPC \($0))" } ?? "")" } ?? subnet))
        } else if let interfaces = request.networkInterfaces {
            let names = interfaces.map { nic in
                (w.networks.first { $0.id == nic.networkId }?.displayName ?? nic.networkId) + (nic.primary ? " (primary)" : "")
            }
            row("Networks", names.joined(separator: ", "))
        } else {
            row("Networks", "default network of the data center")
        }
        row("Public IP", request.acquirePublicIp == true ? "yes, one acquired for each VM"
            : request.allocatePublicIp == true ? "yes, on the primary network" : "no")
        row("Names", request.namePreview(ascii: glyphs == .ascii), .accent)
        if let check = nameCheck, check.names == plan.allNames {
            row("", (check.isWarning ? "Warning: " : "") + check.text, check.isWarning ? .warn : .muted)
        }
        for line in BatchReview.lines(plan, size: w.size) { row(line.label, line.text, line.warn ? .warn : .text) }
        row("Resource group", w.resourceGroup?.displayName ?? "none")
        out.append([])
        out.append([Span("Request body (POST \(endpoint)/resource/virtual-machines)"
                         + (plan.isSplit ? ", 1 of \(plan.creates):" : ":"), .title)])
        for line in json(plan.bodies[0].redacted).split(separator: "\n", omittingEmptySubsequences: false) {
            out.append([Span("  " + line, .muted)])
        }
        out.append([])
        out.append([Span("The same from a script:", .title)])
        for line in wrap(command(w), width: width - 2) { out.append([Span("  " + line, .muted)]) }
        out.append([])
        out.append([Span("With curl:", .title)])
        for line in wrap(curl(plan.bodies[0], endpoint: endpoint), width: width - 2) { out.append([Span("  " + line, .muted)]) }
        return out
    }

    static func json(_ request: CreateVMRequest) -> String { request.prettyJSON }

    /// `gpcn create …` with names where they find the same entry again, ids otherwise.
    static func command(_ w: CreateForm) -> String { w.presetFlags.commandLine() }

    static func curl(_ request: CreateVMRequest, endpoint: String) -> String { request.curlCommand(endpoint: endpoint) }

    /// Breaks a long command at spaces so it fits; continuation lines end in ` \`.
    static func wrap(_ text: String, width: Int) -> [String] {
        let limit = max(20, width - 2)
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if DisplayWidth.of(candidate) > limit, !current.isEmpty {
                lines.append(current + " \\")
                current = "  " + word
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
