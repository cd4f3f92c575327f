import Biometrics
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store

/// Wearable imports for a participant: the file is streamed to disk, its format recognised from
/// its first bytes, and an `import-biometrics` job queued (202 with the job); a worker process
/// reads it and stores each channel as a biometric stream (the job's result says what). The streams lined up with an interview: per turn,
/// segment or coding of a transcript, and as plot-ready series on a recording's timeline, with the
/// recording's clock (wall-clock start, offset). Admins and researchers only; every access is audited.
struct BiometricRoutes {
    let backend: ServiceBackend

    /// A change to a recording's clock; a missing field keeps its value. `syncMarkerID` with
    /// `markerPosition` sets the offset from a stored marker instead of `offset`.
    struct ClockChange: Codable {
        var wallClockStart: Date?
        var offset: Double?
        var syncMarkerID: Int64?
        var markerPosition: Double?
    }

    /// A recording's clock as used for alignment.
    struct ClockState: Codable {
        var recordingID: Int64
        /// The user-set start, `nil` when the media's creation time is used.
        var wallClockStart: Date?
        /// The media's creation time.
        var recordedAt: Date?
        /// Seconds added to the recording's clock.
        var offset: Double
        /// The start used: the user-set one, else the media's.
        var effectiveStart: Date?
        /// The marker the offset was computed from, if it was.
        var syncMarkerID: Int64?
        /// Where that marker's event happens in the recording (seconds).
        var markerPosition: Double?
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("participants/:participantID/biometrics") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .managers, to: "import wearable data")
            let name = request.uri.queryParameters.get("filename") ?? "upload.csv"
            let ext = URL(fileURLWithPath: name).pathExtension.lowercased()
            guard ext.allSatisfy({ $0.isLetter || $0.isNumber }), ext.count <= 8 else {
                throw APIError.badRequest("`filename` must end with a plain extension such as .csv, .edf, .fit, .xml or .zip.", fr: "`filename` doit finir par une extension simple comme .csv, .edf, .fit, .xml ou .zip.")
            }
            let imports = backend.configuration.importsDirectory
            let receiver = UploadReceiver(directory: imports, maxBytes: backend.configuration.maxUploadBytes)
            let received = try await receiver.receive(request.body, declaredLength: request.headers[.contentLength].flatMap { Int64($0) })
            let file = received.url.deletingPathExtension().appendingPathExtension(ext.isEmpty ? "csv" : ext)
            var queued = false
            defer {
                try? FileManager.default.removeItem(at: received.url)
                if !queued { try? FileManager.default.removeItem(at: file) }
            }
            try FileManager.default.moveItem(at: received.url, to: file)
            // Only the first bytes are read here; the file itself is read by a worker.
            guard try await BlockingWork.run({ BiometricImporter.detect(file) }) != nil else {
                throw APIError(
                    .unprocessableContent, code: "unreadable_biometrics",
                    "\(name) is not a format Verbatim reads (Empatica E4 ZIP, Garmin FIT, EDF/EDF+/BDF, Apple Health export.xml, CSV).", fr: "\(name) n’est pas un format que Verbatim lit (ZIP Empatica E4, Garmin FIT, EDF/EDF+/BDF, export.xml d’Apple Santé, CSV).")
            }
            let importRequest = BiometricImportRequest(
                participantID: id, file: file.lastPathComponent, filename: name, actorID: user.userID)
            let job = try await backend.store.enqueue(
                kind: BiometricImportRequest.kind, payload: try importRequest.payload(), studyID: participant.studyID,
                priority: BiometricImportRequest.priority, maxAttempts: 3)
            queued = true
            try await backend.audit(user, "job.enqueue", study: participant.studyID, target: "job", job.id)
            var response = try JSONResponse.make(job, status: .accepted)
            response.headers[.location] = "/jobs/\(job.id!)"
            return response
        }
        router.get("participants/:participantID/biometrics") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .managers, to: "read wearable data")
            let streams = try await backend.store.biometricStreams(participantID: id)
            try await backend.audit(user, "biometrics.list", study: participant.studyID, target: "participant", id)
            return try JSONResponse.make(streams)
        }
        router.get("participants/:participantID/biometrics/markers") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .managers, to: "read wearable data")
            let markers = try await backend.store.biometricMarkers(participantID: id)
            try await backend.audit(user, "biometrics.markers", study: participant.studyID, target: "participant", id)
            return try JSONResponse.make(markers)
        }
        router.get("transcripts/:transcriptID/biometrics") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let (_, recording, _) = try await backend.transcript(id, for: user, anyOf: .managers, to: "read wearable data")
            let query = request.uri.queryParameters
            let unitName = query.get("by") ?? BiometricTableUnit.turn.rawValue
            guard let unit = BiometricTableUnit(rawValue: unitName) else {
                throw APIError.badRequest("Unknown unit `\(unitName)`; use by=turn, by=segment or by=coding.", fr: "Unité `\(unitName)` inconnue ; utilisez by=turn, by=segment ou by=coding.")
            }
            let format = query.get("format") ?? "json"
            guard format == "json" || format == "csv" else {
                throw APIError.badRequest("Unknown format `\(format)`; use format=json or format=csv.", fr: "Format `\(format)` inconnu ; utilisez format=json ou format=csv.")
            }
            let table = try await backend.store.biometricTable(transcriptID: id, by: unit)
            try await backend.audit(
                user, "biometrics.table", study: recording.studyID, target: "transcript", id,
                details: ["by": .string(unit.rawValue), "format": .string(format), "rows": .int(Int64(table.rows.count))])
            guard format == "csv" else { return try JSONResponse.make(table) }
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"transcript-\(id)-biometrics-\(unit.rawValue).csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: table.csv())))
        }
        router.get("recordings/:recordingID/biometrics/series") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, _) = try await backend.recording(id, for: user, anyOf: .managers, to: "read wearable data")
            let query = request.uri.queryParameters
            var kinds: Set<ChannelKind>?
            if let list = query.get("kinds"), !list.isEmpty {
                kinds = try Set(
                    list.split(separator: ",").map { name in
                        guard let kind = ChannelKind(rawValue: String(name)) else {
                            throw APIError.badRequest(
                                "Unknown kind `\(name)` in `kinds`; use some of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")).",
                                fr: "Type `\(name)` inconnu dans `kinds` ; utilisez certains de \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))."
                            )
                        }
                        return kind
                    })
            }
            var points = 2000
            if let text = query.get("points") {
                guard let value = Int(text), (2...100_000).contains(value) else {
                    throw APIError.badRequest("`points` must be a whole number from 2 to 100000.", fr: "`points` doit être un nombre entier de 2 à 100000.")
                }
                points = value
            }
            let reductionName = query.get("reduce") ?? BiometricSeries.Reduction.mean.rawValue
            guard let reduction = BiometricSeries.Reduction(rawValue: reductionName) else {
                throw APIError.badRequest("Unknown reduction `\(reductionName)`; use reduce=mean or reduce=minmax.", fr: "Réduction `\(reductionName)` inconnue ; utilisez reduce=mean ou reduce=minmax.")
            }
            let series = try await backend.store.biometricSeries(recordingID: id, kinds: kinds, points: points, reduction: reduction)
            try await backend.audit(
                user, "biometrics.series", study: recording.studyID, target: "recording", id,
                details: ["streams": .ids(series.map(\.streamID))])
            return try JSONResponse.make(series)
        }
        router.get("recordings/:recordingID/clock") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, _) = try await backend.recording(id, for: user, anyOf: .managers, to: "read a recording's clock")
            let state = try await clockState(recording)
            try await backend.audit(user, "clock.read", study: recording.studyID, target: "recording", id)
            return try JSONResponse.make(state)
        }
        router.put("recordings/:recordingID/clock") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, _) = try await backend.recording(id, for: user, anyOf: .managers, to: "set a recording's clock")
            let change = try await JSONResponse.decode(ClockChange.self, from: request, context: context)
            guard (change.syncMarkerID == nil) == (change.markerPosition == nil), change.syncMarkerID == nil || change.offset == nil else {
                throw APIError.badRequest("Give `syncMarkerID` with `markerPosition` (seconds into the recording), or `offset`, not both.", fr: "Donnez `syncMarkerID` avec `markerPosition` (en secondes dans l’enregistrement), ou `offset`, pas les deux.")
            }
            var sync = try await backend.store.recordingSync(recordingID: id) ?? RecordingSync(recordingID: id)
            if let start = change.wallClockStart { sync.wallClockStart = start }
            if let offset = change.offset {
                sync.offset = offset
                sync.syncMarkerID = nil
                sync.markerPosition = nil
            }
            sync = try await backend.store.setRecordingSync(sync)
            if let marker = change.syncMarkerID, let position = change.markerPosition {
                sync = try await backend.store.syncRecording(id, markerID: marker, secondsIntoRecording: position)
            }
            try await backend.audit(
                user, "recording.clock", study: recording.studyID, target: "recording", id, details: ["offset": .double(sync.offset)])
            return try JSONResponse.make(try await clockState(recording))
        }
    }

    /// The recording's clock as stored and as used.
    func clockState(_ recording: Recording) async throws -> ClockState {
        let sync = try await backend.store.recordingSync(recordingID: recording.id!)
        return ClockState(
            recordingID: recording.id!, wallClockStart: sync?.wallClockStart, recordedAt: recording.recordedAt, offset: sync?.offset ?? 0,
            effectiveStart: sync?.wallClockStart ?? recording.recordedAt, syncMarkerID: sync?.syncMarkerID,
            markerPosition: sync?.markerPosition)
    }
}
