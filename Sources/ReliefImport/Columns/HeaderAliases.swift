import ReliefModel
/// Header spellings clinics use for each canonical field (docs/import.md lists them).
///
/// A header is compared after `normalizedHeader`: lower case, with everything but
/// letters and digits removed, so `Client ID`, `client_id`, `CLIENT-ID` and
/// `clientId` are one name. Aliases depend on the kind: in a check-in file `pain`
/// is the pain score; in a session file it means pain_before.
enum HeaderAliases {
    /// Lower-cased letters and digits of `text`, everything else dropped.
    static func normalizedHeader(_ text: some StringProtocol) -> String {
        var out = ""
        for u in text.unicodeScalars {
            if u.properties.isAlphabetic || ("0"..."9").contains(u) {
                out.unicodeScalars.append(contentsOf: u.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    static let common: [Field: [String]] = [
        .clientID: ["clientid", "client", "clientnumber", "clientno", "patientid", "patient", "customerid", "customer"],
        .therapistID: ["therapistid", "therapist", "practitionerid", "practitioner", "providerid", "provider",
                       "staffid", "staff", "employee", "staffmember", "treatingpractitioner"],
        .regions: ["regions", "region", "bodyregions", "bodyregion", "bodyareas", "areas", "areastreated",
                   "focusareas"],
        .sleepQuality: ["sleepquality", "sleep", "sleepscore"],
        .mood: ["mood", "moodscore"],
        .stress: ["stress", "stresslevel", "stressscore"],
        // Where a chain's session or appointment was: practice systems call it the location.
        .site: ["site", "siteid", "sitename", "location", "locationid", "locationname", "clinic", "clinicid",
                "clinicname", "branch", "branchname", "practicelocation", "businesslocation"],
    ]

    static let byKind: [RecordKind: [Field: [String]]] = [
        .sessions: [
            .sessionID: ["sessionid", "session", "appointmentid", "appointment", "visitid", "visit",
                         "encounterid", "bookingid"],
            .date: ["date", "dateofservice", "dos", "servicedate", "sessiondate", "visitdate", "appointmentdate",
                    "datetime", "datetimeofservice", "starttime", "appointmentstart", "appointmentstarttime",
                    "timestamp", "submitdate", "submitdateutc", "submissiondate"],
            .durationMin: ["durationmin", "duration", "durationminutes", "minutes", "lengthmin", "length",
                           "lengthminutes"],
            .kind: ["kind", "sessionkind", "sessiontype"],
            .technique: ["technique", "techniques", "modality", "modalities", "method", "methods"],
            .pressure: ["pressure", "pressurelevel"],
            .painBefore: ["painbefore", "painpre", "prepain", "painstart", "painatstart", "initialpain",
                          "pain", "nprsbefore", "nprspre", "painbeforesession", "prenprs"],
            .painAfter: ["painafter", "painpost", "postpain", "painend", "painatend", "finalpain", "nprsafter",
                         "nprspost", "painaftersession", "postnprs"],
            .reliefDays: ["reliefdays", "relief", "reliefduration", "daysofrelief", "relieflasted",
                          "reliefdurationdays"],
            .notes: ["notes", "note", "comments", "comment", "soap", "soapnote", "therapistnote",
                     "therapistnotes", "sessionnotes"],
        ],
        .clients: [
            .name: ["name", "clientname", "fullname", "patientname", "customername"],
            .segment: ["segment", "clientsegment", "group"],
            .complaint: ["complaint", "chiefcomplaint", "presentingcomplaint", "reasonforvisit",
                         "condition"],
            .intakeDate: ["intakedate", "intake", "firstvisit", "firstvisitdate", "startdate",
                          "registrationdate", "registered"],
        ],
        .therapists: [
            .name: ["name", "therapistname", "fullname", "practitionername"],
        ],
        .appointments: [
            .appointmentID: ["appointmentid", "appointmentno", "appointmentnumber", "appointmentref", "bookingid",
                             "bookingreference", "bookingref", "visitid"],
            .date: ["date", "start", "startdate", "starttime", "startdatetime", "appointmentdate", "appointmentstart",
                    "appointmentstarttime", "datetime", "dateofservice", "dos", "servicedate", "visitdate", "scheduledfor"],
            .end: ["end", "endtime", "enddatetime", "appointmentend", "appointmentendtime", "finishtime"],
            .durationMin: ["durationmin", "duration", "durationminutes", "minutes", "lengthmin", "length",
                           "lengthminutes"],
            .service: ["service", "services", "primaryservice", "servicename", "servicetype", "treatment",
                       "treatmenttype", "treatmentname", "appointmenttype"],
            .status: ["appointmentstatus", "attendance", "attendancestatus", "visitstatus", "bookingstatus",
                      "arrivalstatus", "showstatus"],
        ],
        .checkins: [
            .date: ["date", "checkindate", "entrydate", "datetime", "timestamp", "submitdate", "submitdateutc",
                    "submissiondate"],
            .pain: ["pain", "painscore", "painlevel", "nprs"],
            .source: ["source", "channel", "via", "method"],
        ],
    ]

    /// Headers too generic to bind without a mapping or preset (`Id` could be any record's id,
    /// `Type` an appointment type, `Status` a booking state): ignored with a warning, and
    /// `relief mapping suggest` proposes them in a comment.
    static let generic: Set<String> = ["id", "type", "status", "state", "code", "number", "no", "value"]

    /// Header spellings of the columns that identify a client without an id, for the kinds that
    /// may have them. (In a client file a name is the `name` field itself.)
    static let identity: [IdentityField: [String]] = [
        .clientName: ["clientname", "patientname", "customername", "fullname", "name"],
        .firstName: ["firstname", "givenname", "forename"],
        .lastName: ["lastname", "surname", "familyname"],
        .email: ["email", "emailaddress", "mail"],
        .birthDate: ["birthdate", "dateofbirth", "dob", "birthday"],
    ]

    /// The bare client headers (`Client`, `Patient`, `Customer`): a client id where the file has
    /// session ids, the client's name in a session file without them.
    static let bareClient: Set<String> = ["client", "patient", "customer"]

    /// normalized alias → identity column, per kind.
    static let identityTable: [RecordKind: [String: IdentityField]] = {
        var result: [RecordKind: [String: IdentityField]] = [:]
        for kind in RecordKind.allCases where kind != .therapists {
            var t: [String: IdentityField] = [:]
            for (f, names) in identity where !(kind == .clients && f == .clientName) {
                for n in names { t[n] = f }
                t[normalizedHeader(f.name)] = f
            }
            result[kind] = t
        }
        return result
    }()

    /// normalized alias → field, per kind.
    static let table: [RecordKind: [String: Field]] = {
        var result: [RecordKind: [String: Field]] = [:]
        for kind in RecordKind.allCases {
            var t: [String: Field] = [:]
            for (field, names) in byKind[kind] ?? [:] { for n in names { t[n] = field } }
            for (field, names) in common where kind.columns.contains(field) {
                for n in names where t[n] == nil { t[n] = field }
            }
            // Canonical names always work.
            for f in kind.columns { t[normalizedHeader(f.name)] = f }
            result[kind] = t
        }
        return result
    }()
}
