import Testing
@testable import ChartCairo
