/// How many rows each table holds.
public struct StoreCounts: Hashable, Sendable, Codable {
    /// Clients, stubs included.
    public var clients: Int
    /// Clients known only by id.
    public var stubClients: Int
    public var therapists: Int
    public var stubTherapists: Int
    public var sessions: Int
    public var checkIns: Int
    public var appointments: Int
    public var imports: Int

    public init(clients: Int, stubClients: Int, therapists: Int, stubTherapists: Int, sessions: Int,
                checkIns: Int, appointments: Int = 0, imports: Int) {
        self.clients = clients; self.stubClients = stubClients; self.therapists = therapists
        self.stubTherapists = stubTherapists; self.sessions = sessions; self.checkIns = checkIns
        self.appointments = appointments; self.imports = imports
    }
}
