import GPCNCore

/// The default login user of the images jobs were created from, for an inventory's
/// `ansible_user` / `User` when the create request gave no username. From the images list of
/// each data center involved (one call per data center); an image that does not say has none
/// (docs/api.md: the documented image is `{id, name}`), and nothing is guessed.
public enum ImageLogins {
    /// The image ids to look up, by data center id: those of jobs (with a VM, succeeded or
    /// running) whose request has no username.
    public static func needed(_ jobs: [TrackedJob]) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for t in jobs where (t.state == .succeeded || t.state == .running) && t.job.resourceId != nil {
            guard let r = t.request, r.username?.trimmingWhitespace().isEmpty ?? true,
                  let dc = r.datacenterId, !dc.isEmpty, let image = r.imageId, !image.isEmpty else { continue }
            out[dc, default: []].insert(image)
        }
        return out
    }

    /// The default login by image id, for the images `needed(jobs)` names. A data center whose
    /// images cannot be read is skipped (its VMs get no user), said in `problems`.
    public static func fetch(for jobs: [TrackedJob], api: any GPCNAPI) async -> (logins: [String: String], problems: [String]) {
        var logins: [String: String] = [:]
        var problems: [String] = []
        for (dc, images) in needed(jobs).sorted(by: { $0.key < $1.key }) {
            do {
                let catalog = try await api.images(datacenterId: dc)
                for image in catalog.categories.flatMap(\.images) where images.contains(image.id) {
                    if let u = image.username?.trimmingWhitespace(), !u.isEmpty { logins[image.id] = u }
                }
            } catch {
                problems.append("cannot read the images of data center \(dc): \((error as? APIError)?.userMessage ?? "\(error)")")
            }
        }
        return (logins, problems)
    }
}
