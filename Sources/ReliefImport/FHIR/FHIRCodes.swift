/// The FHIR codes and extensions Relief reads (docs/fhir.md is the reference).
enum FHIRCodes {
    static let loinc = "http://loinc.org"
    /// Pain severity 0–10, verbal numeric rating, reported.
    static let pain = "72514-3"
    /// PROMIS sleep disturbance: a T-score (mean 50, SD 10), not a 0–10 sleep quality.
    static let promisSleep = "77860-5"
    /// Stress level (0–10).
    static let stress = "93038-8"

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
        case (loinc, stress): "stress"
        case (scoreSystem, "pain"): "pain"
        case (scoreSystem, "sleep-quality"): "sleep_quality"
        case (scoreSystem, "mood"): "mood"
        case (scoreSystem, "stress"): "stress"
        case (scoreSystem, "relief-days"): "relief_days"
        default: nil
        }
    }
}
