/// The success envelope of every GPCN answer: `{ success, message, data, meta }` (docs/api.md §1.3).
public struct Envelope<Payload: Decodable & Sendable>: Decodable, Sendable {
    public var success: Bool?
    public var message: String?
    public var data: Payload?
    public var meta: JSONValue?

    enum CodingKeys: String, CodingKey { case success, message, data, meta }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        success = c.lenientBool(.success)
        message = c.lenientString(.message)
        // A list payload skips malformed elements instead of failing the whole answer.
        if let list = Payload.self as? any LossyListDecodable.Type,
           let items = list.decodeSkippingBadElements(from: c, forKey: .data) as? Payload {
            data = items
        } else {
            data = try c.decodeIfPresent(Payload.self, forKey: .data)
        }
        meta = try? c.decodeIfPresent(JSONValue.self, forKey: .meta)
    }

    public init(success: Bool? = true, message: String? = "", data: Payload?, meta: JSONValue? = nil) {
        self.success = success; self.message = message; self.data = data; self.meta = meta
    }

    /// The pagination object of list endpoints, when `meta` carries one.
    public var page: PageMeta? { meta.flatMap(PageMeta.init(json:)) }
}

extension Envelope: Encodable where Payload: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(success, forKey: .success)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encode(data, forKey: .data)
        try c.encode(meta ?? .null, forKey: .meta)
    }
}

/// Pagination meta of list endpoints (docs/api.md §1.4).
public struct PageMeta: Sendable, Equatable, Codable {
    public var total: Int?
    public var page: Int?
    public var pageSize: Int?
    public var totalPages: Int?
    public var hasNextPage: Bool?
    public var hasPreviousPage: Bool?

    public init(total: Int, page: Int, pageSize: Int) {
        self.total = total
        self.page = page
        self.pageSize = pageSize
        let pages = pageSize > 0 ? (total + pageSize - 1) / pageSize : 1
        self.totalPages = max(pages, 1)
        self.hasNextPage = page < max(pages, 1)
        self.hasPreviousPage = page > 1
    }

    init?(json: JSONValue) {
        guard case .object = json else { return nil }
        func int(_ k: String) -> Int? {
            guard let d = json[k]?.doubleValue, d.isFinite, abs(d) < 1e15 else { return nil }
            return Int(d)
        }
        func bool(_ k: String) -> Bool? { if case .bool(let b)? = json[k] { return b }; return nil }
        total = int("total"); page = int("page"); pageSize = int("pageSize"); totalPages = int("totalPages")
        hasNextPage = bool("hasNextPage"); hasPreviousPage = bool("hasPreviousPage")
        if total == nil && page == nil && totalPages == nil && hasNextPage == nil { return nil }
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [:]
        if let total { o["total"] = .number(Double(total)) }
        if let page { o["page"] = .number(Double(page)) }
        if let pageSize { o["pageSize"] = .number(Double(pageSize)) }
        if let totalPages { o["totalPages"] = .number(Double(totalPages)) }
        if let hasNextPage { o["hasNextPage"] = .bool(hasNextPage) }
        if let hasPreviousPage { o["hasPreviousPage"] = .bool(hasPreviousPage) }
        return .object(o)
    }

    /// Whether a page after `page` exists, from whichever fields the server sent.
    public var hasMore: Bool {
        if let hasNextPage { return hasNextPage }
        if let totalPages, let page { return page < totalPages }
        return false
    }
}

/// Arrays of decodable elements, decoded element by element so that one bad item is skipped.
protocol LossyListDecodable {
    static func decodeSkippingBadElements<K: CodingKey>(from c: KeyedDecodingContainer<K>, forKey key: K) -> Self?
}

extension Array: LossyListDecodable where Element: Decodable {
    static func decodeSkippingBadElements<K: CodingKey>(from c: KeyedDecodingContainer<K>, forKey key: K) -> Self? {
        c.lenientArray(Element.self, key)
    }
}
