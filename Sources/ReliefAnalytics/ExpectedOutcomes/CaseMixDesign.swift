import Foundation

/// One complete course of care, as the expected-outcomes models read it: who gave it (the
/// unit: a therapist, or a technique or site through the same machinery), whether the client
/// improved, and what was known at intake.
public struct CaseMixCourse: Sendable, Equatable {
    /// The unit compared: a therapist, technique or site id.
    public var unit: String
    /// Improved by the project's definition (`isImproved(baseline:final:)`).
    public var improved: Bool
    /// Intake (first pre-session) pain, 0–10.
    public var baseline: Double
    /// Final pre-session pain, for the secondary linear model; nil when not needed.
    public var finalPain: Double?
    public var chronic: Bool
    /// Segment code (`Segment.rawValue`, or any string).
    public var segment: String
    /// Body region code; nil is read as "unknown".
    public var region: String?
    /// Sessions per week or similar; only used in an attendance sensitivity model.
    public var attendance: Double?

    public init(unit: String, improved: Bool, baseline: Double, finalPain: Double? = nil, chronic: Bool,
                segment: String, region: String? = nil, attendance: Double? = nil) {
        self.unit = unit; self.improved = improved; self.baseline = baseline; self.finalPain = finalPain
        self.chronic = chronic; self.segment = segment; self.region = region; self.attendance = attendance
    }

    /// metrics.md §2: improved when the change is ≤ −2 points AND ≤ −30 % of baseline (both, so
    /// 2 → 1 does not count); false when baseline is 0.
    public static func isImproved(baseline: Double, final: Double) -> Bool {
        guard baseline > 0 else { return false }
        let change = final - baseline
        return change <= -2 && change / baseline <= -0.3
    }
}

/// Which covariates enter the expected model and how levels are coded.
public struct CaseMixSpecification: Sendable, Equatable {
    /// Baseline enters as (baseline − centre), linear.
    public var baselineCentre: Double = 6
    /// Courses whose baseline is ≤ this are excluded (percent change is unstable there,
    /// metrics.md thresholds); nil keeps every course.
    public var excludeBaselineAtOrBelow: Double? = 3
    /// The reference segment when it survives collapsing; otherwise the most frequent level.
    public var segmentReference: String? = "office-worker"
    /// The reference region; nil means the most frequent (ties: alphabetical).
    public var regionReference: String? = nil
    public var includeRegion: Bool = true
    /// A segment or region level with fewer courses than this joins "other"; an "other" still
    /// below it joins the reference level.
    public var minimumLevelCount: Int = 10
    /// nil (the primary model): attendance is not case mix. A value: attendance − centre enters
    /// as a covariate (a sensitivity check only); courses without attendance are then excluded.
    public var attendanceCentre: Double? = nil
    /// Whether `chronic` enters the model. False when the data do not record it (Relief has no
    /// symptom-onset field yet): the column is left out rather than filled with a constant,
    /// which would make the design singular, and `CaseMixCourse.chronic` is ignored.
    public var includeChronic: Bool = true

    public init(baselineCentre: Double = 6, excludeBaselineAtOrBelow: Double? = 3,
                segmentReference: String? = "office-worker", regionReference: String? = nil,
                includeRegion: Bool = true, minimumLevelCount: Int = 10, attendanceCentre: Double? = nil,
                includeChronic: Bool = true) {
        self.baselineCentre = baselineCentre; self.excludeBaselineAtOrBelow = excludeBaselineAtOrBelow
        self.segmentReference = segmentReference; self.regionReference = regionReference
        self.includeRegion = includeRegion; self.minimumLevelCount = minimumLevelCount
        self.attendanceCentre = attendanceCentre; self.includeChronic = includeChronic
    }
}

/// Why a course is left out of the models.
public enum CaseMixExclusion: String, Sendable, Equatable, Codable {
    case baselineAtOrBelowThreshold = "baseline-at-or-below-threshold"
    case missingAttendance = "missing-attendance"
    case nonFiniteValue = "non-finite-value"
}

/// A level merged into another by the collapsing rule.
public struct CollapsedLevel: Sendable, Equatable, Codable {
    public var variable: String
    public var level: String
    public var into: String
    public var count: Int
}

