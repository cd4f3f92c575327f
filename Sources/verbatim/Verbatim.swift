import ArgumentParser

/// The `verbatim` command: one entry point, one subcommand per job.
@main
struct Verbatim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verbatim",
        abstract: "Turn research interviews into analysable data.",
        subcommands: [ProbeCommand.self, DecodeCommand.self, PeaksCommand.self, TranscribeCommand.self, ModelsCommand.self, ServeCommand.self, WorkerCommand.self, AdminCommand.self, StudyCommand.self, ParticipantCommand.self, ImportCommand.self, ExportCommand.self, BiometricsCommand.self, BackupCommand.self, RestoreCommand.self, StoreCommand.self]
    )
}
