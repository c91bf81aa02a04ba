import ReliefModel
/// How a JSON value was written; CSV cells are all `.text`.
enum CellType: UInt8 {
    case text, number, bool, object
}

/// One field of a row: a slice of the file, or of the row's scratch arena.
struct Cell {
    var start: Int
    var count: Int
    /// Index into the row's `NameTable` (CSV column, JSON key, FHIR element path).
    var name: Int32
    var type: CellType = .text
    var inScratch = false
    /// The line this cell came from when it differs from the row's (FHIR observations); 0 otherwise.
    var line: Int32 = 0
}

/// The names cells refer to; shared by reference because JSON readers grow it while rows hold it.
final class NameTable {
    var names: [String] = []
    private var index: [String: Int32] = [:]
    init(_ names: [String] = []) {
        for n in names { _ = add(n) }
    }
    /// The index of `name`, adding it when new.
    func add(_ name: String) -> Int32 {
        if let i = index[name] { return i }
        let i = Int32(names.count)
        names.append(name)
        index[name] = i
        return i
    }
    /// The name of column `i`; `column N` past the header (a row with extra fields).
    subscript(i: Int32) -> String { Int(i) < names.count ? names[Int(i)] : "column \(i + 1)" }
}

/// Where a row starts, so a later pass can read it again.
struct RowPosition: Hashable {
    var offset: Int
    var line: Int
    var kind: RecordKind
}

/// The common view of a row that every reader fills and the validator reads.
///
/// A row is filled in place, pass after pass, so reading one allocates nothing in
/// the common case: cells are slices of the mapped file; only fields that need
/// rewriting (CSV `""`, JSON escapes) are copied into `scratch`.
struct Row {
    var kind: RecordKind = .sessions
    var position = RowPosition(offset: 0, line: 0, kind: .sessions)
    let cells = CellStore()
    /// Cell index for each `Field.rawValue`, or -1.
    let fieldCell = FieldMap()
    var names: NameTable
    var scratch = ByteArena()
    var base: UnsafePointer<UInt8>?
    /// A syntax problem that makes the whole row unusable (field count, stray quote, bad NDJSON line).
    var problem: (rule: Rule, message: String)?
    /// A problem with one cell found while reading (a JSON key twice, a wrong type); the row is rejected.
    var cellProblems: [(cell: Int, rule: Rule, message: String)] = []

    init(names: NameTable) { self.names = names }

    var line: Int { position.line }

    @inline(__always)
    func bytes(_ c: Cell) -> UnsafeBufferPointer<UInt8> {
        if c.inScratch { return UnsafeBufferPointer(start: UnsafePointer(scratch.pointer) + c.start, count: c.count) }
        guard let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base + c.start, count: c.count)
    }

    /// The cell of `field`, if the row has one.
    @inline(__always)
    func cellIndex(_ field: Field) -> Int? {
        let i = Int(fieldCell[field.rawValue])
        return i >= 0 && i < cells.count ? i : nil
    }

    /// The trimmed bytes of `field`; `nil` when absent or empty.
    @inline(__always)
    func value(_ field: Field) -> UnsafeBufferPointer<UInt8>? {
        guard let i = cellIndex(field) else { return nil }
        let b = trimmed(bytes(cells[i]))
        return b.isEmpty ? nil : b
    }

    /// The cell of `field` with its trimmed bytes; `nil` when absent or empty.
    @inline(__always)
    func slot(_ field: Field) -> (cell: Int, bytes: UnsafeBufferPointer<UInt8>, type: CellType)? {
        guard let i = cellIndex(field) else { return nil }
        let c = cells[i]
        let b = trimmed(bytes(c))
        return b.isEmpty && (c.type == .text || c.type == .number) ? nil : (i, b, c.type)
    }

    func text(_ c: Int) -> String { String(decoding: bytes(cells[c]), as: UTF8.self) }

    /// The cell of an identity column (a client's name, e-mail, birth date), if bound.
    @inline(__always)
    func cellIndex(_ f: IdentityField) -> Int? {
        let i = Int(fieldCell[f.slot])
        return i >= 0 && i < cells.count ? i : nil
    }

    /// The trimmed bytes of an identity column; `nil` when absent or empty.
    func value(_ f: IdentityField) -> UnsafeBufferPointer<UInt8>? {
        guard let i = cellIndex(f) else { return nil }
        let b = trimmed(bytes(cells[i]))
        return b.isEmpty ? nil : b
    }

    /// The trimmed text of an identity column; `nil` when absent or empty.
    func string(_ f: IdentityField) -> String? { value(f).map { String(decoding: $0, as: UTF8.self) } }

    /// True for a session or appointment row of a file without its id column: its id is derived.
    var derivesID: Bool {
        (kind == .sessions || kind == .appointments) && fieldCell[IdentityField.derivedSessionIDs.slot] >= 0
    }

    /// True when the row names its client rather than giving an id (the id is derived).
    var derivesClientID: Bool {
        cellIndex(.clientID) == nil
            && (cellIndex(IdentityField.clientName) != nil || cellIndex(IdentityField.firstName) != nil
                || cellIndex(IdentityField.lastName) != nil || (kind == .clients && cellIndex(.name) != nil))
    }

    /// The raw fields, in order, for a rejects file.
    func rawFields() -> [Diagnostic.Field] {
        cells.indices.map { Diagnostic.Field(name: names[cells[$0].name], value: text($0)) }
    }

    /// The trimmed text of every field of the kind, for comparing invalid rows.
    func contentKey() -> [String] {
        kind.columns.map { f in value(f).map { String(decoding: $0, as: UTF8.self) } ?? "" }
            + IdentityField.mappable.map { string($0) ?? "" }
    }

    mutating func clear() {
        cells.removeAll()
        scratch.reset()
        problem = nil
        if !cellProblems.isEmpty { cellProblems.removeAll() }
    }
}

