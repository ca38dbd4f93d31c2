"""Word lists the entity and hashtag rules share: general English, not tuned to any corpus."""

from __future__ import annotations

STOP_WORDS = frozenset(
    """a about above after again against all also although am an and any are as at be
    because been before being below between both but by can could did do does doing down
    during each even ever every few for from further had has have having he her here hers
    herself him himself his how however i if in into is it its itself just last least less
    let like many may me meanwhile might more most much must my myself near neither never new
    next no nor not now of off often on once one only or other our ours ourselves out over own
    per perhaps rather same several she should since so some such than that the their theirs
    them themselves then there these they this those though through thus to too under until
    up upon us very was we well were what whatever when where whether which while who whom
    whose why will with within without would yet you your yours yourself yourselves according
    said says say told tells including included amid among across today yesterday tomorrow
    week weeks year years month months day days time times people thing things way ways
    first second third early late latest recent recently former later earlier monday
    tuesday wednesday thursday friday saturday sunday two three four five six seven eight
    nine ten eleven twelve twenty hundred thousand million billion dozen dozens unless
    despite whereas""".split()  # noqa: SIM905 (a word list reads best as text)
)

# Stop words that are nouns, and part of a name when capitalised inside one ('Time Warner',
# 'People Power Party'): not stripped from such a span's ends. 'Times' is left out: in 'The
# Japan Times' the paper's country is a better clue than the paper.
NAME_NOUNS = frozenset("Time People Day Days Week Year Years Way".split())  # noqa: SIM905

MONTHS_AND_DAYS = frozenset(
    """January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday""".split()  # noqa: SIM905 (a word list reads best as text)
)

# Words that stand before a name as a title or role: stripped, and they mark a person. The
# roles after 'Rev.' are the appositions news puts before a name ('Activist Joshua Wong').
PERSON_TITLES = frozenset(
    """Mr Mrs Ms Miss Dr Sir Dame Lord Lady President Vice Prime Minister Premier Chancellor
    Senator Sen Rep Representative Congressman Congresswoman Governor Gov Mayor King Queen
    Prince Princess Emperor Pope Cardinal Archbishop Bishop Reverend Rev Father Sheikh Imam
    Ayatollah General Gen Admiral Colonel Col Major Captain Capt Lieutenant Lt Sergeant Sgt
    Officer Detective Inspector Judge Justice Attorney Secretary Ambassador Commissioner
    Chairman Chairwoman Chief Director Professor Prof Deputy Foreign Defence Defense Interior
    Finance Health Former Acting Leader Spokesman Spokeswoman Coach Striker Goalkeeper Saint
    St Singer Actor Actress Author PM CEO Dr. Mr. Mrs. Ms. Gov. Sen. Rep. Gen. Prof. Rev.
    Counsel Activist Dissident Journalist Blogger Rapper Comedian Novelist Poet Playwright
    Businessman Businesswoman Billionaire Tycoon Entrepreneur Lawyer Defector Whistleblower
    Informant Turncoat Mobster Fugitive Veteran Rookie Midfielder Quarterback
    Pitcher Guitarist Drummer Filmmaker Photographer Astronaut Physicist Economist
    Scientist Researcher Historian Commentator Pastor Rabbi Priest Cleric Warlord Sister
    Monsignor Deacon Friar Astronomer Cosmonaut Administrator Speaker Founder Developer
    Editor Songwriter Engineer Archaeologist Biologist Chemist Mathematician""".split()  # noqa: SIM905 (a word list reads best as text)
)

