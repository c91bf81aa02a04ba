/// One validated record, of any kind.
public enum Record: Sendable, Hashable {
    case session(Session)
    case client(Client)
    case therapist(Therapist)
    case checkIn(CheckIn)
    case appointment(Appointment)

    public var kind: RecordKind {
        switch self {
        case .session: .sessions
        case .client: .clients
        case .therapist: .therapists
        case .checkIn: .checkins
        case .appointment: .appointments
        }
    }
}
