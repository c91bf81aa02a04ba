import ReliefModel

/// What a segment's clients come with and what they get: complaints, techniques,
/// pressure and session lengths, with the weights the generator draws them by.
///
/// Values are the lower-case, hyphenated words data.md uses (`trigger-point`,
/// `lower-back`), so the sample exercises the vocabulary a clinic's export would.
struct SampleCatalog: Sendable {
    struct Complaint: Sendable {
        var text: String
        var regions: [String]
    }

    var segment: Segment
    /// Share of the clinic's clients in this segment.
    var share: Double
    /// Mean intake pain (NPRS); individual baselines are drawn around it, sd 1.1.
    var painMean: Double
    var complaints: [Complaint]
    /// Medical techniques and their weights.
    var techniques: [(String, Double)]
    /// Weights of light, moderate, firm, deep for medical sessions.
    var pressure: [Double]
    /// Weights of 30, 45, 60, 90 minutes for medical sessions.
    var durations: [Double]
    /// Regions sometimes worked on besides the complaint's.
    var extraRegions: [String]
    /// Notes a therapist of this segment's clients might write.
    var notes: [String]

    static let durationChoices = [30, 45, 60, 90]

    static func of(_ segment: Segment) -> SampleCatalog {
        all[Segment.allCases.firstIndex(of: segment)!]
    }

    /// One per `Segment.allCases`, in that order.
    static let all: [SampleCatalog] = [
        SampleCatalog(
            segment: .officeWorker, share: 0.35, painMean: 5.6,
            complaints: [
                Complaint(text: "neck and shoulder pain from desk work", regions: ["neck", "shoulders"]),
                Complaint(text: "upper back tightness, long hours at a laptop", regions: ["upper-back", "shoulders"]),
                Complaint(text: "stiff neck, worse at the end of the workday", regions: ["neck"]),
                Complaint(text: "lower back pain from sitting", regions: ["lower-back", "hips"]),
                Complaint(text: "shoulder and forearm strain (mouse arm)", regions: ["shoulders", "forearms"]),
            ],
            techniques: [("trigger-point", 3), ("myofascial-release", 3), ("deep-tissue", 2), ("swedish", 1.5),
                         ("stretching", 0.5)],
            pressure: [0.05, 0.45, 0.4, 0.1], durations: [0.08, 0.27, 0.5, 0.15],
            extraRegions: ["upper-back", "neck", "shoulders", "lower-back"],
            notes: ["Upper trapezius tight on the right, eased by the end.",
                    "Reviewed desk set-up and hourly stretch breaks.",
                    "Levator scapulae trigger points, referred pain to the neck reproduced.",
                    "Client said \"much looser\" after the session."]),
        SampleCatalog(
            segment: .athlete, share: 0.18, painMean: 5.0,
            complaints: [
                Complaint(text: "hamstring strain (running)", regions: ["hamstrings", "lower-back"]),
                Complaint(text: "tight calves, marathon training", regions: ["calves", "feet"]),
                Complaint(text: "shoulder overuse (swimming)", regions: ["shoulders", "upper-back"]),
                Complaint(text: "hip and IT band pain (cycling)", regions: ["hips", "quadriceps"]),
                Complaint(text: "lower back pain from weightlifting", regions: ["lower-back", "hips"]),
            ],
            techniques: [("sports", 3), ("deep-tissue", 2.5), ("trigger-point", 1.5), ("myofascial-release", 1.5),
                         ("stretching", 1)],
            pressure: [0, 0.2, 0.45, 0.35], durations: [0.05, 0.2, 0.5, 0.25],
            extraRegions: ["quadriceps", "calves", "lower-back", "hips"],
            notes: ["Race in two weeks; kept pressure moderate.",
                    "Training load up this week, calves very tight.",
                    "Mild soreness after the last session, gone in a day.",
                    "Hip flexors short on both sides; gave home stretches."]),
        SampleCatalog(
            segment: .olderAdult, share: 0.2, painMean: 6.0,
            complaints: [
                Complaint(text: "stiff knees and hips in the morning", regions: ["knees", "hips"]),
                Complaint(text: "knee osteoarthritis", regions: ["knees"]),
                Complaint(text: "frozen shoulder", regions: ["shoulders", "upper-back"]),
                Complaint(text: "chronic low back stiffness", regions: ["lower-back"]),
                Complaint(text: "stiff hands and wrists", regions: ["hands", "forearms"]),
            ],
            techniques: [("swedish", 3), ("myofascial-release", 2.5), ("lymphatic-drainage", 1),
                         ("trigger-point", 1), ("stretching", 1)],
            pressure: [0.35, 0.5, 0.15, 0], durations: [0.2, 0.35, 0.4, 0.05],
            extraRegions: ["lower-back", "shoulders", "feet", "calves"],
            notes: ["Range of motion in the shoulder better than last time.",
                    "Morning stiffness shorter, about 20 minutes.",
                    "Light pressure only; bruises easily.",
                    "Walking more this week, knees a little sore."]),
        SampleCatalog(
            segment: .headache, share: 0.15, painMean: 6.0,
            complaints: [
                Complaint(text: "tension headaches, several a week", regions: ["neck", "head", "shoulders"]),
                Complaint(text: "headaches with jaw clenching", regions: ["jaw", "head", "neck"]),
                Complaint(text: "neck-related headaches", regions: ["neck", "head"]),
            ],
            techniques: [("craniosacral", 2.5), ("trigger-point", 2.5), ("myofascial-release", 2), ("swedish", 1.5)],
            pressure: [0.3, 0.55, 0.15, 0], durations: [0.1, 0.3, 0.5, 0.1],
            extraRegions: ["upper-back", "shoulders", "jaw"],
            notes: ["Headache on arrival, eased during the session.",
                    "Suboccipitals very tight; headache diary reviewed.",
                    "Two headache-free days this week.",
                    "Jaw tension noted; suggested a check with the dentist."]),
        SampleCatalog(
            segment: .other, share: 0.12, painMean: 5.8,
            complaints: [
                Complaint(text: "plantar fasciitis", regions: ["feet", "calves"]),
                Complaint(text: "scar tissue after knee surgery", regions: ["knees", "quadriceps"]),
                Complaint(text: "widespread pain (fibromyalgia)", regions: ["upper-back", "lower-back", "shoulders"]),
                Complaint(text: "sciatica, left side", regions: ["lower-back", "hips", "hamstrings"]),
                Complaint(text: "pregnancy-related back pain", regions: ["lower-back", "hips"]),
            ],
            techniques: [("myofascial-release", 2.5), ("swedish", 2), ("lymphatic-drainage", 1),
                         ("trigger-point", 1.5), ("deep-tissue", 1)],
            pressure: [0.2, 0.5, 0.25, 0.05], durations: [0.1, 0.3, 0.45, 0.15],
            extraRegions: ["lower-back", "calves", "upper-back"],
            notes: ["Scar mobilisation; skin less adherent.",
                    "Flare-up after a long trip, so kept it gentle.",
                    "Side-lying position for comfort.",
                    "Client reports fewer night wakings."]),
    ]

