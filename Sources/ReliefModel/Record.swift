/// One validated record, of any kind.
public enum Record: Sendable, Hashable {
    case session(Session)
    case client(Client)
    case therapist(Therapist)
    case checkIn(CheckIn)
    case appointment(Appointment)
    /// Scores for a session already stored (a post-session form's), to be added to it.
    case visitScores(VisitScores)

    public var kind: RecordKind {
        switch self {
        case .session: .sessions
        case .client: .clients
        case .therapist: .therapists
        case .checkIn: .checkins
        case .appointment: .appointments
        case .visitScores: .sessions
        }
    }
}
