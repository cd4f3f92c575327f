import Foundation
import Testing

@testable import Store

/// The engine's guard flags on segments: stored, read back, carried by edits that keep the text,
/// and in the JSON export.
@Suite struct SegmentFlagsTests {
    @Test func flagsAreStoredAndExported() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let store = temporary.store
        let input = TranscriptInput(
            engine: "whisper", model: "whisper-base", language: "fr",
            segments: [
                SegmentInput(start: 0, end: 2, speakerLabel: "S1", text: "Bonjour.", confidence: 0.9),
                SegmentInput(
                    start: 3, end: 5, speakerLabel: "S2", text: "merci merci merci merci", confidence: 0.2,
                    flags: ["repetition", "lowConfidence"]),
            ])
        let transcript = try await store.addTranscript(recordingID: seeded.recording.id!, input)
        let segments = try await store.segments(transcriptID: transcript.id!)
        #expect(segments.map(\.flags) == [nil, "repetition,lowConfidence"])
        #expect(segments.map(\.needsReview) == [false, true])

        // An edit that keeps the text keeps the flags; one that corrects the text clears them.
        let kept = try await store.editTranscript(
            transcript.id!, edits: [SegmentEdit(index: 0, speakerLabel: "S2")], editorID: seeded.alice.id!, status: .draft)
        #expect(try await store.segments(transcriptID: kept.id!).map(\.needsReview) == [false, true])
        let corrected = try await store.editTranscript(
            kept.id!, edits: [SegmentEdit(index: 1, text: "merci")], editorID: seeded.alice.id!, status: .reviewed)
        #expect(try await store.segments(transcriptID: corrected.id!).map(\.needsReview) == [false, false])

        let bundle = try await store.exportBundle(studyID: seeded.study.id!, recordingIDs: [seeded.recording.id!])
        let json = String(decoding: try JSONExport.document(bundle, includeSensitive: false), as: UTF8.self)
        #expect(!json.contains("repetition,lowConfidence"), "the export holds the newest version, which was corrected")
        // A machine version of a recording without human work is current, and exported with its flags.
        let flagged = try await store.addTranscript(recordingID: seeded.otherRecording.id!, input)
        let again = String(
            decoding: try JSONExport.document(
                try await store.exportBundle(studyID: seeded.study.id!, recordingIDs: [seeded.otherRecording.id!]),
                includeSensitive: false),
            as: UTF8.self)
        #expect(flagged.version == 2)
        #expect(again.contains("repetition,lowConfidence"))
    }

    @Test func storesBeforeTheFlagsMigrationAreUpgraded() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        try await temporary.store.executeRaw(
            """
            DELETE FROM grdb_migrations WHERE identifier = 'v3-segment-flags';
            ALTER TABLE segment DROP COLUMN flags;
            """)
        let upgraded = try SQLiteStore(path: temporary.store.path)
        let segments = try await upgraded.segments(transcriptID: seeded.transcript.id!)
        #expect(segments.count == SeededStudy.segments.count)
        #expect(segments.allSatisfy { $0.flags == nil && !$0.needsReview })
    }
}