# Titles that are also parts of names: after a given name they are the name ('Khalid Sheikh
# Mohammed'), not a title that separates two names.
NAME_PART_TITLES = frozenset({"Sheikh", "Sheik", "Shaikh"})
# Titles that are also common surnames: ending a name after a given name, they are the name
# ('John Major', 'Stephen King', 'Julie Bishop'), not a title left behind ('Saudi King').
SURNAME_TITLES = frozenset("Major King Bishop".split())  # noqa: SIM905
# Words before a title that say which kind of it is, not whose given name they are.
TITLE_KINDS = frozenset(
    """Catholic Anglican Orthodox Episcopal Methodist Lutheran Coptic Auxiliary Crown Drum
    Federal District Circuit High Royal""".split()  # noqa: SIM905 (a word list reads best as text)
)
# What may follow a surname at the end of a name: 'Martin Luther King Jr'.
NAME_SUFFIXES = frozenset("Jr Sr Jnr Snr II III IV".split())  # noqa: SIM905
# Words of a minister's portfolio, between a title and the name: 'Minister for Foreign
# Affairs Joschka Fischer', 'Minister of National Security Martin Joseph'.
PORTFOLIO_WORDS = frozenset(
    """Affairs Security State Foreign Home Interior Internal External National Public Defence
    Defense Finance Health Justice Education Trade Industry Energy Transport Agriculture
    Environment Labour Labor Culture Tourism Information Communications Development Economy
    Economic Planning Works Welfare Homeland""".split()  # noqa: SIM905 (a word list reads best as text)
)

# Words inside a run of titles: 'Chief Financial Officer', 'Executive Vice President'.
TITLE_QUALIFIERS = frozenset(
    """Executive Financial Operating Technology Assistant Associate Senior Junior Regional
    Home Education Labour Labor Trade Energy Transport Agriculture Environment Justice""".split()  # noqa: SIM905
)

ORG_WORDS = frozenset(
    """Party Ministry Department Dept University College School Institute Company Corporation
    Corp Inc Ltd LLC Group Council Court Assembly Parliament Congress Senate Association
    Federation Union League Committee Commission Agency Authority Bank Fund Police Army Navy
    Force Forces Guard Airlines Airways Airport Railway Hospital Club Organisation
    Organization Foundation Society Church Office Board Bureau Service Services Network News
    Times Post Journal Press Television Radio Studios Records Motors Trust Coalition Front
    Movement Alliance Brigade Cabinet Government Administration Centre Center Team""".split()  # noqa: SIM905 (a word list reads best as text)
)

# Last words that make a run of capitalised words a body or a thing, not a person's name
# ('Human Rights Watch', 'White House', 'Médecins Sans Frontières'): any two capitalised
# words otherwise read as a person. Only for the kind, not the title rules. (Event words,
# 'Iraq War', 'Nobel Peace Prize', as topics lowered held-out P@8 0.306 -> 0.304: not used.)
BODY_ENDINGS = frozenset(
    """Watch International Brotherhood Entertainment Hotel Clinic Monitor Mail Herald Tribune
    Gazette Telegraph Guardian Industries Holdings Systems Technologies Cross Yard Commons
    Exchange Museum Theatre Theater Stadium Palace Mall House Frontières Frontieres""".split()  # noqa: SIM905 (a word list reads best as text)
)
PLACE_WORDS = frozenset(
    """City County Province State Region District Island Islands Republic Kingdom Valley River
    Lake Sea Ocean Bay Mountain Mountains Peninsula Coast Street Road Square Park Beach
    Village Town Territory Prefecture Gulf Strait Desert Canyon Falls""".split()  # noqa: SIM905 (a word list reads best as text)
)

# A capitalised span right after one of these is most often a place.
PLACE_CUES = frozenset("in at from near to across throughout outside inside into".split())  # noqa: SIM905

# A foreign article before a country in a quote ('La France est ...'): the country.
FOREIGN_ARTICLES = frozenset("La Le Les El Los Las Il Lo".split())  # noqa: SIM905

CONNECTORS = frozenset(
    "of de da do dos das del della di du la le van von der den bin al el".split()  # noqa: SIM905
)

