import Foundation

/// Checks a decoded JSON value against a schema of the OpenAPI document, strictly for objects:
/// every required property present, no property the schema does not name, nested values checked.
struct OpenAPISchemaCheck {
    let document: [String: Any]

    /// The document as `server` serves it at `/openapi.json`.
    static func served(by server: TestServer) async throws -> OpenAPISchemaCheck {
        let reply = try await server.send("GET", "/openapi.json")
        guard reply.status == 200, let document = try JSONSerialization.jsonObject(with: reply.body) as? [String: Any] else {
            throw TestFailure("GET /openapi.json answered \(reply.status): \(reply.text.prefix(200))")
        }
        return OpenAPISchemaCheck(document: document)
    }

    /// The `application/json` schema of one response.
    func schema(path: String, method: String, status: String) -> [String: Any]? {
        let paths = document["paths"] as? [String: Any]
        let operation = (paths?[path] as? [String: Any])?[method] as? [String: Any]
        let response = (operation?["responses"] as? [String: Any])?[status] as? [String: Any]
        let content = (response?["content"] as? [String: Any])?["application/json"] as? [String: Any]
        return content?["schema"] as? [String: Any]
    }

    /// The media types one response lists (following a `$ref` to a shared response).
    func contentTypes(path: String, method: String, status: String) -> Set<String> {
        let paths = document["paths"] as? [String: Any]
        let operation = (paths?[path] as? [String: Any])?[method] as? [String: Any]
        var response = (operation?["responses"] as? [String: Any])?[status] as? [String: Any]
        if let reference = response?["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            response = ((document["components"] as? [String: Any])?["responses"] as? [String: Any])?[name] as? [String: Any]
        }
        return Set(((response?["content"] as? [String: Any]) ?? [:]).keys)
    }

    /// What is wrong with `value`, each with its place; empty when it fits.
    func problems(_ value: Any, _ schema: [String: Any], at place: String) -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            let components = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            guard let target = components?[name] as? [String: Any] else { return ["\(place): unresolved \(reference)"] }
            return problems(value, target, at: place)
        }
        for key in ["anyOf", "oneOf"] {
            if let options = schema[key] as? [[String: Any]] {
                let each = options.map { problems(value, $0, at: place) }
                return each.contains { $0.isEmpty } ? [] : ["\(place): fits none of \(key): \(each.joined())"]
            }
        }
        let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? []
        if value is NSNull { return types.isEmpty || types.contains("null") ? [] : ["\(place): null where \(types) is expected"] }
        if let object = value as? [String: Any] {
            guard types.isEmpty || types.contains("object") else { return ["\(place): an object where \(types) is expected"] }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            var found: [String] = []
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                found.append("\(place): lacks required \(name)")
            }
            for (name, item) in object {
                if let declared = properties[name] as? [String: Any] {
                    found += problems(item, declared, at: "\(place).\(name)")
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    found += problems(item, extra, at: "\(place).\(name)")
                } else if schema["additionalProperties"] as? Bool != true {
                    found.append("\(place): \(name) is not in the schema")
                }
            }
            return found
        }
        if let array = value as? [Any] {
            guard types.isEmpty || types.contains("array") else { return ["\(place): an array where \(types) is expected"] }
            let items = schema["items"] as? [String: Any] ?? [:]
            return array.enumerated().flatMap { problems($1, items, at: "\(place)[\($0)]") }
        }
        if value is String { return types.isEmpty || types.contains("string") ? [] : ["\(place): a string where \(types) is expected"] }
        let scalar = ["number", "integer", "boolean"]
        return types.isEmpty || types.contains(where: scalar.contains) ? [] : ["\(place): a number where \(types) is expected"]
    }
}
