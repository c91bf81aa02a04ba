import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import ReliefImport
import ReliefModel
import ReliefStore
import ReliefWorkflows

/// Uploaded files between the preview and "Store these records": kept owner-only in the
/// uploads folder, each visible only to the account that sent it, gone after an hour.
actor PendingUploads {
    struct Upload: Sendable {
        var id: String
        var account: String
        var folder: String
        var path: String
        var name: String
        var kind: RecordKind?
        var scoresFromNotes: Bool
        var preview: FileOutcome
        var rejectsPath: String?
        var created: Date
    }

    private var uploads: [String: Upload] = [:]

    func add(_ u: Upload) { sweep(now: u.created); uploads[u.id] = u }

    func get(_ id: String, account: String, now: Date) -> Upload? {
        sweep(now: now)
        guard let u = uploads[id], u.account == account else { return nil }
        return u
    }

    func remove(_ id: String) -> Upload? { uploads.removeValue(forKey: id) }

    private func sweep(now: Date) {
        for (id, u) in uploads where now.timeIntervalSince(u.created) > 3600 {
            try? FileManager.default.removeItem(atPath: u.folder)
            uploads[id] = nil
        }
    }
}

extension WebApp {
    func importPage(_ session: SessionStore.Session) async throws -> Response {
        let kinds = RecordKind.allCases.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }.joined()
        let body = """
        <h1>Import records</h1>
        <p>Upload any file <code>relief import</code> reads: Relief CSV or JSON, an Excel workbook, a practice system's
        appointment export, form responses, FHIR (bundle, resource or NDJSON) or a notes file. You see what would be
        stored first; nothing is stored until you confirm.</p>
        <form class="upload" method="post" enctype="multipart/form-data" action="/import?csrf=\(HTML.query(session.csrf))">
        <label for="file">File (at most \(config.uploadLimit / 1_048_576) MB)</label>
        <input id="file" name="file" type="file" required>
        <label for="kind">Records in it</label>
        <select id="kind" name="kind"><option value="">Recognise from the columns</option>\(kinds)</select>
        <label class="check"><input type="checkbox" name="notes" value="1"> Fill missing scores from session notes</label>
        <button type="submit">Check the file</button>
        </form>
        """
        return Layout.html(Layout.page("Import", session: session, active: "/import", body))
    }

    /// Receives the upload, streaming the file part to disk (never whole in memory), then
    /// previews it as `relief import --dry-run` would.
    func upload(_ request: Request, _ session: SessionStore.Session) async throws -> Response {
        let limit = config.uploadLimit
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit + 64 * 1024 {
            throw HTTPError(.contentTooLarge)
        }
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let boundary = type.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")),
              !boundary.isEmpty else {
            throw PageError.badRequest("The upload was not sent as a form with a file.")
        }
        let id = Tokens.random()
        let folder = config.uploadsFolder + "/" + id
        try OwnerOnlyFolders.make(folder)
        let receiver = UploadReceiver(folder: folder, limit: limit)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in receiver.header(name, value) }
        parser.onBody = { buffer in receiver.body(&buffer) }
        parser.onPartComplete = { receiver.complete() }
        do {
            for try await chunk in request.body {
                try parser.execute(chunk)
                if let failure = receiver.failure { throw failure }
            }
        } catch {
            receiver.close()
            try? FileManager.default.removeItem(atPath: folder)
            if let e = error as? UploadReceiver.Failure, e == .tooLarge { throw HTTPError(.contentTooLarge) }
            throw PageError.badRequest("The upload could not be read: it was cut off or is not a form upload.")
        }
        receiver.close()
        guard let path = receiver.filePath, let name = receiver.fileName else {
            try? FileManager.default.removeItem(atPath: folder)
            throw PageError.badRequest("Choose a file to upload.")
        }
        let kind = receiver.fields["kind"].flatMap { RecordKind(rawValue: $0) }
        let notes = receiver.fields["notes"] == "1"
        var dryRun = ImportRequest(paths: [path], today: today)
        dryRun.kind = kind
        dryRun.dryRun = true
        dryRun.scoresFromNotes = notes
        let store = self.store, previewRequest = dryRun
        let preview: FileOutcome
        var rejects: String?
        do {
            let result = try await blocking { try ImportService.run(previewRequest, store: store) }
            guard let first = result.outcomes.first else { throw PageError.badRequest("The file could not be read.") }
            preview = first
            if preview.rejected > 0 {
                // Beside the file's own folder, so an upload named rejects.csv is never overwritten.
                let path = folder + "/rejected-rows.csv"
                try await blocking { try ImportService.writeRejects(result.summaries, to: path) }
                rejects = path
            }
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        await uploads.add(.init(id: id, account: session.account, folder: folder, path: path, name: name, kind: kind,
                                scoresFromNotes: notes, preview: preview, rejectsPath: rejects, created: config.now()))
        try await audit(session, "import-preview", detail: name)
        return Layout.html(Layout.page("Check the import", session: session, active: "/import",
                                       previewHTML(Self.shown(preview, folder: folder), name: name, id: id, session: session, stored: false)))
    }

    func previewHTML(_ o: FileOutcome, name: String, id: String, session: SessionStore.Session, stored: Bool) -> String {
        var body = "<p class=\"crumbs\"><a href=\"/import\">Import</a> › \(HTML.escape(name))</p>"
        body += stored ? "<h1>Stored: \(HTML.escape(name))</h1>" : "<h1>What this file would store</h1>"
        if let error = o.error {
            body += "<p class=\"error\" role=\"alert\">Nothing can be imported from \(HTML.escape(name)): \(HTML.escape(error))</p>"
            return body + "<p><a href=\"/import\">Upload another file</a></p>"
        }
        body += "<dl class=\"figures\">"
        for (label, value) in [("Rows read", o.read), ("Accepted", o.accepted), ("Rejected", o.rejected),
                               ("Duplicates skipped", o.duplicatesSkipped)] {
            body += "<div class=\"figure\"><dt>\(label)</dt><dd><span class=\"value\">\(value)</span></dd></div>"
        }
        body += "</dl>"
        if stored {
            body += "<p role=\"status\">\(o.inserted) new, \(o.updated) updated, \(o.unchanged) already stored unchanged.</p>"
        } else {
            body += "<p class=\"note\">Every row read is accounted for: accepted, rejected (with the reason below) or a duplicate skipped.</p>"
        }
        if !o.diagnostics.isEmpty {
            body += "<h2>Problems found</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Where (file:line)</th><th scope=\"col\">What</th></tr></thead><tbody>"
            for d in o.diagnostics.prefix(200) {
                let (place, what) = Self.splitDiagnostic(d)
                body += "<tr><td>\(HTML.escape(place))</td><td>\(HTML.escape(what))</td></tr>"
            }
            body += "</tbody></table></div>"
            if o.diagnostics.count > 200 { body += "<p class=\"note\">The first 200 of \(o.diagnostics.count) are listed; the rejects file has every rejected row.</p>" }
        }
        if o.rejected > 0 && !stored {
            body += "<p><a class=\"button\" href=\"/import/\(HTML.query(id))/rejects.csv\">Download the rejected rows (CSV)</a></p>"
        }
        if !stored {
            body += "<form method=\"post\" action=\"/import/\(HTML.query(id))/confirm?csrf=\(HTML.query(session.csrf))\">"
                + "<button type=\"submit\"\(o.accepted == 0 ? " disabled" : "")>Store these records</button> "
                + "<a href=\"/import\">Cancel</a></form>"
        } else {
            body += "<p><a href=\"/clients\">Back to clients</a> · <a href=\"/import\">Import another file</a></p>"
        }
        return body
    }

    /// The outcome as its uploader should read it: the file by the name it was sent under, not
    /// the server's folder it waited in.
    static func shown(_ o: FileOutcome, folder: String) -> FileOutcome {
        var o = o
        let prefix = folder + "/file/"
        o.file = o.file.replacingOccurrences(of: prefix, with: "")
        o.diagnostics = o.diagnostics.map { $0.replacingOccurrences(of: prefix, with: "") }
        o.error = o.error.map { $0.replacingOccurrences(of: prefix, with: "") }
        return o
    }

    /// "file:12: sessions: rule …" → ("file:12", "rule …"); the whole line when it has no place.
    static func splitDiagnostic(_ d: String) -> (String, String) {
        let parts = d.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3, Int(parts[1].trimmingCharacters(in: .whitespaces)) != nil {
            return (parts[0] + ":" + parts[1], parts[2].trimmingCharacters(in: .whitespaces))
        }
        return ("", d)
    }

    func confirmUpload(_ id: String, _ session: SessionStore.Session) async throws -> Response {
        guard let upload = await uploads.get(id, account: session.account, now: config.now()) else {
            throw PageError.notFound("That upload has expired or was already stored; upload the file again.")
        }
        _ = await uploads.remove(id)
        defer { try? FileManager.default.removeItem(atPath: upload.folder) }
        var importing = ImportRequest(paths: [upload.path], today: today)
        importing.kind = upload.kind
        importing.scoresFromNotes = upload.scoresFromNotes
        let store = self.store, request = importing
        let result = try await onOwnThread { try ImportService.run(request, store: store) }
        await versions.invalidate()
        Task { await self.warmUp() }
        guard let outcome = result.outcomes.first else { throw PageError.badRequest("The file could not be read.") }
        try await audit(session, "import", detail: "\(upload.name): \(outcome.accepted) accepted, \(outcome.rejected) rejected")
        return Layout.html(Layout.page("Imported", session: session, active: "/import",
                                       previewHTML(Self.shown(outcome, folder: upload.folder), name: upload.name, id: id, session: session,
                                                   stored: outcome.error == nil)))
    }

    func uploadRejects(_ id: String, _ session: SessionStore.Session) async throws -> Response {
        guard let upload = await uploads.get(id, account: session.account, now: config.now()), let path = upload.rejectsPath,
              let data = FileManager.default.contents(atPath: path) else {
            throw PageError.notFound("That upload has expired; upload the file again.")
        }
        try await audit(session, "download", detail: "rejected rows of \(upload.name)")
        return Layout.bytes(data, type: "text/csv; charset=utf-8", filename: "rejects-" + SafeFileName.stem(upload.name) + ".csv")
    }
}

