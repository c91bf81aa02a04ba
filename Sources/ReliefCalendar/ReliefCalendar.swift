// ReliefCalendar: civil days and months, with no time zone and no Foundation Calendar.
//
// `Day` (a calendar day as days since 1970-01-01), `Month` and `Period`. The one calendar
// of the project: records (ReliefModel), charts (ChartScene) and file writers (ReliefFiles)
// all count days with it. Month *names* are words, so they live with the report language
// (ReliefReports.ReportLanguage), not here.
