/// Invented names for the sample's clients and therapists.
///
/// Mostly Latin-script first and last names of varied origin, combined at random; a few
/// whole names in Arabic and in Chinese, Japanese and Korean script; and one name with
/// diacritics in both parts. They exercise right-to-left text, CJK fonts and combining
/// characters in reports. Any likeness to a real person is a coincidence of common names.
enum SampleNames {
    static let first: [String] = [
        "Emma", "Liam", "Olivia", "Noah", "Sophie", "Lucas", "Mia", "Elias", "Hannah", "Jonas",
        "Clara", "Mateo", "Laura", "Daniel", "Julia", "David", "Sara", "Adam", "Lena", "Samuel",
        "Anna", "Tomás", "Isabel", "Marco", "Chiara", "Luca", "Elena", "Pablo", "Lucía", "Diego",
        "Camille", "Hugo", "Chloé", "Louis", "Inès", "Jakub", "Zofia", "Piotr", "Katarzyna", "Mikael",
        "Ingrid", "Lars", "Freya", "Sean", "Aoife", "Ciarán", "Niamh", "Grace", "Oliver", "Charlotte",
        "James", "Amelia", "Henry", "Ruth", "Peter", "Margaret", "Robert", "Helen", "George", "Dorothy",
        "Kofi", "Ama", "Chidi", "Ngozi", "Tendai", "Priya", "Arjun", "Ananya", "Rahul", "Meera",
        "Mehmet", "Elif", "Burak", "Ayşe", "Dmitri", "Olga", "Ivan", "Natalia", "Andrea", "Nicolás",
        "Valentina", "Gabriel", "Beatriz", "João", "Mariana", "Kai", "Leilani", "Tariq", "Yasmin", "Omar",
    ]

    static let last: [String] = [
        "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clarke", "Walker", "Hughes", "Evans", "Murphy",
        "O'Brien", "Kelly", "Byrne", "Müller", "Schmidt", "Fischer", "Weber", "Becker", "Hoffmann", "Schulz",
        "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard", "Rossi", "Russo", "Ferrari", "Bianchi", "Romano",
        "García", "Martínez", "López", "Sánchez", "Pérez", "Fernández", "Silva", "Santos", "Oliveira", "Costa",
        "Nowak", "Kowalski", "Wiśniewska", "Zieliński", "Novák", "Svoboda", "Horváth", "Nagy", "Popescu",
        "Ionescu", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Andersson", "Johansson", "Nilsson",
        "Hansen", "Larsen", "Virtanen", "Korhonen", "Petrov", "Ivanova", "Kuznetsov", "Yilmaz", "Demir",
        "Kaya", "Papadopoulos", "Georgiou", "Cohen", "Levi", "Mensah", "Okafor", "Adeyemi", "Mwangi",
        "Patel", "Sharma", "Singh", "Nair", "Iyer", "Nguyen", "Tran", "Santos-Reyes", "Cruz", "Mendoza",
        "Kahananui", "MacLeod", "Fitzgerald", "Lindqvist",
    ]

    /// Arabic given and family names, written in Arabic script ("ليلى حداد").
    static let arabicGiven = ["ليلى", "عمر", "سارة", "يوسف", "مريم", "كريم", "نور", "أحمد", "هالة", "رامي", "فاطمة", "خالد"]
    static let arabicFamily = ["حداد", "خليل", "منصور", "نصار", "سعيد", "عبد الله", "الفارسي", "جبران", "عيسى", "الخطيب"]

    /// Chinese names: family name then given name, no space ("王芳").
    static let chineseFamily = ["王", "李", "张", "陈", "刘", "杨", "黄", "赵"]
    static let chineseGiven = ["芳", "伟", "敏", "静", "洋", "磊", "娜", "强", "秀英", "建华"]
    /// Japanese names: family name, a space, given name ("佐藤 健").
    static let japaneseFamily = ["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤"]
    static let japaneseGiven = ["健", "花子", "美咲", "翔", "陽菜", "大輔"]
    /// Korean names in Hangul, no space ("김민준").
    static let koreanFamily = ["김", "이", "박", "최"]
    static let koreanGiven = ["민준", "서연", "지호", "하은", "도윤"]

    /// The one name with diacritics in both parts.
    static let accented = "Zoë Ångström"

    /// Therapists' names (ids T01, T02, … take them in order; more therapists than names
    /// get combined names).
    static let therapists: [String] = [
        "Anna Kowalska", "Marcus Reid", "Sofia Lindberg", "Daniel Okoye", "Mei Lin Chen", "Rachel Adler",
        "Tom Hartley", "Lucia Moreno", "Farid Haddad", "Kirsten Vogel", "Paul Nakamura", "Ines Duarte",
    ]
}
