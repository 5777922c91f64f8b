import GPCNCore

/// What a review says about a batch before it is sent, in the same words in the wizard, accessible
/// mode and `gpcn create` (docs/product.md, "Before sending: the review and the name check"):
/// how it is sent (how names map to creates), about how long sending takes at the rate budget,
/// and what the batch costs a month when the size has a price.
public enum BatchReview {
    public struct Line: Sendable, Equatable {
        public var label: String
        public var text: String
        /// Worth the operator's attention (drawn in the warn role).
        public var warn: Bool
        public init(_ label: String, _ text: String, warn: Bool = false) {
            self.label = label; self.text = text; self.warn = warn
        }
    }

    /// The lines about `plan`: "Sent as" and "Sending" for a batch of several creates, "Monthly
    /// cost" for more than one VM of a priced size. Nothing for one VM in one create.
    /// - Parameter limitPerMinute: the server's request limit when one is known, else nil (the
    ///   documented default is assumed, and said).
    public static func lines(_ plan: CreatePlan, size: VMSize?, limitPerMinute: Int? = nil) -> [Line] {
        var out: [Line] = []
        if let summary = plan.summary { out.append(Line("Sent as", summary, warn: true)) }
        if let sending = sendingText(plan, limitPerMinute: limitPerMinute) { out.append(Line("Sending", sending)) }
        if plan.allNames.count > 1, let cost = costText(count: plan.allNames.count, size: size) {
            out.append(Line("Monthly cost", cost))
        }
        return out
    }

    /// "about 15 s to send them all, at 100/min (the documented default)"; nil for one create.
    public static func sendingText(_ plan: CreatePlan, limitPerMinute: Int? = nil) -> String? {
        guard plan.isSplit else { return nil }
        let seconds = plan.sendingSeconds(limitPerMinute: limitPerMinute)
        let budget = limitPerMinute.map { "\($0)/min (the server's limit)" }
            ?? "\(CreatePlan.documentedLimitPerMinute)/min (the documented default)"
        return "about \(duration(seconds)) to send them all, at \(budget)"
    }

    /// "12 s", "2 min 24 s", "3 min"; rounded up to a whole second, at least 1 s.
    public static func duration(_ seconds: Double) -> String {
        let s = max(1, Int(seconds.rounded(.up)))
        guard s >= 90 else { return "\(s) s" }
        return s % 60 == 0 ? "\(s / 60) min" : "\(s / 60) min \(s % 60) s"
    }

    /// "$1,138.75/mo for 25 VMs ($45.55/mo each)"; nil when the size has no monthly price.
    public static func costText(count: Int, size: VMSize?) -> String? {
        guard let size, !size.monthlyPriceText.isEmpty, let month = size.pricePerMonth else { return nil }
        let cents = Int((month * 100).rounded()) * count
        let currency = size.currency ?? "USD"
        let symbol = currency == "USD" ? "$" : currency + " "
        return "\(symbol)\(grouped(cents / 100)).\(cents % 100 < 10 ? "0" : "")\(cents % 100)/mo for \(count) VMs "
            + "(\(size.monthlyPriceText) each)"
    }

    /// 1138 -> "1,138".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
