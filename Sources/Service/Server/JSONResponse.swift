import Foundation
import HTTPTypes
import Hummingbird

/// Encodes API responses and decodes request bodies the same way everywhere: ISO-8601 dates,
/// sorted keys.
enum JSONResponse {
    /// The encoder for every response.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A JSON response with `value` as its body.
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder().encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decodes the request's JSON body as `T`, with a 400 error that names the problem.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: ServiceRequestContext) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            let bytes = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer.readableBytesView)
            return try decoder.decode(T.self, from: bytes)
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError.badRequest("The JSON body lacks the field `\(key.stringValue)`; see /openapi.json.", fr: "Il manque au corps JSON le champ `\(key.stringValue)` ; voir /openapi.json.")
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError.badRequest("The field `\(path)` of the JSON body has the wrong type; see /openapi.json.", fr: "Le champ `\(path)` du corps JSON n’a pas le bon type ; voir /openapi.json.")
        } catch let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError.badRequest("The field `\(path)` of the JSON body must not be null; see /openapi.json.", fr: "Le champ `\(path)` du corps JSON ne doit pas être null ; voir /openapi.json.")
        } catch {
            throw APIError.badRequest("The request body is not valid JSON; send `Content-Type: application/json` with a JSON object.", fr: "Le corps de la requête n’est pas du JSON valide ; envoyez `Content-Type: application/json` avec un objet JSON.")
        }
    }
}

/// An empty success body: `{"ok": true}`.
struct OK: Codable {
    var ok = true
}