    /// Techniques of relaxation sessions, with weights.
    static let relaxationTechniques: [([String], Double)] = [
        (["swedish"], 7), (["hot-stone"], 1.5), (["swedish", "aromatherapy"], 1.5),
    ]
    /// Regions of relaxation sessions, with weights.
    static let relaxationRegions: [([String], Double)] = [
        (["full-body"], 5), (["back", "neck", "shoulders"], 3), (["back", "legs"], 2),
    ]
    /// Weights of 45, 60 and 90 minutes for relaxation sessions.
    static let relaxationDurations: [(Int, Double)] = [(45, 0.1), (60, 0.6), (90, 0.3)]

    static let relaxationTechniqueWeights = relaxationTechniques.map(\.1)
    static let relaxationRegionWeights = relaxationRegions.map(\.1)
    static let relaxationDurationWeights = relaxationDurations.map(\.1)

    /// Notes for any client. A few hold commas, quotes or a line break on purpose: a real
    /// export does, and the sample should exercise the CSV reader's quoting.
    static let commonNotes: [String] = [
        "Good session.",
        "Home stretches reviewed.",
        "Slept badly this week, busy at work.",
        "Missed last week (travel).",
        "Asked to focus on the left side today.",
        "Felt lightheaded after getting up; water and rest, fine after 5 minutes.",
        "Pressure reduced at the client's request.",
        "Plan: twice a week for the next month, then review.",
        "Back: better.\nShoulders: still tight.",
        "Client asked about \"knots\"; explained trigger points.",
    ]
}