# Short forms of the same country or body, spelt as Wikinews and most style guides do in full.
ALIASES = {
    "U.S.": "United States",
    "US": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "UN": "United Nations",
    "U.N.": "United Nations",
    "EU": "European Union",
    "E.U.": "European Union",
    "UAE": "United Arab Emirates",
    "DRC": "Democratic Republic of the Congo",
    "PRC": "China",
    "USSR": "Soviet Union",
    "People's Republic of China": "China",
    "PRC China": "China",
    "State of Israel": "Israel",
}

# "Chinese authorities" is about China: a people's adjective stands for its country.
DEMONYMS = {
    "Afghan": "Afghanistan",
    "Albanian": "Albania",
    "Algerian": "Algeria",
    "American": "United States",
    "Angolan": "Angola",
    "Argentine": "Argentina",
    "Argentinian": "Argentina",
    "European": "Europe",
    "African": "Africa",
    "Asian": "Asia",
    "Armenian": "Armenia",
    "Australian": "Australia",
    "Austrian": "Austria",
    "Azerbaijani": "Azerbaijan",
    "Bahraini": "Bahrain",
    "Bangladeshi": "Bangladesh",
    "Belarusian": "Belarus",
    "Belgian": "Belgium",
    "Bolivian": "Bolivia",
    "Bosnian": "Bosnia and Herzegovina",
    "Brazilian": "Brazil",
    "British": "United Kingdom",
    "Bulgarian": "Bulgaria",
    "Burmese": "Myanmar",
    "Cambodian": "Cambodia",
    "Cameroonian": "Cameroon",
    "Canadian": "Canada",
    "Chilean": "Chile",
    "Chinese": "China",
    "Colombian": "Colombia",
    "Congolese": "Congo",
    "Croatian": "Croatia",
    "Cuban": "Cuba",
    "Cypriot": "Cyprus",
    "Czech": "Czech Republic",
    "Danish": "Denmark",
    "Dutch": "Netherlands",
    "Ecuadorian": "Ecuador",
    "Egyptian": "Egypt",
    "Eritrean": "Eritrea",
    "Estonian": "Estonia",
    "Ethiopian": "Ethiopia",
    "Fijian": "Fiji",
    "Filipino": "Philippines",
    "Finnish": "Finland",
    "French": "France",
    "Georgian": "Georgia",
    "German": "Germany",
    "Ghanaian": "Ghana",
    "Greek": "Greece",
    "Guatemalan": "Guatemala",
    "Haitian": "Haiti",
    "Honduran": "Honduras",
    "Hungarian": "Hungary",
    "Icelandic": "Iceland",
    "Indian": "India",
    "Indonesian": "Indonesia",
    "Iranian": "Iran",
    "Iraqi": "Iraq",
    "Irish": "Ireland",
    "Israeli": "Israel",
    "Italian": "Italy",
    "Ivorian": "Ivory Coast",
    "Jamaican": "Jamaica",
    "Japanese": "Japan",
    "Jordanian": "Jordan",
    "Kazakh": "Kazakhstan",
    "Kenyan": "Kenya",
    "Korean": "Korea",
    "Kosovar": "Kosovo",
    "Kuwaiti": "Kuwait",
    "Kyrgyz": "Kyrgyzstan",
    "Latvian": "Latvia",
    "Lebanese": "Lebanon",
    "Liberian": "Liberia",
    "Libyan": "Libya",
    "Lithuanian": "Lithuania",
    "Malaysian": "Malaysia",
    "Malian": "Mali",
    "Maltese": "Malta",
    "Mexican": "Mexico",
    "Moldovan": "Moldova",
    "Mongolian": "Mongolia",
    "Moroccan": "Morocco",
    "Mozambican": "Mozambique",
    "Namibian": "Namibia",
    "Nepalese": "Nepal",
    "Nigerian": "Nigeria",
    "Nicaraguan": "Nicaragua",
    "Norwegian": "Norway",
    "Pakistani": "Pakistan",
    "Palestinian": "Palestine",
    "Panamanian": "Panama",
    "Paraguayan": "Paraguay",
    "Peruvian": "Peru",
    "Polish": "Poland",
    "Portuguese": "Portugal",
    "Qatari": "Qatar",
    "Romanian": "Romania",
    "Russian": "Russia",
    "Rwandan": "Rwanda",
    "Saudi": "Saudi Arabia",
    "Scottish": "Scotland",
    "Senegalese": "Senegal",
    "Serbian": "Serbia",
    "Singaporean": "Singapore",
    "Slovak": "Slovakia",
    "Slovenian": "Slovenia",
    "Somali": "Somalia",
    "Spanish": "Spain",
    "Sri Lankan": "Sri Lanka",
    "Sudanese": "Sudan",
    "Swedish": "Sweden",
    "Swiss": "Switzerland",
    "Syrian": "Syria",
    "Taiwanese": "Taiwan",
    "Tanzanian": "Tanzania",
    "Thai": "Thailand",
    "Tibetan": "Tibet",
    "Togolese": "Togo",
    "Tunisian": "Tunisia",
    "Turkish": "Turkey",
    "Ugandan": "Uganda",
    "Ukrainian": "Ukraine",
    "Uruguayan": "Uruguay",
    "Uzbek": "Uzbekistan",
    "Venezuelan": "Venezuela",
    "Vietnamese": "Vietnam",
    "Welsh": "Wales",
    "Yemeni": "Yemen",
    "Zambian": "Zambia",
    "Zimbabwean": "Zimbabwe",
    "North Korean": "North Korea",
    "South Korean": "South Korea",
    "South African": "South Africa",
    "South Sudanese": "South Sudan",
    "Saudi Arabian": "Saudi Arabia",
    "Costa Rican": "Costa Rica",
    "Puerto Rican": "Puerto Rico",
    "Salvadoran": "El Salvador",
    "Emirati": "United Arab Emirates",
    "Sierra Leonean": "Sierra Leone",
    "Latin American": "Latin America",
    "Middle Eastern": "Middle East",
    "Scandinavian": "Scandinavia",
    "Chadian": "Chad",
    "Nigerien": "Niger",
    "Malagasy": "Madagascar",
    "Mauritanian": "Mauritania",
    "Beninese": "Benin",
    "Burkinabe": "Burkina Faso",
    "Gabonese": "Gabon",
    "Guinean": "Guinea",
    "Malawian": "Malawi",
    "Burundian": "Burundi",
    "Djiboutian": "Djibouti",
    "Gambian": "Gambia",
    "Botswanan": "Botswana",
    "Mauritian": "Mauritius",
    "Seychellois": "Seychelles",
    "Comorian": "Comoros",
    "Swazi": "Eswatini",
    "Cape Verdean": "Cape Verde",
    "Equatorial Guinean": "Equatorial Guinea",
    "Tajik": "Tajikistan",
    "Turkmen": "Turkmenistan",
    "Azeri": "Azerbaijan",
    "Laotian": "Laos",
    "Bhutanese": "Bhutan",
    "Maldivian": "Maldives",
    "Nepali": "Nepal",
    "Bruneian": "Brunei",
    "Omani": "Oman",
    "Montenegrin": "Montenegro",
    "Macedonian": "North Macedonia",
    "Luxembourger": "Luxembourg",
    "Monegasque": "Monaco",
    "Andorran": "Andorra",
    "Liechtensteiner": "Liechtenstein",
    "Northern Irish": "Northern Ireland",
    "New Zealander": "New Zealand",
    "Papua New Guinean": "Papua New Guinea",
    "Samoan": "Samoa",
    "Tongan": "Tonga",
    "Palauan": "Palau",
    "Nauruan": "Nauru",
    "Tuvaluan": "Tuvalu",
    "Marshallese": "Marshall Islands",
    "Barbadian": "Barbados",
    "Trinidadian": "Trinidad and Tobago",
    "Bahamian": "Bahamas",
    "Belizean": "Belize",
    "Guyanese": "Guyana",
    "Surinamese": "Suriname",
    "Ecuadoran": "Ecuador",
}
