/// A linear map from a data interval to a point interval (either may run backwards:
/// y scales map low values to the bottom, i.e. to larger y).
public struct LinearScale: Hashable, Sendable {
    public var domainLower: Double
    public var domainUpper: Double
    public var rangeStart: Double
    public var rangeEnd: Double

    public init(domain lower: Double, _ upper: Double, range start: Double, _ end: Double) {
        let (a, b) = NiceTicks.widen(lower, upper)
        domainLower = a; domainUpper = b; rangeStart = start; rangeEnd = end
    }

    public func callAsFunction(_ v: Double) -> Double {
        rangeStart + (v - domainLower) / (domainUpper - domainLower) * (rangeEnd - rangeStart)
    }

    /// The data value at a position.
    public func invert(_ p: Double) -> Double {
        domainLower + (p - rangeStart) / (rangeEnd - rangeStart) * (domainUpper - domainLower)
    }

    /// Points per data unit (absolute).
    public var pointsPerUnit: Double { abs(rangeEnd - rangeStart) / (domainUpper - domainLower) }
}
