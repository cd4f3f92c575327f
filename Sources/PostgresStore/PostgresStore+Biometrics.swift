import Foundation
import PostgresNIO
import Store

extension BiometricStream: PostgresRecord {
    static let columns = "id, studyID, participantID, device, kind, label, unit, sampleRate, channels, startTime, sampleCount, format"
    init(row: PostgresRow) throws {
        let (id, studyID, participantID, device, kind, label, unit, sampleRate, channels, startTime, sampleCount, rawFormat) =
            try row.decode((Int64, Int64, Int64, String, String, String, String, Double?, Int, Double, Int, String).self)
        guard let format = SampleFormat(rawValue: rawFormat) else {
            throw StoreError(
                .database, "Biometric stream \(id) has an unknown sample format '\(rawFormat)'; import it again.",
                fr: "Le flux biométrique \(id) a un format d’échantillons inconnu « \(rawFormat) » ; importez-le de nouveau.")
        }
        self.init(
            id: id, studyID: studyID, participantID: participantID, device: device, kind: kind, unit: unit,
            sampleRate: sampleRate, channels: channels, startTime: Date(timeIntervalSinceReferenceDate: startTime),
            sampleCount: sampleCount, format: format, label: label)
    }
}

extension BiometricChunk: PostgresRecord {
    static let columns = "id, streamID, firstSample, sampleCount, startOffset, endOffset, offsets, \"values\""
    init(row: PostgresRow) throws {
        let (id, streamID, firstSample, sampleCount, startOffset, endOffset, offsets, values) = try row.decode(
            (Int64, Int64, Int, Int, Double, Double, Data?, Data).self)
        self.init(
            id: id, streamID: streamID, firstSample: firstSample, sampleCount: sampleCount, startOffset: startOffset,
            endOffset: endOffset, offsets: offsets, values: values)
    }
}

extension BiometricMarker: PostgresRecord {
    static let columns = "id, studyID, participantID, time, duration, label, kind, source"
    init(row: PostgresRow) throws {
        let (id, studyID, participantID, time, duration, label, kind, source) = try row.decode(
            (Int64, Int64, Int64, Double, Double?, String, String, String).self)
        self.init(
            id: id, studyID: studyID, participantID: participantID, time: Date(timeIntervalSinceReferenceDate: time),
            duration: duration, label: label, kind: kind, source: source)
    }
}

extension PostgresStore: BiometricStore {
    /// Stores a stream and its samples in chunks of `BiometricChunk.chunkSize` samples.
    public func addBiometricStream(_ stream: BiometricStream, samples: BiometricSamples) async throws -> BiometricStream {
        try await addBiometrics(streams: [stream], samples: [samples], markers: [], completing: nil).streams[0]
    }

    /// Stores streams (with their samples, in SQLite's chunk layout) and markers in one
    /// transaction: all or nothing; with `completing`, only while the worker holds that job.
    public func addBiometrics(
        streams: [BiometricStream], samples: [BiometricSamples], markers: [BiometricMarker], completing job: JobCompletion?
    ) async throws -> (streams: [BiometricStream], markers: [BiometricMarker]) {
        try StoreInputChecks.biometrics(streams: streams, samples: samples, markers: markers)
        return try await withTransaction { connection in
            if let job { try await self.complete(job, connection) }
            var stored: [BiometricStream] = []
            for (stream, samples) in zip(streams, samples) {
                stored.append(try await self.insert(stream, samples, connection))
            }
            var storedMarkers: [BiometricMarker] = []
            for marker in markers {
                storedMarkers.append(
                    try await connection.fetchOne(
                        BiometricMarker.self,
                        """
                        INSERT INTO biometric_marker (studyID, participantID, time, duration, label, kind, source)
                        VALUES (\(marker.studyID), \(marker.participantID), \(marker.time.timeIntervalSinceReferenceDate),
                            \(marker.duration), \(marker.label), \(marker.kind), \(marker.source))
                        RETURNING \(unescaped: BiometricMarker.columns)
                        """, logger: self.logger)!)
            }
            return (stored, storedMarkers)
        }
    }

    /// Inserts a checked stream and its chunks in the caller's transaction.
    private func insert(_ stream: BiometricStream, _ samples: BiometricSamples, _ connection: PostgresConnection) async throws
        -> BiometricStream
    {
        let stored = try await connection.fetchOne(
            BiometricStream.self,
            """
            INSERT INTO biometric_stream (studyID, participantID, device, kind, label, unit, sampleRate, channels, startTime,
                sampleCount, format)
            VALUES (\(stream.studyID), \(stream.participantID), \(stream.device), \(stream.kind), \(stream.label), \(stream.unit),
                \(stream.sampleRate), \(stream.channels), \(stream.startTime.timeIntervalSinceReferenceDate),
                \(samples.offsets.count), \(stream.format.rawValue))
            RETURNING \(unescaped: BiometricStream.columns)
            """, logger: logger)!
        for chunk in BiometricChunk.chunks(of: stored, samples) {
            try await connection.query(
                """
                INSERT INTO biometric_chunk (streamID, firstSample, sampleCount, startOffset, endOffset, offsets, "values")
                VALUES (\(chunk.streamID), \(chunk.firstSample), \(chunk.sampleCount), \(chunk.startOffset), \(chunk.endOffset),
                    \(chunk.offsets), \(chunk.values))
                """, logger: logger)
        }
        return stored
    }

    /// The markers of a participant, in time order.
    public func biometricMarkers(participantID: Int64) async throws -> [BiometricMarker] {
        try await withConnection { connection in
            try await connection.fetchAll(
                BiometricMarker.self,
                """
                SELECT \(unescaped: BiometricMarker.columns) FROM biometric_marker WHERE participantID = \(participantID)
                ORDER BY time, id
                """, logger: self.logger)
        }
    }

    /// The marker with this id, or `nil`.
    public func biometricMarker(id: Int64) async throws -> BiometricMarker? {
        try await withConnection { connection in
            try await connection.fetchOne(
                BiometricMarker.self, "SELECT \(unescaped: BiometricMarker.columns) FROM biometric_marker WHERE id = \(id)",
                logger: self.logger)
        }
    }

    /// The streams of a participant.
    public func biometricStreams(participantID: Int64) async throws -> [BiometricStream] {
        try await withConnection { connection in
            try await connection.fetchAll(
                BiometricStream.self,
                """
                SELECT \(unescaped: BiometricStream.columns) FROM biometric_stream WHERE participantID = \(participantID) ORDER BY id
                """, logger: self.logger)
        }
    }

    /// The samples of a stream whose offsets lie in `from...to` seconds from its start (all when
    /// `nil`), read from the chunks that overlap the window only.
    public func biometricSamples(streamID: Int64, from: Double?, to: Double?) async throws -> BiometricSamples {
        try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            guard
                let stream = try await connection.fetchOne(
                    BiometricStream.self, "SELECT \(unescaped: BiometricStream.columns) FROM biometric_stream WHERE id = \(streamID)",
                    logger: self.logger)
            else { throw StoreError.notFound("biometric stream", streamID) }
            let chunks = try await connection.fetchAll(
                BiometricChunk.self,
                """
                SELECT \(unescaped: BiometricChunk.columns) FROM biometric_chunk
                WHERE streamID = \(streamID) AND endOffset >= \(from ?? -1e300) AND startOffset <= \(to ?? 1e300)
                ORDER BY firstSample
                """, logger: self.logger)
            return BiometricChunk.samples(of: stream, in: chunks, from: from, to: to)
        }
    }
}
