import Biometrics
import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Wearable imports for a participant: the file is streamed to disk, read with `Biometrics`
/// (format detected from its content and name, off the server's threads), and each channel is
/// stored as a biometric stream in the store. Every access is audited.
struct BiometricRoutes {
    let backend: ServiceBackend

    /// What an import stored.
    struct ImportSummary: Codable {
        var format: String
        var streams: [BiometricStream]
        var notes: [String]
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("participants/:participantID/biometrics") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .managers, to: "import wearable data")
            let name = request.uri.queryParameters.get("filename") ?? "upload.csv"
            let ext = URL(fileURLWithPath: name).pathExtension.lowercased()
            guard ext.allSatisfy({ $0.isLetter || $0.isNumber }), ext.count <= 8 else {
                throw APIError.badRequest("`filename` must end with a plain extension such as .csv, .edf, .fit, .xml or .zip.")
            }
            let receiver = UploadReceiver(directory: backend.configuration.mediaDirectory, maxBytes: backend.configuration.maxUploadBytes)
            let received = try await receiver.receive(request.body, declaredLength: request.headers[.contentLength].flatMap { Int64($0) })
            let file = received.url.deletingPathExtension().appendingPathExtension(ext.isEmpty ? "csv" : ext)
            defer {
                try? FileManager.default.removeItem(at: received.url)
                try? FileManager.default.removeItem(at: file)
            }
            try FileManager.default.moveItem(at: received.url, to: file)
            let pseudonym = participant.pseudonym
            let imported: BiometricImport
            do {
                imported = try await BlockingWork.run { try BiometricImporter(participant: pseudonym).read(file) }
            } catch let error as ImportError {
                throw APIError(
                    .unprocessableContent, code: "unreadable_biometrics",
                    error.description.replacingOccurrences(of: file.path, with: name))
            }
            guard !imported.streams.isEmpty else {
                throw APIError(.unprocessableContent, code: "unreadable_biometrics", "\(name) holds no data channel Verbatim can store.")
            }
            // Stored losslessly (float64, label, exact start) with one audit event, by the store itself.
            let stored = try await backend.store.importBiometrics(
                imported, studyID: participant.studyID, participantID: id, actorID: user.userID)
            return try JSONResponse.make(
                ImportSummary(format: imported.format.rawValue, streams: stored, notes: imported.notes), status: .created)
        }
        router.get("participants/:participantID/biometrics") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .managers, to: "read wearable data")
            let streams = try await backend.store.biometricStreams(participantID: id)
            try await backend.audit(user, "biometrics.list", study: participant.studyID, target: "participant", id)
            return try JSONResponse.make(streams)
        }
    }
}
