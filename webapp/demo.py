"""Realistic Danish demo data for Sammen in Ishøj and Vallensbæk.

`seed()` fills an empty database with the two municipalities, five meeting places, staff, the
demo citizens Anna and Bo, the group offers from the municipal papers (§ 82 a and § 85), their
weekly meetings, enrolments, sign-ups and attendance, goals with check-ins, self-referrals
with their 14-day answer date, and the audit trail of the counsellors' work on them.

Everything is relative to now, so upcoming meetings stay upcoming, and drawn from
`random.Random(2026)`, so two runs on the same day give the same data. Rows go in with bulk
inserts (one statement per batch, ids back through RETURNING), so ten thousand citizens and
three hundred offers load in seconds. All demo accounts share the password `sammen-demo`.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from werkzeug.security import generate_password_hash

from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.goals.models import CheckIn, Goal, GoalStatus, GoalTheme, GoalType
from webapp.meetings.models import AbsenceReason, CheckInMethod, Registration, RegistrationStatus
from webapp.offers.models import (
    Admission,
    CourseSession,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    LegalBasis,
    Location,
    Municipality,
    Offer,
    OfferKind,
    OfferStatus,
    Package,
    SupportLevel,
    Topic,
    offer_facilitators,
)
from webapp.referrals.models import ANSWER_WITHIN_DAYS, Referral, ReferralStatus
from webapp.types import utcnow

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
DEMO_PASSWORD = "sammen-demo"
#: meetings this far back are kept as history (attendance, afbud, no-shows)
HISTORY_DAYS = 28
#: citizens sign up for meetings up to this far ahead
SIGN_UP_DAYS = 21
#: a meeting that holds a seat: signed up, came, or did not come without afbud
SEAT_STATUSES = (RegistrationStatus.SIGNED_UP, RegistrationStatus.ATTENDED,
                 RegistrationStatus.NO_SHOW)
OPEN_STATUSES = (ReferralStatus.RECEIVED, ReferralStatus.IN_REVIEW)

# --------------------------------------------------------------------------------------------
# Places and people
# --------------------------------------------------------------------------------------------

MUNICIPALITIES = (("Ishøj", "183"), ("Vallensbæk", "187"))


@dataclass(frozen=True)
class Place:
    key: str
    #: the short name used in the titles of generated offers
    short: str
    name: str
    address: str
    postcode: str
    city: str
    municipality_code: str
    step_free: bool
    access_note: str


PLACES = (
    Place("centre", "Vejledningscentret", "Vejledningscentret, Center for Socialservice",
          "Ishøj Store Torv 37", "2635", "Ishøj", "183", True,
          "Indgangen fra torvet er uden trin, og døren åbner selv. Der er elevator til 1. sal "
          "og et handicaptoilet i stueetagen."),
    Place("library_ishoj", "Ishøj Bibliotek", "Ishøj Bibliotek", "Ishøj Store Torv 1", "2635",
          "Ishøj", "183", True,
          "Døren fra torvet åbner selv, og alt er i stueplan. Handicaptoilettet ligger ved "
          "indgangen."),
    Place("vejleaaparken", "Vejleåparken", "Fælleshuset, Vejleåparken", "Vejleåparken 27",
          "2635", "Ishøj", "183", False,
          "Der er tre trin op til døren. Ring på klokken, så lægger vi en rampe ud. Toilettet er "
          "lille og har ikke plads til en kørestol."),
    Place("library_vallensbaek", "Vallensbæk Bibliotek", "Vallensbæk Bibliotek",
          "Idrætsvej 76", "2625", "Vallensbæk", "187", True,
          "Indgangen er uden trin, og der er elevator. Der er handicapparkering lige ved døren."),
    Place("kulturhus", "Vallensbæk Kulturhus", "Vallensbæk Kulturhus",
          "Vallensbæk Stationstorv 100", "2665", "Vallensbæk Strand", "187", True,
          "Du kan gå direkte ind fra stationen uden trin. Der er elevator til alle etager og "
          "handicaptoilet på 1. sal."),
)

#: (e-mail, name, phone, role); the first three run the named offers
STAFF = (
    ("vejleder@example.dk", "Mette Holm", "+45 43 57 70 12", Role.STAFF),
    ("jonas@example.dk", "Jonas Madsen", "+45 43 57 70 14", Role.STAFF),
    ("amira@example.dk", "Amira Haddad", "+45 43 57 70 19", Role.STAFF),
    ("admin@example.dk", "Lene Kristensen", "+45 43 57 70 00", Role.ADMIN),
)
ANNA = "anna@example.dk"
BO = "bo@example.dk"
#: (e-mail, name, phone, language)
NAMED_CITIZENS = (
    (ANNA, "Anna Jensen", "+45 22 41 87 30", "da"),
    (BO, "Bo Nielsen", "+45 51 66 20 94", None),
)

FIRST_NAMES = (
    "Anne", "Mette", "Hanne", "Susanne", "Lone", "Camilla", "Maria", "Louise", "Sofie", "Ida",
    "Emma", "Julie", "Birgitte", "Kirsten", "Inge", "Bente", "Karen", "Tove", "Fatima", "Aisha",
    "Mariam", "Zeynep", "Amina", "Sara", "Yasmin", "Nadia", "Peter", "Jens", "Lars", "Michael",
    "Henrik", "Thomas", "Søren", "Jesper", "Martin", "Mads", "Frederik", "Mikkel", "Rasmus",
    "Kasper", "Niels", "Jørgen", "Mohammed", "Ali", "Ahmad", "Hassan", "Omar", "Mehmet",
    "Emre", "Bilal",
)
SURNAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Frederiksen", "Holm", "Lund",
    "Schmidt", "Yilmaz", "Demir", "Hussein", "Ahmadi", "Khan", "Ali", "Abdi", "Haddad",
    "Nguyen", "Kowalski",
)

# --------------------------------------------------------------------------------------------
# Offers
# --------------------------------------------------------------------------------------------

FREE = "Det er gratis."
S85_NOTE = "Det er socialpædagogisk støtte efter servicelovens § 85."


@dataclass(frozen=True)
class OfferSpec:
    """One group offer and when it meets. § 85 (legal basis) follows from admission through
    a counsellor; a time-limited offer is one with a length in weeks."""

    title: str
    summary: str
    description: str
    who_for: str
    what_you_get: str
    topic: Topic
    admission: Admission
    place: str
    weekday: int  # Monday is 0
    start: time
    minutes: int
    capacity: int
    facilitators: tuple[str, ...]
    languages: tuple[str, ...] = ("da",)
    #: None: open (løbende)
    weeks_long: int | None = None
    #: when a time-limited offer starts, in weeks from now
    starts_in_weeks: int = 0
    #: the § 85 package its participants are enrolled in
    package: Package | None = None
    status: OfferStatus = OfferStatus.PUBLISHED
    #: every fourth meeting elsewhere, in a bigger room: (place key, capacity)
    away: tuple[str, int] | None = None
    #: the start of generated offers' titles; the title when None
    stem: str | None = None

    @property
    def legal_basis(self) -> LegalBasis:
        return (LegalBasis.S85 if self.admission is Admission.THROUGH_COUNSELLOR
                else LegalBasis.S82A)


METTE, JONAS, AMIRA = (email for email, *_ in STAFF[:3])
TRANSPORT = "Transporttræning"
NADA = "NADA (øreakupunktur)"
ANXIETY = "Angsthåndtering"
SOCIAL_SKILLS = "Træning i sociale færdigheder"
COOKING = "Madlavning for små penge"
WALK = "Gåtur i Ishøj"
CAFE = "Café-fællesskab"
PACKAGE_1 = "Gruppeforløb pakke 1"

OFFERS = (
    OfferSpec(
        TRANSPORT, "Bliv tryg ved at tage bus og tog sammen med andre.",
        "Vi øver at rejse med bus og tog i små skridt. Først tager vi turen sammen i gruppen, "
        "siden lidt mere på egen hånd. Du lærer at bruge Rejsekort og finde vej på din "
        "telefon. Vi går frem i dit tempo.",
        "Dig, der synes, det er svært eller utrygt at tage bus eller tog alene.",
        "8 gange i en lille gruppe med en vejleder. Ture i nærheden, fx til Glostrup og "
        f"Vallensbæk. {FREE} Du betaler selv din billet.",
        Topic.TRANSPORT, Admission.ASK_TO_JOIN, "centre", 1, time(10), 120, 6, (METTE,),
        weeks_long=8, starts_in_weeks=1),
    OfferSpec(
        NADA, "Få ro på med øreakupunktur. Du kan bare møde op.",
        "NADA er en blid form for akupunktur i øret. Du sidder i en god stol i et roligt rum "
        "i cirka 45 minutter. Mange sover bedre og føler sig mere rolige bagefter. Du behøver "
        "ikke at sige noget.",
        "Dig, der har uro i kroppen, sover dårligt eller trænger til en pause.",
        "En rolig stund med fem små nåle i hvert øre. En vejleder med NADA-uddannelse er hos "
        f"dig hele tiden. {FREE}",
        Topic.CALM, Admission.DROP_IN, "centre", 3, time(13), 60, 10, (JONAS,),
        languages=("da", "en"), stem="NADA"),
    OfferSpec(
        ANXIETY, "Lær at forstå din angst, så den fylder mindre i din hverdag.",
        "Vi taler om, hvad angst er, og hvad den gør ved kroppen. Du lærer enkle øvelser, som "
        "du kan bruge hver dag. I gruppen deler vi erfaringer og hører, hvordan andre klarer "
        "det. Du bestemmer selv, hvor meget du siger.",
        "Dig, der har angst eller uro, som står i vejen for det, du gerne vil.",
        "10 gange i en fast gruppe på højst 8. To vejledere. Øvelser, du kan tage med hjem. "
        f"{FREE}",
        Topic.ANXIETY, Admission.ASK_TO_JOIN, "library_ishoj", 2, time(10), 120, 8,
        (METTE, AMIRA), weeks_long=10, starts_in_weeks=-3),
    OfferSpec(
        SOCIAL_SKILLS, "Øv dig i at tale med andre og være en del af et fællesskab.",
        "Vi øver små ting, der gør det lettere at være sammen med andre. Det kan være at "
        "starte en samtale, sige nej eller bede om hjælp. Vi øver os i trygge rammer og giver "
        "hinanden gode råd. Til sidst tager vi ud og prøver det af.",
        "Dig, der gerne vil være mere sammen med andre, men synes, det er svært.",
        f"12 gange i en gruppe med en vejleder. Øvelser, der passer til dit liv. {FREE}",
        Topic.SOCIAL_SKILLS, Admission.ASK_TO_JOIN, "library_vallensbaek", 0, time(13), 120, 8,
        (JONAS,), weeks_long=12, starts_in_weeks=-2),
    OfferSpec(
        "Struktur og døgnrytme", "Få en hverdag, der hænger bedre sammen.",
        "Vi arbejder med søvn, måltider og faste tider i løbet af dagen. Du laver en plan for "
        "din uge, som passer til dig. Vi følger op hver gang og retter planen til sammen. Små "
        "skridt tæller.",
        "Dig, der har svært ved at komme op om morgenen eller få dagen til at hænge sammen.",
        "Et fast møde hver uge. En ugeplan og hjælp til at bruge kalenderen på din telefon. "
        f"{FREE}",
        Topic.DAILY_STRUCTURE, Admission.ASK_TO_JOIN, "vejleaaparken", 0, time(10), 90, 8,
        (AMIRA,), languages=("da", "en")),
    OfferSpec(
        "Økonomi og post", "Få styr på regninger, breve og Digital Post.",
        "Vi kigger på dine breve og regninger sammen, også dem i Digital Post. Du lærer at "
        "lave et enkelt budget. Vi hjælper dig med at forstå, hvad der står, og hvad du skal "
        "gøre. Du viser kun det, du selv har lyst til.",
        "Dig, der synes, post, regninger og penge er svære at overskue.",
        "6 gange i en lille gruppe. Hjælp til budget, MitID og Digital Post. Vejlederen taler "
        f"også arabisk. {FREE}",
        Topic.ECONOMY, Admission.ASK_TO_JOIN, "library_ishoj", 3, time(10), 120, 8, (AMIRA,),
        languages=("da", "ar"), weeks_long=6, starts_in_weeks=-1),
    OfferSpec(
        COOKING, "Lav sund og billig mad, og spis den sammen bagefter.",
        "Vi planlægger, handler ind og laver mad sammen. Du lærer retter, der er nemme og "
        "billige. Bagefter spiser vi sammen. Du får opskrifterne med hjem.",
        "Dig, der gerne vil lave mere mad selv og spare penge.",
        "Madlavning hver uge i Fælleshusets køkken. Det er gratis at være med, men du betaler "
        "selv for maden, cirka 25 kr. pr. gang.",
        Topic.FOOD, Admission.ASK_TO_JOIN, "vejleaaparken", 2, time(14), 150, 8, (JONAS,),
        stem="Madlavning"),
    OfferSpec(
        WALK, "Gå en tur sammen med andre. Du kan bare møde op.",
        "Vi går en tur på cirka en time i roligt tempo, tit ved Ishøj Strand eller langs "
        "Store Vejleå. Vi mødes foran biblioteket. Du er velkommen, også selv om du ikke har "
        "været med før. Vi slutter med en kop kaffe.",
        "Alle, der har lyst til at bevæge sig og møde andre.",
        f"En gåtur hver fredag med en vejleder. Tag gode sko og tøj efter vejret på. {FREE}",
        Topic.MOVEMENT, Admission.DROP_IN, "library_ishoj", 4, time(10), 75, 14, (METTE,),
        stem="Gåtur"),
    OfferSpec(
        CAFE, "Kom forbi til kaffe, spil og en snak. Du kan bare møde op.",
        "Caféen er et sted, hvor du kan være sammen med andre uden krav. Vi drikker kaffe, "
        "spiller spil og snakker. Nogle gange laver vi noget sammen. Du kommer og går, som du "
        "vil.",
        "Alle, der har lyst til selskab og et trygt sted at være.",
        "Åbent hver tirsdag eftermiddag. Kaffe og te er gratis. En gang om måneden holder vi "
        "café i Vallensbæk. Der er altid en vejleder, du kan tale med.",
        Topic.COMMUNITY, Admission.DROP_IN, "centre", 1, time(13), 150, 14, (JONAS, AMIRA),
        languages=("da", "en"), away=("library_vallensbaek", 20), stem="Café"),
    OfferSpec(
        "Afklaringsforløb", "4 måneder, hvor vi sammen finder ud af, hvilken støtte du har "
        "brug for.",
        "Vi mødes i en lille gruppe hver uge i 4 måneder. Vi taler om din hverdag, og hvad der "
        "er svært. Sammen sætter vi mål for det, du gerne vil kunne. Til sidst aftaler vi, om "
        "du skal have mere støtte, eller om du klarer dig selv.",
        "Dig, som din rådgiver eller vejleder har henvist til et afklaringsforløb.",
        "Et fast møde hver uge i 4 måneder. Til sidst skriver vi en status, som du får at se. "
        f"{FREE} {S85_NOTE}",
        Topic.DAILY_STRUCTURE, Admission.THROUGH_COUNSELLOR, "centre", 3, time(9, 30), 120, 8,
        (JONAS,), weeks_long=17, starts_in_weeks=-6, package=Package.CLARIFICATION),
    OfferSpec(
        PACKAGE_1, "Støtte i en fast gruppe, hvor I arbejder med jeres mål sammen.",
        "Du er med i en fast gruppe med andre, der også får socialpædagogisk støtte. I "
        "arbejder med jeres egne mål og hjælper hinanden på vej. Vejlederen leder gruppen og "
        "følger op på dine mål mindst en gang om året.",
        "Dig, der har fået pakke 1 eller 2 efter et afklaringsforløb.",
        f"Et gruppemøde hver uge med en vejleder. Hjælp til at nå dine mål. {FREE} {S85_NOTE}",
        Topic.SOCIAL_SKILLS, Admission.THROUGH_COUNSELLOR, "kulturhus", 2, time(13), 120, 10,
        (METTE,), package=Package.PACKAGE_1, stem="Gruppeforløb"),
    OfferSpec(
        "Udslusning", "3 til 6 måneder, hvor du øver dig i at klare dig med mindre støtte.",
        "Du er ved at være klar til at klare dig uden fast støtte. Du tager selv mere styring, "
        "og vi hjælper, når der er brug for det. Sammen finder vi fællesskaber, du kan "
        "fortsætte i, fx en forening eller caféen. Vi slutter, når du er klar.",
        "Dig, der har fået socialpædagogisk støtte og snart skal slutte.",
        "Et møde hver uge i 3 til 6 måneder. Hjælp til at finde fællesskaber i Ishøj og "
        f"Vallensbæk. {FREE} {S85_NOTE}",
        Topic.COMMUNITY, Admission.THROUGH_COUNSELLOR, "library_vallensbaek", 4, time(13), 90, 6,
        (AMIRA,), weeks_long=20, starts_in_weeks=-8, package=Package.PHASE_OUT),
    OfferSpec(
        "Ro på med afspænding", "Lær enkle øvelser, der giver ro i kroppen. Du kan bare møde op.",
        "Vi laver rolige øvelser med vejrtrækning og afspænding. Du ligger på en måtte eller "
        "sidder på en stol. Du kan bruge øvelserne derhjemme, når du har brug for ro.",
        "Dig, der har stress, uro eller spændinger i kroppen.",
        f"En time hver mandag med en vejleder. Tag behageligt tøj på. {FREE}",
        Topic.CALM, Admission.DROP_IN, "kulturhus", 0, time(15), 60, 12, (AMIRA,),
        status=OfferStatus.DRAFT),
    OfferSpec(
        "Sommergåtur ved Strandparken", "Gåture i Strandparken hen over sommeren.",
        "Vi gik en tur langs stranden i Ishøj hver torsdag hen over sommeren. Tak til alle, "
        "der var med.",
        "Alle, der havde lyst til at gå en tur.",
        f"En gåtur hver torsdag i 12 uger. {FREE}",
        Topic.MOVEMENT, Admission.DROP_IN, "library_ishoj", 3, time(10), 75, 14, (METTE,),
        weeks_long=12, starts_in_weeks=-30, status=OfferStatus.ARCHIVED),
)
#: extra offers beyond the named ones are new groups of the published ones
TEMPLATES = tuple(spec for spec in OFFERS if spec.status is OfferStatus.PUBLISHED)
START_TIMES = (time(9, 30), time(10), time(13), time(14))

CANCELLED_TITLE = SOCIAL_SKILLS
CANCEL_REASONS = (
    "Underviseren er syg. Vi ses næste uge.",
    "Lokalet er optaget den dag. Vi ses næste uge.",
    "Vejlederen er på kursus. Vi ses næste uge.",
)

# --------------------------------------------------------------------------------------------
# What citizens write and what counsellors answer
# --------------------------------------------------------------------------------------------

ABSENCE_NOTES = {
    AbsenceReason.ILL: ("Jeg er forkølet.", "Jeg har feber.", None),
    AbsenceReason.APPOINTMENT: ("Jeg skal til lægen.", "Jeg har et møde på jobcentret.", None),
    AbsenceReason.NOT_UP_TO_IT: ("Jeg har ikke overskud i dag.", None),
    AbsenceReason.TRANSPORT: ("Bussen kører ikke i dag.", None),
    AbsenceReason.OTHER: ("Mit barn er sygt.", None),
}
HOPES = {
    Topic.TRANSPORT: ("Jeg vil gerne kunne tage toget til min søster i Køge.",
                      "Jeg tør ikke tage bussen alene, og det vil jeg gerne lære."),
    Topic.ANXIETY: ("Jeg vil gerne kunne gå i Bycentret uden at få hjertebanken.",
                    "Min læge siger, at en gruppe kan hjælpe mig med min angst."),
    Topic.SOCIAL_SKILLS: ("Jeg vil gerne have nogen at snakke med.",
                          "Jeg bliver meget nervøs, når jeg skal tale med nye mennesker."),
    Topic.DAILY_STRUCTURE: ("Jeg sover om dagen og er vågen om natten. Det vil jeg gerne "
                            "lave om på.", "Jeg vil gerne have faste tider i min hverdag."),
    Topic.ECONOMY: ("Jeg har mange breve, jeg ikke har åbnet.",
                    "Jeg vil gerne lære at lave et budget."),
    Topic.FOOD: ("Jeg vil gerne lære at lave mad, der ikke koster så meget.",
                 "Jeg spiser mest færdigretter og vil gerne spise sundere."),
}
OTHER_NEEDS = ("Jeg kan ikke gå på trapper.", "Jeg vil gerne sidde tæt ved døren.",
               "Jeg bliver hurtigt træt og har brug for pauser.")
INTERPRETER_LANGUAGES = ("arabisk", "tyrkisk", "urdu", "somali")
DECISION_NOTES = (
    "Holdet passer ikke til det, du har brug for lige nu. Vi tror, Café-fællesskab er bedre "
    "for dig. Der kan du bare møde op.",
    "Vi kan se, at du har brug for mere støtte, end gruppen kan give. Vi ringer til dig, så vi "
    "kan tale om, hvad der kan hjælpe dig.",
    "Holdet er for borgere i Ishøj og Vallensbæk. Kontakt din egen kommune. De kan hjælpe dig "
    "videre.",
)
PURPOSE_REVIEW = "Behandling af din henvendelse"
PURPOSE_ANSWER = "Svar på din henvendelse"
PURPOSE_GOALS = "Opfølgning på dine mål"


@dataclass(frozen=True)
class GoalSpec:
    title: str
    theme: GoalTheme
    goal_type: GoalType
    #: the offer topic the goal belongs with, if any
    topic: Topic | None = None


GOALS = (
    GoalSpec("Stå op før kl. 9 på hverdage", GoalTheme.SELF_CARE, GoalType.DEVELOP,
             Topic.DAILY_STRUCTURE),
    GoalSpec("Lave varm mad tre gange om ugen", GoalTheme.PRACTICAL_TASKS, GoalType.DEVELOP,
             Topic.FOOD),
    GoalSpec("Betale mine regninger til tiden", GoalTheme.PRACTICAL_TASKS, GoalType.MAINTAIN,
             Topic.ECONOMY),
    GoalSpec("Åbne min Digital Post en gang om ugen", GoalTheme.PRACTICAL_TASKS,
             GoalType.DEVELOP, Topic.ECONOMY),
    GoalSpec("Tage toget til Københavns Hovedbanegård", GoalTheme.MOBILITY, GoalType.DEVELOP,
             Topic.TRANSPORT),
    GoalSpec("Gå i Bycentret, selv om der er mange mennesker", GoalTheme.COMMUNITY_LIFE,
             GoalType.DEVELOP, Topic.ANXIETY),
    GoalSpec("Ringe til lægen selv", GoalTheme.COMMUNICATION, GoalType.DEVELOP, Topic.ANXIETY),
    GoalSpec("Sige min mening i gruppen", GoalTheme.COMMUNICATION, GoalType.DEVELOP,
             Topic.SOCIAL_SKILLS),
    GoalSpec("Se min søster en gang om måneden", GoalTheme.RELATIONSHIPS, GoalType.MAINTAIN,
             Topic.SOCIAL_SKILLS),
    GoalSpec("Finde en, jeg kan gå tur med", GoalTheme.RELATIONSHIPS, GoalType.DEVELOP,
             Topic.MOVEMENT),
    GoalSpec("Sove mindst 7 timer om natten", GoalTheme.HEALTH, GoalType.DEVELOP, Topic.CALM),
    GoalSpec("Gå en tur på 30 minutter tre gange om ugen", GoalTheme.HEALTH, GoalType.MAINTAIN,
             Topic.MOVEMENT),
    GoalSpec("Blive ved med at komme i caféen", GoalTheme.COMMUNITY_LIFE, GoalType.MAINTAIN,
             Topic.COMMUNITY),
    GoalSpec("Melde mig ind i en forening", GoalTheme.COMMUNITY_LIFE, GoalType.DEVELOP,
             Topic.COMMUNITY),
    GoalSpec("Tage min medicin hver dag", GoalTheme.HEALTH, GoalType.MAINTAIN),
    GoalSpec("Holde mit køkken rent", GoalTheme.PRACTICAL_TASKS, GoalType.MAINTAIN,
             Topic.DAILY_STRUCTURE),
    GoalSpec("Bruge MitID uden hjælp", GoalTheme.PRACTICAL_TASKS, GoalType.DEVELOP,
             Topic.ECONOMY),
    GoalSpec("Blive ved med at cykle, selv om mine knæ gør ondt", GoalTheme.MOBILITY,
             GoalType.LIMIT_LOSS, Topic.MOVEMENT),
    GoalSpec("Kunne gå op ad trappen til min lejlighed", GoalTheme.MOBILITY,
             GoalType.LIMIT_LOSS),
    GoalSpec("Huske mine aftaler med kalenderen på telefonen", GoalTheme.SELF_CARE,
             GoalType.LIMIT_LOSS, Topic.DAILY_STRUCTURE),
    GoalSpec("Have overskud til mine børn om eftermiddagen", GoalTheme.RELATIONSHIPS,
             GoalType.DEVELOP, Topic.CALM),
)
CHECK_IN_NOTES = ("Det gik bedre end sidst.", "Jeg var træt i dag.", "Jeg nåede det hele!",
                  "En svær uge, men jeg prøvede.", "Vi øvede det i gruppen.",
                  "Min nabo hjalp mig.")


@dataclass(frozen=True)
class AnnaGoal:
    spec: GoalSpec
    #: the offer the goal belongs with, by title
    offer: str | None
    shared: bool
    #: (score, note) a week apart, the last one this week
    check_ins: tuple[tuple[int, str | None], ...]


ANNA_GOALS = (
    AnnaGoal(GoalSpec("Tage bussen alene til Glostrup", GoalTheme.MOBILITY, GoalType.DEVELOP),
             ANXIETY, True,
             ((3, "Jeg tør ikke endnu."), (3, None), (4, "Jeg tog bussen to stop med Mette."),
              (5, None), (6, "Jeg tog bussen til Bycentret alene!"),
              (6, "Næste gang prøver jeg hele vejen til Glostrup."))),
    AnnaGoal(GoalSpec("Holde styr på min post", GoalTheme.PRACTICAL_TASKS, GoalType.MAINTAIN),
             None, False,
             ((6, "Jeg åbnede Digital Post i dag."), (5, None), (7, None),
              (7, "Alle regninger er betalt."))),
    AnnaGoal(GoalSpec("Gå en tur hver dag, også når jeg er træt", GoalTheme.HEALTH,
                      GoalType.MAINTAIN), WALK, True,
             ((5, None), (6, "Gåturen fredag var god."), (6, None))),
)

# --------------------------------------------------------------------------------------------
# The machinery
# --------------------------------------------------------------------------------------------


def seed(citizens: int = 40, offers: int = 12, weeks: int = 8) -> dict[str, int]:
    """Load the demo data and commit; return how many rows of each kind were added."""
    return _Seeder(random.Random(2026), utcnow()).run(citizens, offers, weeks)


def local(day: date, at: time) -> datetime:
    """An aware datetime for a Copenhagen wall-clock time (right across summer time)."""
    return datetime.combine(day, at, tzinfo=COPENHAGEN)


def local_day(moment: datetime) -> date:
    return moment.astimezone(COPENHAGEN).date()


def _easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, (b, c) = year % 19, divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def holidays(year: int) -> frozenset[date]:
    """Danish public holidays and the days around Christmas, when groups do not meet."""
    easter = _easter(year)
    moving = {easter + timedelta(days=n) for n in (-3, -2, 1, 39, 50)}
    fixed = {date(year, m, d) for m, d in ((1, 1), (6, 5), (12, 24), (12, 25), (12, 26),
                                          (12, 31))}
    return frozenset(moving | fixed)


def _insert(model, rows: list[dict], *, ids: bool = False) -> list[int]:
    """Bulk-insert rows (dicts with the same keys); their ids in order when asked for."""
    if not rows:
        return []
    if ids:
        statement = insert(model).returning(model.id, sort_by_parameter_order=True)
        return list(db.session.scalars(statement, rows))
    db.session.execute(insert(model), rows)
    return []


