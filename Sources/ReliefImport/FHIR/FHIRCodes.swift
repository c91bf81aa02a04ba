/// The FHIR codes and extensions Relief reads (docs/fhir.md is the reference).
enum FHIRCodes {
    static let loinc = "http://loinc.org"
    static let snomed = "http://snomed.info/sct"
    /// Pain severity 0–10, verbal numeric rating, reported.
    static let pain = "72514-3"
    /// SNOMED CT 225908003 "Pain score": the same 0–10 rating when its value is on 0–10.
    static let painSNOMED = "225908003"
    /// PROMIS sleep disturbance: a T-score (mean 50, SD 10), not a 0–10 sleep quality.
    static let promisSleep = "77860-5"
    /// Stress level: a **coded answer** (LOINC's answer list, "Not at all" … "Very much"), not a
    /// 0–10 score. Read as stress only through a value map in the mapping file.
    static let stress = "93038-8"

    /// LOINC's answers to 93038-8, in order, for messages and docs.
    static let stressAnswers: [(code: String, display: String)] = [
        ("LA6568-5", "Not at all"), ("LA13863-8", "A little bit"), ("LA13909-9", "Somewhat"),
        ("LA13902-4", "Quite a bit"), ("LA13914-9", "Very much"),
    ]

    /// Relief's local code system for scores FHIR has no LOINC code for at 0–10.
    static let scoreSystem = "urn:relief:fhir:score"
    static let sessionKindSystem = "urn:relief:fhir:session-kind"
    static let techniqueSystem = "urn:relief:fhir:technique"

    static let extPressure = "urn:relief:fhir:pressure"
    static let extRegion = "urn:relief:fhir:region"
    static let extNotes = "urn:relief:fhir:notes"
    static let extTiming = "urn:relief:fhir:timing"
    static let extSegment = "urn:relief:fhir:segment"
    static let extComplaint = "urn:relief:fhir:complaint"
    static let extIntakeDate = "urn:relief:fhir:intake-date"
    static let extSource = "urn:relief:fhir:source"

    /// The measure a coding means, by default (before a clinic's mapping is applied).
    static func measure(system: String, code: String) -> String? {
        switch (system, code) {
        case (loinc, pain): "pain"
        case (snomed, painSNOMED): "pain"
        case (loinc, stress): "stress"
        case (scoreSystem, "pain"): "pain"
        case (scoreSystem, "sleep-quality"): "sleep_quality"
        case (scoreSystem, "mood"): "mood"
        case (scoreSystem, "stress"): "stress"
        case (scoreSystem, "relief-days"): "relief_days"
        default: nil
        }
    }

    /// Units (UCUM `code`, else `unit`) a 0–10 score may carry in `valueQuantity`; none is fine too.
    static let scoreUnits: Set<String> = ["1", "{score}", "{Score}", "score", "{#}"]
    /// Units relief_days may carry.
    static let dayUnits: Set<String> = ["d", "day", "days", "{days}"]
}
