import ChartScene

/// The charts' own words (axis titles, legends, empty notes), so a chart in a report speaks the
/// report's language.
extension ReportLanguage {
    var sessionPainLabels: SessionPainChart.Labels {
        var l = SessionPainChart.Labels()
        l.axis = "Pain (0–10)"; l.better = "↓ better"; l.session = "Before → after session"
        l.beforeOnly = "Before only (no after score)"; l.checkIn = "Check-in"; l.trend = "Trend"
        l.baseline = "Baseline"; l.improvement = "30% better"; l.empty = "No sessions recorded yet"
        return l
    }

    var scoreLinesLabels: ScoreLinesChart.Labels {
        var l = ScoreLinesChart.Labels()
        l.axis = "Score (0–10)"; l.betterUp = "↑ better"; l.betterDown = "↓ better"; l.empty = "No scores recorded yet"
        return l
    }

    /// The relief curve's words. Its height is a share of sessions for one client and for the
    /// clinic alike (the clinic's weights each client equally, which its caption says), so the
    /// axis names sessions in both: the clinic's once said "Clients still relieved", which its
    /// own title ("Share of sessions …") contradicted.
    var reliefLabels: ReliefDurationChart.Labels {
        var l = ReliefDurationChart.Labels()
        l.xAxis = "Days after session"
        l.yAxis = "Sessions still relieved"
        l.median = "median"; l.unit = "d"; l.band = "95% band"; l.censored = "Censored"
        l.empty = "No follow-ups recorded yet"
        return l
    }

    var barLabels: BarChart.Labels {
        var l = BarChart.Labels()
        l.tooFew = "Hatched bars: too few to compare"; l.tooFewLegend = "Too few to compare"; l.empty = "Nothing to compare yet"
        return l
    }

    var attendanceLabels: AttendanceStrip.Labels {
        var l = AttendanceStrip.Labels()
        l.session = "Session"; l.gap = "Gap over {n} days"
        l.gapSummaryOne = "1 gap over {n} days: {longest} days"
        l.gapSummaryMany = "{count} gaps over {n} days, the longest {longest} days"
        l.noGaps = "No gaps over {n} days"
        l.missed = "Missed appointment"
        return l
    }
}