/// The cells of a row: a reused buffer, so filling a row does no uniqueness checks or reallocation.
final class CellStore: RandomAccessCollection {
    private var pointer: UnsafeMutablePointer<Cell>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 32) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
    }
    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Cell {
        @inline(__always) get {
            precondition(i >= 0 && i < count, "cell index out of range")
            return pointer[i]
        }
        @inline(__always) set {
            precondition(i >= 0 && i < count, "cell index out of range")
            pointer[i] = newValue
        }
    }

    @inline(__always)
    func append(_ c: Cell) {
        if count == capacity { grow() }
        (pointer + count).initialize(to: c)
        count += 1
    }

    /// True when every cell is empty (a blank CSV row such as `,,,`).
    var allEmpty: Bool {
        for i in 0..<count where pointer[i].count != 0 { return false }
        return true
    }

    @inline(__always)
    func removeAll() {
        pointer.deinitialize(count: count)
        count = 0
    }

    private func grow() {
        let c = capacity * 2
        let p = UnsafeMutablePointer<Cell>.allocate(capacity: c)
        p.moveInitialize(from: pointer, count: count)
        pointer.deallocate()
        pointer = p
        capacity = c
    }
}

/// Field → cell index (-1: absent), one slot per `Field`, then one per `IdentityField`.
final class FieldMap {
    static let slots = Field.count + IdentityField.count
    private let pointer = UnsafeMutablePointer<Int32>.allocate(capacity: FieldMap.slots)
    init() { pointer.initialize(repeating: -1, count: FieldMap.slots) }
    deinit { pointer.deallocate() }
    subscript(i: Int) -> Int32 {
        @inline(__always) get { pointer[i] }
        @inline(__always) set { pointer[i] = newValue }
    }
    func reset() { pointer.update(repeating: -1, count: FieldMap.slots) }
    func assign(_ values: [Int32]) {
        values.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { pointer.update(from: base, count: min(b.count, FieldMap.slots)) }
        }
        if values.count < FieldMap.slots {
            (pointer + values.count).update(repeating: -1, count: FieldMap.slots - values.count)
        }
    }
}

/// A reader of one format, as the two-pass driver sees it.
protocol RowSource {
    /// Column names for the summary (CSV header, JSON keys seen).
    var header: [String] { get }
    var names: NameTable { get }
    /// Starts again from the first row.
    mutating func rewind() throws(ImportError)
    /// Fills `row` with the next row; false at the end. Blank lines are skipped and counted in `blankLines`.
    mutating func next(into row: inout Row) throws(ImportError) -> Bool
    /// Reads the row at `position` (from an earlier pass) into `row`.
    mutating func read(at position: RowPosition, into row: inout Row) throws(ImportError)
    var blankLines: Int { get }
    /// Columns or keys that map to no field.
    var ignored: [String] { get }
    /// The CSV delimiter, if any.
    var delimiterText: String? { get }
    /// How far the last pass got, so pages behind it can be released.
    func releaseBehind()
}
