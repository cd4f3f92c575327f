import ArgumentParser
import Foundation
import Transcribe

/// `verbatim models`: the Whisper models installed in the models folder, as a table or JSON.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the installed Whisper models: size, languages, mel bins, layers, width and stored weights."
    )

    @Option(help: "The models folder (default: $VERBATIM_MODELS, ./models, or the one beside the executable's checkout).")
    var models: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let folder = try models.map { ModelFolder(url: URL(fileURLWithPath: $0)) } ?? ModelFolder.locate()
        let listing = ModelListing(folder)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(listing), as: UTF8.self))
        } else {
            print(Self.table(listing), terminator: "")
        }
    }

    /// The listing as aligned columns, one model a row, then the damaged and other folders.
    static func table(_ listing: ModelListing) -> String {
        var text = "Models in \(listing.folder)\n"
        guard !listing.whisper.isEmpty || !listing.damaged.isEmpty else {
            return text + "No Whisper model is installed; run models/fetch, or convert one (see README).\n"
        }
        var rows = [["NAME", "SIZE", "LANGUAGES", "MEL", "ENC", "DEC", "WIDTH", "WEIGHTS"]]
        for model in listing.whisper {
            rows.append([
                model.name, String(format: "%.0f MB", Double(model.sizeBytes) / 1e6),
                model.isMultilingual ? "\(model.languages.count)" : "English only", "\(model.melBins)", "\(model.encoderLayers)",
                "\(model.decoderLayers)", "\(model.width)", model.quantization.rawValue,
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }
            text += cells.joined() + "\n"
        }
        for damaged in listing.damaged { text += "\(damaged.name): not usable: \(damaged.error)\n" }
        if !listing.other.isEmpty { text += "Other models: \(listing.other.joined(separator: ", "))\n" }
        return text
    }
}
