import FrontlineData

/// Turns response names and question variants into text.
///
/// Among the variants whose placeholders all have values, one with the most placeholders
/// wins (the domain's rule: a specific answer when its data is there); ties are broken by
/// `seed`, so the same conversation turn always gets the same words.
struct ResponseRenderer: Sendable {
    let domain: Domain

    /// The response `name` rendered with `variables`, or nil when the domain has no such response.
    func render(response name: String, variables: [String: String], seed: UInt64) -> String? {
        guard let response = domain.response(name) else { return nil }
        return render(variants: response.variants, variables: variables, seed: seed)
    }

    func render(variants: [String], variables: [String: String], seed: UInt64) -> String? {
        let rendered = variants.compactMap { variant -> (text: String, placeholders: Int)? in
            // One pass: the closure sees every placeholder of a variant that renders.
            var placeholders = 0
            guard let text = ResponseTemplate.render(variant, value: { placeholders += 1; return variables[$0] }) else {
                return nil
            }
            return (text, placeholders)
        }
        if let most = rendered.map(\.placeholders).max() {
            let best = rendered.filter { $0.placeholders == most }
            return best[Int(seed % UInt64(best.count))].text
        }
        // No variant has all its values: better a sentence with a gap than silence.
        guard !variants.isEmpty else { return nil }
        let variant = variants[Int(seed % UInt64(variants.count))]
        return ResponseTemplate.render(variant, value: { variables[$0] ?? "" }) ?? variant
    }
}
