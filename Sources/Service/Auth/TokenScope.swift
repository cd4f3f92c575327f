import Foundation
import HTTPTypes

/// What an API token may do: everything its owner may (``full``), or only the worker API
/// (``worker``: claim, renew, complete and fail jobs, fetch a claimed job's media).
///
/// A worker token is issued by an installation administrator (`POST /worker-tokens`) and is
/// never itself an administrator's token. The scope is kept in the token's label, behind a
/// prefix that `POST /me/tokens` refuses, until the store has a column of its own for it.
public enum TokenScope: String, Sendable, Hashable, Codable {
    /// Everything the token's owner may do.
    case full
    /// Only the worker API under `/worker/`.
    case worker

    /// The label prefix that marks a worker token.
    static let workerPrefix = "worker:"

    /// The scope of a token with `label`.
    init(label: String) {
        self = label.hasPrefix(Self.workerPrefix) ? .worker : .full
    }

    /// The label kept for a token of this scope named `name`.
    func label(_ name: String) -> String {
        self == .worker ? Self.workerPrefix + name : name
    }

    /// The name shown for a token's `label` (without the scope's prefix).
    static func name(of label: String) -> String {
        label.hasPrefix(workerPrefix) ? String(label.dropFirst(workerPrefix.count)) : label
    }

    /// Whether a token of this scope may call `path`.
    func allows(path: String) -> Bool {
        self == .full || path.hasPrefix("/worker/")
    }

    /// Refusal of a worker token outside the worker API.
    static let workerOnly = APIError(
        .forbidden, code: "worker_token",
        "A worker token can only claim and run jobs (/worker/...); use a person's token for anything else.",
        fr: "Un jeton de worker ne peut que prendre et exécuter des tâches (/worker/...) ; utilisez le jeton d’une personne pour tout le reste.")
}