/// Collects a multipart upload: the file part streamed to disk, small fields in memory.
final class UploadReceiver: @unchecked Sendable {
    enum Failure: Error, Equatable { case tooLarge, cannotWrite }

    let folder: String
    let limit: Int
    var fields: [String: String] = [:]
    var filePath: String?
    var fileName: String?
    var failure: Failure?
    private var headers: [(String, String)] = []
    private var partName: String?
    private var handle: FileHandle?
    private var field = ByteBuffer()
    private var written = 0

    init(folder: String, limit: Int) { self.folder = folder; self.limit = limit }

    func header(_ name: String, _ value: String) { headers.append((name.lowercased(), value)) }

    func body(_ buffer: inout ByteBuffer) {
        if partName == nil { begin() }
        guard failure == nil else { return }
        if let handle {
            written += buffer.readableBytes
            if written > limit { failure = .tooLarge; return }
            do { try handle.write(contentsOf: buffer.readableBytesView) } catch { failure = .cannotWrite }
        } else if field.readableBytes < 4096 {
            field.writeBuffer(&buffer)
        }
    }

    func complete() {
        if partName == nil { begin() }
        if handle == nil, let name = partName { fields[name] = String(buffer: field) }
        try? handle?.close()
        handle = nil
        headers = []
        partName = nil
        field.clear()
    }

    func close() { try? handle?.close(); handle = nil }

    private func begin() {
        let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
        partName = Self.parameter("name", in: disposition) ?? ""
        guard let original = Self.parameter("filename", in: disposition), !original.isEmpty, filePath == nil else { return }
        // The stored name keeps the original's last component (the import log names it), made safe.
        let base = (original.replacingOccurrences(of: "\\", with: "/") as NSString).lastPathComponent
        let safe = String(base.map { $0 == "/" || $0.asciiValue.map { $0 < 32 } == true ? "_" : $0 }.prefix(120))
        let name = safe.isEmpty || safe.hasPrefix(".") ? "upload" + safe : safe
        let path = folder + "/file/" + name
        try? FileManager.default.createDirectory(atPath: folder + "/file", withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let h = FileHandle(forWritingAtPath: path) else { failure = .cannotWrite; return }
        handle = h
        filePath = path
        fileName = name
    }

    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let kv = piece.trimmingCharacters(in: .whitespaces)
            guard kv.lowercased().hasPrefix(key + "=") else { continue }
            var v = String(kv.dropFirst(key.count + 1))
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            return v
        }
        return nil
    }
}