/// The design matrix of the expected model, built from courses.
///
/// Columns, in order: `intercept`; `baseline` (baseline − centre); `chronic` (0/1, unless
/// `includeChronic` is false);
/// `segment:<level>` for each non-reference segment level in alphabetical order;
/// `region:<level>` likewise; `attendance` (attendance − centre) when asked for. Rare levels
/// (fewer than `minimumLevelCount` courses) are collapsed into "other" first, and an "other"
/// still below the minimum into the reference. Units are sorted by id.
///
/// ```swift
/// let design = CaseMixDesign(courses, specification: .init(segmentReference: "office"))
/// ```
/// - Complexity: O(n log n).
public struct CaseMixDesign: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Double]]
    /// 1 improved, 0 not.
    public var outcomes: [Double]
    public var finalPain: [Double?]
    /// Unit ids, sorted; `unitIndex[i]` indexes into it.
    public var units: [String]
    public var unitIndex: [Int]
    /// The collapsed segment and region of each row (for subgroup calibration).
    public var segments: [String]
    public var regions: [String]
    /// Each row's position in the input.
    public var courseIndex: [Int]
    /// Input positions left out, with the reason.
    public var exclusions: [(index: Int, reason: CaseMixExclusion)]
    public var collapsed: [CollapsedLevel]
    public var segmentReference: String?
    public var regionReference: String?

    public static func == (a: CaseMixDesign, b: CaseMixDesign) -> Bool {
        a.columns == b.columns && a.rows == b.rows && a.outcomes == b.outcomes && a.units == b.units
            && a.unitIndex == b.unitIndex && a.courseIndex == b.courseIndex
            && a.exclusions.map(\.index) == b.exclusions.map(\.index)
    }

    public init(_ courses: [CaseMixCourse], specification spec: CaseMixSpecification = .init()) {
        var kept = [Int](), exclusions = [(index: Int, reason: CaseMixExclusion)]()
        for (i, c) in courses.enumerated() {
            if !c.baseline.isFinite || !(c.finalPain?.isFinite ?? true) {
                exclusions.append((i, .nonFiniteValue))
            } else if let threshold = spec.excludeBaselineAtOrBelow, c.baseline <= threshold {
                exclusions.append((i, .baselineAtOrBelowThreshold))
            } else if spec.attendanceCentre != nil, !(c.attendance?.isFinite ?? false) {
                exclusions.append((i, .missingAttendance))
            } else {
                kept.append(i)
            }
        }
        var collapsed = [CollapsedLevel]()
        func collapse(_ name: String, _ raw: [String], preferred: String?) -> (levels: [String], reference: String?, dummies: [String]) {
            var counts = [String: Int]()
            for v in raw { counts[v, default: 0] += 1 }
            var map = [String: String]()
            for (level, count) in counts where count < spec.minimumLevelCount && level != "other" {
                map[level] = "other"
                collapsed.append(CollapsedLevel(variable: name, level: level, into: "other", count: count))
            }
            var merged = [String: Int]()
            for v in raw { merged[map[v] ?? v, default: 0] += 1 }
            let candidates = merged.filter { $0.key != "other" }
            let reference: String?
            if let preferred, let c = candidates[preferred], c >= spec.minimumLevelCount { reference = preferred }
            else {
                reference = candidates.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
                    ?? merged.keys.first
            }
            if let other = merged["other"], other < spec.minimumLevelCount, let reference, reference != "other" {
                for level in map.keys where map[level] == "other" { map[level] = reference }
                if counts["other"] != nil { map["other"] = reference }
                collapsed = collapsed.map { $0.variable == name && $0.into == "other" ? CollapsedLevel(variable: name, level: $0.level, into: reference, count: $0.count) : $0 }
                if let c = counts["other"] { collapsed.append(CollapsedLevel(variable: name, level: "other", into: reference, count: c)) }
            }
            let levels = raw.map { map[$0] ?? $0 }
            let dummies = Set(levels).subtracting(reference.map { [$0] } ?? []).sorted()
            return (levels, reference, dummies)
        }
        let segment = collapse("segment", kept.map { courses[$0].segment }, preferred: spec.segmentReference)
        let region = spec.includeRegion
            ? collapse("region", kept.map { courses[$0].region ?? "unknown" }, preferred: spec.regionReference)
            : (levels: kept.map { _ in "all" }, reference: nil, dummies: [])
        var columns = spec.includeChronic ? ["intercept", "baseline", "chronic"] : ["intercept", "baseline"]
        columns += segment.dummies.map { "segment:\($0)" }
        columns += region.dummies.map { "region:\($0)" }
        if spec.attendanceCentre != nil { columns.append("attendance") }
        let units = Set(kept.map { courses[$0].unit }).sorted()
        let unitPosition = Dictionary(uniqueKeysWithValues: units.enumerated().map { ($1, $0) })
        var rows = [[Double]]()
        for (k, i) in kept.enumerated() {
            let c = courses[i]
            var row = [1, c.baseline - spec.baselineCentre]
            if spec.includeChronic { row.append(c.chronic ? 1 : 0) }
            row += segment.dummies.map { segment.levels[k] == $0 ? 1 : 0 }
            row += region.dummies.map { region.levels[k] == $0 ? 1 : 0 }
            if let centre = spec.attendanceCentre { row.append((c.attendance ?? centre) - centre) }
            rows.append(row)
        }
        self.columns = columns
        self.rows = rows
        outcomes = kept.map { courses[$0].improved ? 1 : 0 }
        finalPain = kept.map { courses[$0].finalPain }
        self.units = units
        unitIndex = kept.map { unitPosition[courses[$0].unit]! }
        segments = segment.levels
        regions = region.levels
        courseIndex = kept
        self.exclusions = exclusions
        self.collapsed = collapsed
        segmentReference = segment.reference
        regionReference = region.reference
    }
}
