import Foundation
import GRDB

extension SQLiteStore {
    /// Stores a stream and its samples in chunks of ``BiometricChunk/chunkSize`` samples.
    public func addBiometricStream(_ stream: BiometricStream, samples: BiometricSamples) async throws -> BiometricStream {
        try await addBiometrics(streams: [stream], samples: [samples], markers: [], completing: nil).streams[0]
    }

    /// Stores streams (with their samples) and markers in one transaction: all or nothing.
    public func addBiometrics(
        streams: [BiometricStream], samples: [BiometricSamples], markers: [BiometricMarker], completing job: JobCompletion?
    ) async throws -> (streams: [BiometricStream], markers: [BiometricMarker]) {
        try StoreInputChecks.biometrics(streams: streams, samples: samples, markers: markers)
        return try await write { db in
            if let job { try Self.complete(job, db) }
            var stored: [BiometricStream] = []
            for (stream, samples) in zip(streams, samples) { stored.append(try Self.insert(stream, samples, db)) }
            var storedMarkers: [BiometricMarker] = []
            for marker in markers {
                var copy = marker
                copy.id = nil
                try copy.insert(db)
                storedMarkers.append(copy)
            }
            return (stored, storedMarkers)
        }
    }

    /// The markers of a participant, in time order.
    public func biometricMarkers(participantID: Int64) async throws -> [BiometricMarker] {
        try await read { db in
            try BiometricMarker.filter(Column("participantID") == participantID).order(Column("time"), Column("id")).fetchAll(db)
        }
    }

    /// The marker with this id, or `nil`.
    public func biometricMarker(id: Int64) async throws -> BiometricMarker? {
        try await read { db in try BiometricMarker.fetchOne(db, key: id) }
    }

    /// Inserts a validated stream and its chunks in the caller's transaction.
    static func insert(_ stream: BiometricStream, _ samples: BiometricSamples, _ db: Database) throws -> BiometricStream {
        var stored = stream
        stored.id = nil
        stored.sampleCount = samples.offsets.count
        try stored.insert(db)
        for var chunk in BiometricChunk.chunks(of: stored, samples) { try chunk.insert(db) }
        return stored
    }

    /// The streams of a participant.
    public func biometricStreams(participantID: Int64) async throws -> [BiometricStream] {
        try await read { db in
            try BiometricStream.filter(Column("participantID") == participantID).order(Column("id")).fetchAll(db)
        }
    }

    /// The samples of a stream whose offsets lie in `from...to` seconds from its start (all when `nil`).
    public func biometricSamples(streamID: Int64, from: Double?, to: Double?) async throws -> BiometricSamples {
        try await read { db in
            guard let stream = try BiometricStream.fetchOne(db, key: streamID) else {
                throw StoreError.notFound("biometric stream", streamID)
            }
            let chunks = try BiometricChunk.fetchAll(
                db,
                sql: """
                    SELECT * FROM biometric_chunk WHERE streamID = ? AND endOffset >= ? AND startOffset <= ?
                    ORDER BY firstSample
                    """, arguments: [streamID, from ?? -1e300, to ?? 1e300])
            return BiometricChunk.samples(of: stream, in: chunks, from: from, to: to)
        }
    }
}
