// ReliefModel: the records of data.md (clients, therapists, sessions, check-ins), their
// vocabulary codes, and the canonical column names (`CanonicalColumns`).
//
// Every module that uses records also counts days: ReliefModel re-exports the calendar.
@_exported import ReliefCalendar
