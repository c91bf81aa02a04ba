import Testing
@testable import ReliefAnalytics

// Reference: scipy 1.17.1 stats.spearmanr(x, y).statistic; the interval computed with numpy as
// tanh(atanh(rho) ± norm.ppf(0.975)·sqrt(1.06/(n − 3))) (Fieller, Hartley & Pearson 1957).
@Suite struct SpearmanTests {
    @Test func withTies() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        let y: [Double] = [-10, -35, -20, -40, -40, -55, -30, -60, -70, -50, -65, -80]
        let s = try #require(Spearman.correlate(x, y))
        #expect(close(s.rho, -0.8511396590310907))
        #expect(close(s.lower95, -0.9589679325455621))
        #expect(close(s.upper95, -0.5281951573457614))
        #expect(s.n == 12)
    }

    @Test func thirtyPoints() throws {
        let s = try #require(Spearman.correlate(TheilSenTests.dx, TheilSenTests.dy))
        #expect(close(s.rho, -0.7142543404140864))
        #expect(close(s.lower95, -0.8575898551333271))
        #expect(close(s.upper95, -0.46797114213428004))
    }

    @Test func edgeCases() throws {
        #expect(Spearman.correlate([1, 2], [3, 4]) == nil)
        #expect(Spearman.correlate([1, 2, 3, 4], [5, 5, 5, 5]) == nil)   // scipy: nan
        let three = try #require(Spearman.correlate([1, 2, 3], [1, 3, 2]))
        #expect(close(three.rho, 0.5) && three.lower95 == nil)            // n − 3 = 0: no interval
        let perfect = try #require(Spearman.correlate([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]))
        #expect(perfect.rho == 1 && perfect.lower95 == 1)
    }
}
