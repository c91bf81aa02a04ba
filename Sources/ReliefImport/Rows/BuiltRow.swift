import ReliefModel

/// A row built by a reader rather than sliced from the file (FHIR resources joined, a note's
/// header lines): its cells, each named by what it came from (a FHIR element path, a note's
/// label) and its line, and the problems found while building it.
struct BuiltRow {
    var kind: RecordKind
    var line: Int
    var cells: [(field: Field?, label: String, value: String, line: Int, type: CellType)] = []
    var problems: [(label: String, line: Int, rule: Rule, message: String)] = []
    /// Identity columns (a client's name …), and whether session ids are derived (no session_id).
    var identity: [(field: IdentityField, label: String, value: String, line: Int)] = []
    var derivesIDs = false
    /// A problem with the whole row (it is rejected with this reason alone).
    var rowProblem: (rule: Rule, message: String)?

    mutating func add(_ field: Field, _ label: String, _ value: String?, line: Int, type: CellType = .text) {
        guard let value else { return }
        cells.append((field, label, value, line, type))
    }

    /// Fills `row` (the view the validator reads) with this row's cells; `offset` is its position.
    func fill(_ row: inout Row, names: NameTable, offset: Int) {
        row.clear()
        row.base = nil
        row.kind = kind
        row.names = names
        row.position = RowPosition(offset: offset, line: line, kind: kind)
        row.fieldCell.reset()
        for c in cells {
            let start = row.scratch.count
            row.scratch.append(c.value)
            let cell = Cell(start: start, count: row.scratch.count - start, name: names.add(c.label), type: c.type,
                            inScratch: true, line: Int32(truncatingIfNeeded: c.line == line ? 0 : c.line))
            if let f = c.field {
                if row.fieldCell[f.rawValue] >= 0 {
                    row.cellProblems.append((row.cells.count, .ambiguousField, "\(f.name) is given twice for this resource"))
                }
                row.fieldCell[f.rawValue] = Int32(row.cells.count)
            }
            row.cells.append(cell)
        }
        for c in identity {
            let start = row.scratch.count
            row.scratch.append(c.value)
            row.fieldCell[c.field.slot] = Int32(row.cells.count)
            row.cells.append(Cell(start: start, count: row.scratch.count - start, name: names.add(c.label), inScratch: true,
                                  line: Int32(truncatingIfNeeded: c.line == line ? 0 : c.line)))
        }
        if derivesIDs { row.fieldCell[IdentityField.derivedSessionIDs.slot] = 0 }
        if let p = rowProblem { row.problem = p }
        for p in problems {
            let cell = Cell(start: row.scratch.count, count: 0, name: names.add(p.label), inScratch: true,
                            line: Int32(truncatingIfNeeded: p.line == line ? 0 : p.line))
            row.cellProblems.append((row.cells.count, p.rule, p.message))
            row.cells.append(cell)
        }
    }
}

/// A reader that builds all its rows first (FHIR resources joined, notes split, long rows
/// pivoted) and hands them to the driver from memory: the passes walk `rows`.
protocol BuiltRowSource: RowSource {
    var rows: [BuiltRow] { get }
    var names: NameTable { get }
    /// The next row's position in `rows`.
    var index: Int { get set }
}

extension BuiltRowSource {
    mutating func rewind() throws(ImportError) { index = 0 }
    func releaseBehind() {}

    mutating func next(into row: inout Row) throws(ImportError) -> Bool {
        guard index < rows.count else { return false }
        rows[index].fill(&row, names: names, offset: index)
        index += 1
        return true
    }

    mutating func read(at position: RowPosition, into row: inout Row) throws(ImportError) {
        rows[position.offset].fill(&row, names: names, offset: position.offset)
    }
}
