"""Realistic Danish demo data for Sammen in Ishøj and Vallensbæk.

`seed()` fills an empty database with the two municipalities, five meeting places, staff, the
demo citizens Anna and Bo, the group offers from the municipal papers (§ 82 a and § 85), their
weekly meetings, enrolments, sign-ups and attendance, goals with check-ins, self-referrals
with their 14-day answer date, and the audit trail of the counsellors' work on them.

Every date is relative to now, so upcoming meetings stay upcoming, and every choice comes
from `random.Random(2026)`, so the data has the same shape on every run (the details shift
with the time of day). Rows go in with bulk inserts, a few statements per table with the ids
back through RETURNING, so ten thousand citizens and three hundred offers load in seconds.
All demo accounts share the password `sammen-demo`.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

from sqlalchemy import insert, text
from werkzeug.security import generate_password_hash

from webapp.audit.models import AuditAction, AuditEvent, AuditPurpose
from webapp.auth.models import Role, User
from webapp.core import COPENHAGEN, local_day
from webapp.enrolments.models import (
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Package,
    SupportLevel,
)
from webapp.extensions import db
from webapp.goals.models import CheckIn, Goal, GoalStatus, GoalTheme, GoalType
from webapp.meetings.models import (
    AbsenceReason,
    CheckInMethod,
    Meeting,
    Registration,
    RegistrationStatus,
)
from webapp.offers.models import (
    Admission,
    LegalBasis,
    Location,
    Municipality,
    Offer,
    OfferKind,
    OfferStatus,
    Topic,
    offer_facilitators,
)
from webapp.referrals.models import ANSWER_WITHIN_DAYS, Referral, ReferralStatus
from webapp.types import utcnow

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
    #: what a citizen brings along ("Hvad skal du have med?"); most offers need nothing
    what_to_bring: str = ""

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
        weeks_long=8, starts_in_weeks=1, what_to_bring="Dit Rejsekort, hvis du har et."),
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
        "10 gange i en lille, fast gruppe med to vejledere. Øvelser, du kan tage med hjem. "
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
        "Madlavning hver uge i et fælles køkken. Det er gratis at være med, men du betaler "
        "selv for maden, cirka 25 kr. pr. gang.",
        Topic.FOOD, Admission.ASK_TO_JOIN, "vejleaaparken", 2, time(14), 150, 8, (JONAS,),
        stem="Madlavning", what_to_bring="Cirka 25 kr. til maden, og en boks til rester."),
    OfferSpec(
        WALK, "Gå en tur sammen med andre. Du kan bare møde op.",
        "Vi går en tur på cirka en time i roligt tempo, tit ved stranden eller langs åen. Vi "
        "mødes ved indgangen. Du er velkommen, også selv om du ikke har været med før. Vi "
        "slutter med en kop kaffe.",
        "Alle, der har lyst til at bevæge sig og møde andre.",
        f"En gåtur hver uge med en vejleder. Tag gode sko og tøj efter vejret på. {FREE}",
        Topic.MOVEMENT, Admission.DROP_IN, "library_ishoj", 4, time(10), 75, 14, (METTE,),
        stem="Gåtur", what_to_bring="Tøj til at gå i, og en madpakke."),
    OfferSpec(
        CAFE, "Kom forbi til kaffe, spil og en snak. Du kan bare møde op.",
        "Caféen er et sted, hvor du kan være sammen med andre uden krav. Vi drikker kaffe, "
        "spiller spil og snakker. Nogle gange laver vi noget sammen. Du kommer og går, som du "
        "vil.",
        "Alle, der har lyst til selskab og et trygt sted at være.",
        "Åbent en eftermiddag hver uge. Kaffe og te er gratis. En gang om måneden mødes vi et "
        "andet sted. Du kan se stedet ved hvert møde. Der er altid en vejleder, du kan tale med.",
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
        status=OfferStatus.DRAFT, what_to_bring="Behageligt tøj og et par tykke sokker."),
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
    "Vejlederen er syg. Vi ses næste uge.",
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
PURPOSE_REVIEW = AuditPurpose.REFERRAL.value
PURPOSE_ANSWER = AuditPurpose.REFERRAL_ANSWER.value
PURPOSE_GOALS = AuditPurpose.GOALS.value


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
    #: (score, note) a week apart, the last one yesterday evening
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


def _insert(model, rows: list[dict], key: tuple[str, ...] = ()) -> list[int]:
    """Bulk-insert rows (dicts keyed by column name, all with the same keys) into a model's
    table, or a table, in a few statements. With `key`, columns that tell the rows apart,
    return the rows' ids in the rows' order.

    This is Core on purpose: RETURNING gives rows back in no promised order, and both the
    ORM's bulk insert with RETURNING and `sort_by_parameter_order` fall back to one statement
    per row on SQLite; matching the returned key columns keeps it to a few statements."""
    if not rows:
        return []
    table = getattr(model, "__table__", model)
    if not key:
        db.session.execute(insert(table), rows)
        return []
    statement = insert(table).returning(table.c.id, *(table.c[column] for column in key))
    ids = {tuple(values): id_ for id_, *values in db.session.execute(statement, rows)}
    if len(ids) != len(rows):
        raise ValueError(f"{key} does not tell the {table.name} rows apart")
    return [ids[tuple(row[column] for column in key)] for row in rows]


class Deck:
    """Deals items in shuffled rounds, so everyone gets a fair share, never twice in a hand."""

    def __init__(self, items: Sequence, rng: random.Random):
        self.items, self.rng, self.position = list(items), rng, 0
        rng.shuffle(self.items)

    def deal(self, k: int) -> list:
        hand: dict = {}
        while len(hand) < min(k, len(self.items)):
            if self.position == len(self.items):
                self.rng.shuffle(self.items)
                self.position = 0
            hand.setdefault(self.items[self.position])
            self.position += 1
        return list(hand)


@dataclass(eq=False)
class Plan:
    """An offer about to be written, with what its meetings and rosters need to know."""

    spec: OfferSpec
    title: str
    place: str
    weekday: int
    start: time
    capacity: int
    languages: tuple[str, ...]
    starts_on: date | None
    ends_on: date | None
    generated: bool
    facilitator_ids: list[int] = field(default_factory=list)
    id: int = 0

    @property
    def s85(self) -> bool:
        return self.spec.legal_basis is LegalBasis.S85


@dataclass(eq=False)
class PlannedMeeting:
    """A meeting about to be written, and the registrations gathered for it."""

    plan: Plan
    starts_at: datetime
    ends_at: datetime
    #: another place than the offer's, with its own capacity
    place: str | None = None
    capacity: int = 0
    cancel_reason: str | None = None
    id: int = 0
    #: citizen id -> registration row
    registrations: dict[int, dict] = field(default_factory=dict)

    @property
    def day(self) -> date:
        return local_day(self.starts_at)

    def free_seats(self) -> int:
        taken = sum(r["status"] in SEAT_STATUSES for r in self.registrations.values())
        return self.capacity - taken


class _Seeder:
    """Builds the demo data step by step; each step uses what the ones before it wrote."""

    def __init__(self, rng: random.Random, now: datetime):
        self.rng, self.now, self.today = rng, now, local_day(now)
        self.counts: Counter[str] = Counter()
        self.place_ids: dict[str, int] = {}
        self.user_ids: dict[str, int] = {}
        self.extra_counsellor_ids: list[int] = []
        self.citizen_ids: list[int] = []
        #: Anna and Bo
        self.named_ids: set[int] = set()
        self.plans: list[Plan] = []
        self.plan_by_id: dict[int, Plan] = {}
        self.meetings: dict[str, list[PlannedMeeting]] = defaultdict(list)
        self.enrolments: list[dict] = []
        #: offer id -> [(citizen id, first day)]: active participants, or drop-in regulars
        self.rosters: dict[int, list[tuple[int, date]]] = defaultdict(list)
        #: (citizen id, offer id) already enrolled in or asked about
        self.taken: set[tuple[int, int]] = set()
        self.referrals: list[dict] = []
        self.anna_goal_ids: list[int] = []

    def run(self, citizens: int, offers: int, weeks: int) -> dict[str, int]:
        self.places()
        self.people(citizens, offers)
        self.offers(offers)
        self.schedule(weeks)
        self.enrol()
        self.refer(citizens)
        self.write("enrolments", Enrolment, self.enrolments)
        self.register()
        self.set_goals()
        self.audit()
        db.session.commit()
        # The query planner's statistics, as after any bulk load: without them SQLite guesses
        # how many rows a condition keeps and plans the calendar's open meetings from every
        # offer instead of from the next two weeks' meetings (PostgreSQL's autovacuum
        # analyses on its own, but not at once).
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return dict(self.counts)

    # -- helpers ---------------------------------------------------------------------------

    def write(self, kind: str, model, rows: list[dict], key: tuple[str, ...] = ()) -> list[int]:
        """Insert the rows and count them; their ids when `key` tells them apart."""
        self.counts[kind] += len(rows)
        return _insert(model, rows, key)

    def days_ago(self, most: float, least: float, *, office: bool = False) -> datetime:
        """A moment between `most` and `least` days ago (see `sometime`)."""
        return self.sometime(self.now - timedelta(days=most), self.now - timedelta(days=least),
                             office=office)

    def sometime(self, earliest: datetime, latest: datetime, *, office: bool = False
                 ) -> datetime:
        """A moment between two moments at an hour people are awake, or in office hours on
        a weekday (staff); any moment between them when a few tries find no such hour."""
        first, hours = local_day(earliest), (8, 16) if office else (7, 22)
        span = (local_day(latest) - first).days
        for _ in range(10):
            day = first + timedelta(days=self.rng.randint(0, span))
            moment = local(day, time(self.rng.randrange(*hours), self.rng.randrange(60)))
            if earliest <= moment <= latest and not (office and day.weekday() > 4):
                return moment
        return self.between(earliest, latest)

    def between(self, earliest: datetime, latest: datetime) -> datetime:
        return earliest + (latest - earliest) * self.rng.random()

    def weighted(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def plan(self, title: str) -> Plan | None:
        return next((p for p in self.plans if p.title == title), None)

    def past(self, title: str) -> list[PlannedMeeting]:
        return [m for m in self.meetings[title] if m.ends_at <= self.now]

    def upcoming(self, title: str) -> list[PlannedMeeting]:
        return [m for m in self.meetings[title] if m.ends_at > self.now and not m.cancel_reason]

    @property
    def published(self) -> list[Plan]:
        return [p for p in self.plans if p.spec.status is OfferStatus.PUBLISHED]

    # -- places and people -----------------------------------------------------------------

    def places(self) -> None:
        ids = self.write("municipalities", Municipality,
                         [{"name": name, "code": code} for name, code in MUNICIPALITIES], ("code",))
        municipality_ids = {code: i for (_, code), i in zip(MUNICIPALITIES, ids, strict=True)}
        rows = [{"name": p.name, "address": p.address, "postcode": p.postcode, "city": p.city,
                 "municipality_id": municipality_ids[p.municipality_code],
                 "step_free": p.step_free, "access_note": p.access_note} for p in PLACES]
        ids = self.write("locations", Location, rows, ("name",))
        self.place_ids = {p.key: i for p, i in zip(PLACES, ids, strict=True)}

    def people(self, citizens: int, offers: int) -> None:
        """Staff (one more counsellor for about every five extra offers), the named citizens
        and the bulk ones, all with the one demo password, hashed once."""
        password_hash = generate_password_hash(DEMO_PASSWORD)
        extra = max(0, offers - len(OFFERS)) // 5
        extra_staff = [(f"vejleder{n}@example.dk", self.name(), self.phone(), Role.STAFF)
                       for n in range(2, 2 + extra)]
        people = [(*person, None) for person in STAFF + tuple(extra_staff)]
        people += [(email, name, phone, Role.CITIZEN, language)
                   for email, name, phone, language in NAMED_CITIZENS]
        people += [(f"borger{n}@example.dk", self.name(),
                    self.phone() if self.rng.random() < 0.9 else None, Role.CITIZEN, None)
                   for n in range(1, citizens + 1)]
        rows = [self.user_row(*person, password_hash) for person in people]
        ids = self.write("users", User, rows, ("email",))
        self.user_ids = {row["email"]: i for row, i in zip(rows, ids, strict=True)}
        self.extra_counsellor_ids = ids[len(STAFF):len(STAFF) + len(extra_staff)]
        self.citizen_ids = ids[len(people) - citizens:]
        self.named_ids = {self.user_ids[email] for email, *_ in NAMED_CITIZENS}

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def phone(self) -> str:
        digits = f"{self.rng.choice('2345678')}{self.rng.randrange(10**7):07d}"
        return "+45 " + " ".join(digits[i:i + 2] for i in range(0, 8, 2))

    def user_row(self, email: str, name: str, phone: str | None, role: Role,
                 language: str | None, password_hash: str) -> dict:
        return {"email": email, "name": name, "phone": phone, "password_hash": password_hash,
                "role": role, "language": language, "notify_email": self.rng.random() < 0.3,
                "notify_push": self.rng.random() < 0.5, "is_active_account": True,
                "created_at": self.days_ago(400, 30)}

    # -- offers ----------------------------------------------------------------------------

    def offers(self, count: int) -> None:
        self.plans = [self.named_plan(spec) for spec in OFFERS[:count]]
        self.plans += [self.generated_plan(n) for n in range(max(0, count - len(OFFERS)))]
        ids = self.write("offers", Offer, [self.offer_row(p) for p in self.plans], ("title",))
        counsellors = Deck(self.extra_counsellor_ids or
                           [self.user_ids[email] for email in (METTE, JONAS, AMIRA)], self.rng)
        links = []
        for plan, offer_id in zip(self.plans, ids, strict=True):
            plan.id = offer_id
            self.plan_by_id[offer_id] = plan
            plan.facilitator_ids = (counsellors.deal(self.rng.choice((1, 1, 2))) if plan.generated
                                    else [self.user_ids[e] for e in plan.spec.facilitators])
            links += [{"offer_id": offer_id, "user_id": u} for u in plan.facilitator_ids]
        _insert(offer_facilitators, links)

    def dates(self, spec: OfferSpec, weekday: int, starts_in_weeks: int
              ) -> tuple[date | None, date | None]:
        """First and last meeting day of a time-limited offer; (None, None) when open."""
        if spec.weeks_long is None:
            return None, None
        base = self.today + timedelta(weeks=starts_in_weeks)
        first = base + timedelta(days=(weekday - base.weekday()) % 7)
        last = first + timedelta(weeks=spec.weeks_long - 1)
        while last in holidays(last.year):
            last -= timedelta(weeks=1)
        return first, last

    def named_plan(self, spec: OfferSpec) -> Plan:
        return Plan(spec, spec.title, spec.place, spec.weekday, spec.start, spec.capacity,
                    spec.languages, *self.dates(spec, spec.weekday, spec.starts_in_weeks),
                    generated=False)

    def generated_plan(self, n: int) -> Plan:
        """A new group ("hold") of one of the published offers at another place and time."""
        spec = TEMPLATES[n % len(TEMPLATES)]
        round_ = n // len(TEMPLATES)
        place = PLACES[(n + round_) % len(PLACES)]
        weekday = (spec.weekday + round_ + 1) % 5
        languages = ("da", "en") if spec.languages == ("da",) and self.rng.random() < 0.2 \
            else spec.languages
        return Plan(spec, f"{spec.stem or spec.title} – {place.short}, hold {round_ + 2}",
                    place.key, weekday, START_TIMES[(n + round_) % len(START_TIMES)],
                    self.rng.randint(6, 14), languages,
                    *self.dates(spec, weekday, self.rng.randint(-4, 3)), generated=True)

    def offer_row(self, plan: Plan) -> dict:
        spec = plan.spec
        return {"title": plan.title, "summary": spec.summary, "description": spec.description,
                "who_for": spec.who_for, "what_you_get": spec.what_you_get,
                "what_to_bring": spec.what_to_bring, "topic": spec.topic,
                "legal_basis": spec.legal_basis, "package": spec.package,
                "kind": OfferKind.TIME_LIMITED if spec.weeks_long else OfferKind.OPEN,
                "admission": spec.admission, "status": spec.status, "starts_on": plan.starts_on,
                "ends_on": plan.ends_on, "capacity": plan.capacity,
                "location_id": self.place_ids[plan.place], "languages": list(plan.languages),
                "created_at": self.days_ago(200, 60, office=True)}

    # -- meetings --------------------------------------------------------------------------

    def schedule(self, weeks: int) -> None:
        """Weekly meetings of every published offer from four weeks back to `weeks` ahead,
        except on public holidays. The second coming meeting of one offer is cancelled (and
        one in a hundred coming meetings of generated offers)."""
        first, last = self.today - timedelta(days=HISTORY_DAYS), self.today + timedelta(weeks=weeks)
        meetings = [m for plan in self.published for m in self.meetings_of(plan, first, last)]
        coming = self.upcoming(CANCELLED_TITLE)
        for meeting in coming[1:2] or coming[:1]:
            meeting.cancel_reason = CANCEL_REASONS[0]
        ids = self.write("meetings", Meeting, [self.meeting_row(m) for m in meetings],
                         ("offer_id", "starts_at"))
        for meeting, meeting_id in zip(meetings, ids, strict=True):
            meeting.id = meeting_id

    def meetings_of(self, plan: Plan, first: date, last: date) -> list[PlannedMeeting]:
        """The offer's meetings; every fourth meeting of an offer that travels is away."""
        start = max(first, plan.starts_on or first)
        day = start + timedelta(days=(plan.weekday - start.weekday()) % 7)
        meetings = []
        while day < last and (plan.ends_on is None or day <= plan.ends_on):
            if day not in holidays(day.year):
                starts_at = local(day, plan.start)
                meeting = PlannedMeeting(
                    plan, starts_at, starts_at + timedelta(minutes=plan.spec.minutes),
                    capacity=plan.capacity)
                if plan.spec.away and len(meetings) % 4 == 3:
                    meeting.place, meeting.capacity = plan.spec.away
                if plan.generated and starts_at > self.now and self.rng.random() < 0.01:
                    meeting.cancel_reason = self.rng.choice(CANCEL_REASONS)
                meetings.append(meeting)
            day += timedelta(weeks=1)
        self.meetings[plan.title] = meetings
        return meetings

    def meeting_row(self, meeting: PlannedMeeting) -> dict:
        return {"offer_id": meeting.plan.id, "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "location_id": self.place_ids[meeting.place] if meeting.place else None,
                "capacity": meeting.capacity if meeting.place else None,
                "cancelled_at": (self.days_ago(3, 1, office=True) if meeting.cancel_reason
                                 else None),
                "cancel_reason": meeting.cancel_reason}

    # -- enrolments ------------------------------------------------------------------------

    def enrol(self) -> None:
        """Who is in which group: § 85 groups almost full (through the counsellor), § 82 a
        groups with two places left for new self-referrals, drop-in groups with regulars.
        Open groups also have participants who completed earlier, and Bo is in pakke 1."""
        decks = {admission: Deck(self.citizen_ids, self.rng) for admission in Admission}
        for plan in self.published:
            deck = decks[plan.spec.admission]
            if plan.spec.admission is Admission.DROP_IN:
                self.rosters[plan.id] = [(c, date.min) for c in deck.deal(2 * plan.capacity)]
                continue
            size = plan.capacity - (self.rng.randint(0, 2) if plan.s85 else 2)
            for citizen in deck.deal(size):
                self.enrolment(plan, citizen, EnrolmentStatus.ACTIVE, self.joined_on(plan))
            if plan.starts_on is None:
                for citizen in deck.deal(2):
                    self.completed(plan, citizen)
        if bo_plan := self.plan(PACKAGE_1):
            self.enrolment(bo_plan, self.user_ids[BO], EnrolmentStatus.ACTIVE,
                           self.today - timedelta(weeks=20), package=Package.PACKAGE_1,
                           support_level=SupportLevel.MODERATE)

    def joined_on(self, plan: Plan) -> date:
        return plan.starts_on or self.today - timedelta(weeks=self.rng.randint(5, 40))

    def completed(self, plan: Plan, citizen_id: int) -> None:
        starts_on = self.today - timedelta(weeks=self.rng.randint(40, 60))
        self.enrolment(plan, citizen_id, EnrolmentStatus.COMPLETED, starts_on,
                       ends_on=starts_on + timedelta(weeks=self.rng.randint(10, 30)))

    def enrolment(self, plan: Plan, citizen_id: int, status: EnrolmentStatus, starts_on: date,
                  created_at: datetime | None = None, **fields) -> None:
        """An enrolment; § 85 ones carry their package and support level."""
        created_at = created_at or min(
            self.now, local(starts_on - timedelta(days=self.rng.randint(3, 14)), time(11)))
        row = {"citizen_id": citizen_id, "offer_id": plan.id, "status": status,
               "source": EnrolmentSource.COUNSELLOR if plan.s85 else EnrolmentSource.SELF_REFERRAL,
               "package": self.package(plan), "support_level": self.support_level(plan),
               "starts_on": starts_on, "ends_on": plan.ends_on, "created_at": created_at}
        row.update(fields)
        self.enrolments.append(row)
        self.taken.add((citizen_id, plan.id))
        if status is EnrolmentStatus.ACTIVE:
            self.rosters[plan.id].append((citizen_id, starts_on))

    def package(self, plan: Plan) -> Package | None:
        if plan.spec.package is Package.PACKAGE_1 and self.rng.random() < 0.3:
            return Package.PACKAGE_2  # group and individual guidance
        return plan.spec.package

    def support_level(self, plan: Plan) -> SupportLevel | None:
        if not plan.s85:
            return None
        return self.weighted({SupportLevel.LIGHT: 35, SupportLevel.MODERATE: 40,
                              SupportLevel.HIGH: 18, SupportLevel.EXTENSIVE: 7})

    # -- self-referrals --------------------------------------------------------------------

    def refer(self, citizens: int) -> None:
        """Self-referrals to § 82 a groups from the last 20 days: Anna's (offered, and one
        waiting for an answer), Bo's (overdue) and one in eight citizens', every status among
        them. An offered place enrols the citizen (on the waiting list when the group is
        full)."""
        self.refer_named()
        self.refer_bulk(citizens // 8)
        ids = self.write("referrals", Referral, self.referrals, ("citizen_id", "offer_id"))
        for row, referral_id in zip(self.referrals, ids, strict=True):
            row["id"] = referral_id

    def refer_bulk(self, count: int) -> None:
        """`count` referrals (at least one of each status) from random citizens to groups that
        have not ended; a citizen who has asked for or is in a group already is skipped."""
        targets = [p for p in self.published if p.spec.admission is Admission.ASK_TO_JOIN
                   and (p.ends_on is None or p.ends_on >= self.today)]
        if not (targets and self.citizen_ids):
            return
        statuses = list(ReferralStatus) + [
            self.weighted({ReferralStatus.RECEIVED: 20, ReferralStatus.IN_REVIEW: 15,
                           ReferralStatus.OFFERED: 35, ReferralStatus.WAITLISTED: 8,
                           ReferralStatus.DECLINED: 10, ReferralStatus.WITHDRAWN: 12})
            for _ in range(count - len(ReferralStatus))]
        for status in statuses:
            if pair := self.free_pair(targets):
                # Undecided ones are young enough not to be overdue; Bo's is the one that is.
                received_at = (self.days_ago(12, 0.05) if status in OPEN_STATUSES
                               else self.days_ago(20, 2))
                self.referral(*pair, status, received_at)

    def free_pair(self, plans: list[Plan]) -> tuple[Plan, int] | None:
        """A group and a citizen who is not in it and has not asked for it (a few tries)."""
        for _ in range(20):
            plan, citizen = self.rng.choice(plans), self.rng.choice(self.citizen_ids)
            if (citizen, plan.id) not in self.taken:
                return plan, citizen
        return None

    def refer_named(self) -> None:
        anna, bo = self.user_ids[ANNA], self.user_ids[BO]
        named = ((anna, ANXIETY, ReferralStatus.OFFERED, 20, time(21, 14), 17),
                 (anna, COOKING, ReferralStatus.RECEIVED, 2, time(8, 40), None),
                 (bo, TRANSPORT, ReferralStatus.IN_REVIEW, 17, time(13, 30), None))
        for citizen, title, status, days_ago, at, answered_days_ago in named:
            if plan := self.plan(title):
                answered_at = (local(self.today - timedelta(days=answered_days_ago), time(10, 5))
                               if answered_days_ago else None)
                self.referral(plan, citizen, status,
                              local(self.today - timedelta(days=days_ago), at), answered_at,
                              hopes=HOPES[plan.spec.topic][0])

    def referral(self, plan: Plan, citizen_id: int, status: ReferralStatus,
                 received_at: datetime, answered_at: datetime | None = None,
                 hopes: str | None = None) -> None:
        answer_by = local_day(received_at) + timedelta(days=ANSWER_WITHIN_DAYS)
        if status is ReferralStatus.OFFERED and len(self.rosters[plan.id]) >= plan.capacity:
            status = ReferralStatus.WAITLISTED
        if status in (ReferralStatus.OFFERED, ReferralStatus.WAITLISTED,
                      ReferralStatus.DECLINED) and answered_at is None:
            answered_at = self.sometime(received_at + timedelta(hours=2),
                                        min(self.now, local(answer_by, time(15))), office=True)
        self.referrals.append({
            "citizen_id": citizen_id, "offer_id": plan.id,
            "hopes": hopes or self.hopes(plan.spec.topic), **self.contact(),
            **self.needs(), "consent_at": received_at, "status": status,
            "received_at": received_at, "answer_by": answer_by, "answered_at": answered_at,
            "answered_by_id": plan.facilitator_ids[0] if answered_at else None,
            "decision_note": (self.rng.choice(DECISION_NOTES)
                              if status is ReferralStatus.DECLINED else None)})
        self.taken.add((citizen_id, plan.id))
        if status in (ReferralStatus.OFFERED, ReferralStatus.WAITLISTED):
            self.enrolment(plan, citizen_id,
                           EnrolmentStatus.ACTIVE if status is ReferralStatus.OFFERED
                           else EnrolmentStatus.WAITLISTED,
                           max(local_day(answered_at), plan.starts_on or date.min), answered_at)

    def hopes(self, topic: Topic) -> str | None:
        return self.rng.choice(HOPES[topic]) if self.rng.random() < 0.85 else None

    def contact(self) -> dict:
        return {"contact_methods": self.some_of("phone", "email", "app"),
                "contact_times": self.some_of("morning", "afternoon", "evening")}

    def some_of(self, *choices: str) -> list[str]:
        return self.rng.sample(choices, self.rng.randint(1, 2))

    def needs(self) -> dict:
        interpreter = self.rng.random() < 0.06
        return {"needs_interpreter": interpreter,
                "interpreter_language": (self.rng.choice(INTERPRETER_LANGUAGES) if interpreter
                                         else None),
                "needs_step_free": self.rng.random() < 0.1,
                "other_needs": self.rng.choice(OTHER_NEEDS) if self.rng.random() < 0.15 else None}

    # -- sign-ups and attendance -----------------------------------------------------------

    def register(self) -> None:
        """Anna's and Bo's meetings, one nearly full walk and anxiety meeting, one full NADA
        meeting with a waiting list, then history and sign-ups for the rest."""
        self.register_named()
        special = set()
        for title, spare, waiting in ((WALK, 1, 0), (ANXIETY, 1, 0), (NADA, 0, 3)):
            for meeting in self.upcoming(title)[:1]:
                self.fill_up(meeting, meeting.capacity - spare, waiting)
                special.add(meeting)
        meetings = [m for ms in self.meetings.values() for m in ms]
        for meeting in meetings:
            if meeting not in special:
                self.fill(meeting)
        self.write("registrations", Registration,
                   [row for m in meetings for row in m.registrations.values()])

    def register_named(self) -> None:
        anna, bo = self.user_ids[ANNA], self.user_ids[BO]
        for meeting in self.past(ANXIETY):
            if self.joined(anna, meeting):
                self.sign(meeting, anna, RegistrationStatus.ATTENDED)
        for meeting, status in zip(self.past(WALK)[-3:], (
                RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT,
                RegistrationStatus.ATTENDED), strict=False):
            self.sign(meeting, anna, status, absence=(AbsenceReason.ILL, "Jeg var forkølet."))
        for title, count in ((WALK, 1), (ANXIETY, 2), (NADA, 1)):
            for meeting in self.upcoming(title)[:count]:
                self.sign(meeting, anna, RegistrationStatus.SIGNED_UP)
        for n, meeting in enumerate(self.past(PACKAGE_1)):
            self.sign(meeting, bo, RegistrationStatus.NO_SHOW if n == 1 else
                      RegistrationStatus.ATTENDED)
        for meeting in self.upcoming(PACKAGE_1)[:2] + self.upcoming(CAFE)[:1]:
            self.sign(meeting, bo, RegistrationStatus.SIGNED_UP)

    def joined(self, citizen_id: int, meeting: PlannedMeeting) -> bool:
        """Whether the citizen was in the group (or a regular) by the day of the meeting."""
        return any(c == citizen_id and since <= meeting.day
                   for c, since in self.rosters[meeting.plan.id])

    def pool(self, meeting: PlannedMeeting) -> list[int]:
        """Citizens who may come to the meeting and are not on its list yet; Anna's and Bo's
        meetings are chosen by hand."""
        return [c for c, since in self.rosters[meeting.plan.id]
                if since <= meeting.day and c not in meeting.registrations
                and c not in self.named_ids]

    def fill_up(self, meeting: PlannedMeeting, seats: int, waiting: int) -> None:
        """Sign up citizens until `seats` are taken, then put `waiting` on the waiting list."""
        pool = self.pool(meeting)
        self.rng.shuffle(pool)
        more = max(0, seats - (meeting.capacity - meeting.free_seats()))
        for citizen in pool[:more]:
            self.sign(meeting, citizen, RegistrationStatus.SIGNED_UP)
        if meeting.free_seats() > 0:
            return
        last_seat = max(r["signed_up_at"] for r in meeting.registrations.values())
        waiting_list = pool[more:more + waiting]
        times = sorted(self.between(last_seat, min(self.now, meeting.starts_at))
                       for _ in waiting_list)
        for position, (citizen, at) in enumerate(zip(waiting_list, times, strict=True), start=1):
            self.sign(meeting, citizen, RegistrationStatus.WAITLISTED, position=position)
            meeting.registrations[citizen]["signed_up_at"] = at

    def fill(self, meeting: PlannedMeeting) -> None:
        """History for past meetings, sign-ups for the next three weeks (fewer further on)."""
        drop_in = meeting.plan.spec.admission is Admission.DROP_IN
        if meeting.ends_at <= self.now:
            share = self.rng.uniform(0.3, 0.7) if drop_in else self.rng.uniform(0.8, 1)
            outcomes = {RegistrationStatus.ATTENDED: 78, RegistrationStatus.NO_SHOW: 7,
                        RegistrationStatus.ABSENT: 15}
        elif meeting.starts_at < self.now + timedelta(days=SIGN_UP_DAYS):
            soon = 1 - (meeting.starts_at - self.now) / timedelta(days=2 * SIGN_UP_DAYS)
            share = soon * (self.rng.uniform(0.3, 0.8) if drop_in else self.rng.uniform(0.7, 0.95))
            outcomes = {RegistrationStatus.SIGNED_UP: 92, RegistrationStatus.ABSENT: 8}
        else:
            return
        pool = self.pool(meeting)
        for citizen in self.rng.sample(pool, min(round(len(pool) * share), meeting.free_seats())):
            self.sign(meeting, citizen, self.weighted(outcomes))

    def sign(self, meeting: PlannedMeeting, citizen_id: int, status: RegistrationStatus,
             position: int | None = None,
             absence: tuple[AbsenceReason, str | None] | None = None) -> None:
        """Put a citizen on the meeting's list, with the times and details of the status."""
        latest = min(self.now, meeting.starts_at - timedelta(hours=1))
        row = {"session_id": meeting.id, "citizen_id": citizen_id, "status": status,
               "waitlist_position": position,
               "signed_up_at": self.sometime(latest - timedelta(days=10), latest),
               "absent_at": None, "absence_reason": None, "absence_note": None,
               "attended_at": None, "checked_in_by_id": None, "check_in_method": None}
        if status is RegistrationStatus.ABSENT:
            reason, note = absence or self.absence()
            row.update(absence_reason=reason, absence_note=note, absent_at=self.sometime(
                row["signed_up_at"], min(self.now, meeting.starts_at)))
        elif status is RegistrationStatus.ATTENDED:
            row.update(self.check_in(meeting))
        meeting.registrations[citizen_id] = row

    def absence(self) -> tuple[AbsenceReason, str | None]:
        reason = self.weighted({AbsenceReason.ILL: 40, AbsenceReason.APPOINTMENT: 20,
                                AbsenceReason.NOT_UP_TO_IT: 20, AbsenceReason.TRANSPORT: 8,
                                AbsenceReason.OTHER: 12})
        return reason, self.rng.choice(ABSENCE_NOTES[reason])

    def check_in(self, meeting: PlannedMeeting) -> dict:
        """How a citizen was checked in: the meeting's QR code, or by the counsellor on the
        roster or at the door (a walk-in signs up as they arrive)."""
        method = self.weighted({CheckInMethod.SELF_QR: 55, CheckInMethod.STAFF: 35,
                                CheckInMethod.WALK_IN: 10})
        at = meeting.starts_at + timedelta(minutes=self.rng.uniform(-10, 10))
        fields = {"attended_at": at, "check_in_method": method,
                  "checked_in_by_id": (None if method is CheckInMethod.SELF_QR
                                       else self.rng.choice(meeting.plan.facilitator_ids))}
        if method is CheckInMethod.WALK_IN:
            fields["signed_up_at"] = at
        return fields

    # -- goals and check-ins ---------------------------------------------------------------

    def set_goals(self) -> None:
        """Anna's three goals with their weekly check-ins, and up to three goals for Bo and
        each other citizen, most of them tied to a group they are in."""
        groups: dict[int, list[Plan]] = defaultdict(list)
        for row in self.enrolments:
            if row["status"] is EnrolmentStatus.ACTIVE:
                groups[row["citizen_id"]].append(self.plan_by_id[row["offer_id"]])
        goals, check_ins = self.anna_goals()
        for citizen in [self.user_ids[BO], *self.citizen_ids]:
            for spec in self.goal_specs(groups[citizen]):
                plan = next((p for p in groups[citizen] if p.spec.topic is spec.topic), None)
                counsellors = [i for p in groups[citizen] for i in p.facilitator_ids]
                goal, goal_check_ins = self.goal(citizen, spec, plan, counsellors)
                goals.append(goal)
                check_ins.append(goal_check_ins)
        ids = self.write("goals", Goal, goals, ("citizen_id", "title"))
        self.anna_goal_ids = ids[:len(ANNA_GOALS)]
        self.write("check-ins", CheckIn, [{**row, "goal_id": goal_id}
                                          for goal_id, rows in zip(ids, check_ins, strict=True)
                                          for row in rows])

    def anna_goals(self) -> tuple[list[dict], list[list[dict]]]:
        anna = self.user_ids[ANNA]
        goals, check_ins = [], []
        for goal in ANNA_GOALS:
            plan = self.plan(goal.offer) if goal.offer else None
            weeks = len(goal.check_ins)
            created_at = local(self.today - timedelta(weeks=weeks, days=3), time(11))
            goals.append(self.goal_row(anna, goal.spec, plan, created_at, goal.shared,
                                       GoalStatus.ACTIVE))
            check_ins.append([
                {"at": local(self.today - timedelta(weeks=weeks - n, days=1), time(19, 30)),
                 "score": score, "note": note, "author_id": anna}
                for n, (score, note) in enumerate(goal.check_ins, start=1)])
        return goals, check_ins

    def goal_specs(self, groups: list[Plan]) -> list[GoalSpec]:
        """Up to three goals, the first most often about one of the citizen's groups."""
        count = self.weighted({0: 25, 1: 35, 2: 30, 3: 10})
        topics = {p.spec.topic for p in groups}
        related = [g for g in GOALS if g.topic in topics]
        first = [self.rng.choice(related)] if count and related and self.rng.random() < 0.7 else []
        return first + self.rng.sample([g for g in GOALS if g not in first], count - len(first))

    def goal(self, citizen_id: int, spec: GoalSpec, plan: Plan | None,
             counsellors: list[int]) -> tuple[dict, list[dict]]:
        """A goal and its check-ins, about weekly, the score wandering within 1–10. A shared
        goal with no group is shared with the first counsellor of the citizen's groups."""
        created_at = self.days_ago(120, 7)
        shared = (plan is not None and plan.s85) or self.rng.random() < 0.5
        chosen = counsellors[0] if shared and plan is None and counsellors else None
        shared = shared and (plan is not None or chosen is not None)
        weeks = self.rng.randint(0, min(8, (self.now - created_at).days // 7))
        score = self.rng.randint(2, 7)
        steps = (-1, 0, 0, 0, 1) if spec.goal_type is GoalType.LIMIT_LOSS else (-1, 0, 1, 1)
        check_ins = []
        for week in range(weeks, 0, -1):
            score = min(10, max(1, score + self.rng.choice(steps)))
            counsellor = shared and plan and self.rng.random() < 0.15
            check_ins.append({
                "at": self.sometime(self.now - timedelta(weeks=week),
                                    self.now - timedelta(weeks=week - 1)),
                "score": score,
                "note": self.rng.choice(CHECK_IN_NOTES) if self.rng.random() < 0.25 else None,
                "author_id": self.rng.choice(plan.facilitator_ids) if counsellor else citizen_id})
        status = self.weighted({GoalStatus.ACTIVE: 80, GoalStatus.ACHIEVED: 8,
                                GoalStatus.PAUSED: 7, GoalStatus.ARCHIVED: 5})
        row = self.goal_row(citizen_id, spec, plan, created_at, shared, status, chosen)
        if check_ins:
            row["updated_at"] = check_ins[-1]["at"]
        return row, check_ins

    def goal_row(self, citizen_id: int, spec: GoalSpec, plan: Plan | None,
                 created_at: datetime, shared: bool, status: GoalStatus,
                 shared_with_id: int | None = None) -> dict:
        """A goal row; followed up within a year, some soon; most goals to develop have a
        target date."""
        target = (self.today + timedelta(days=self.rng.randint(30, 300))
                  if spec.goal_type is GoalType.DEVELOP and self.rng.random() < 0.7 else None)
        return {"citizen_id": citizen_id, "title": spec.title, "theme": spec.theme,
                "goal_type": spec.goal_type, "offer_id": plan.id if plan else None,
                "target_date": target,
                "next_follow_up": self.today + timedelta(days=self.rng.randint(7, 365)),
                "shared_with_staff": shared, "shared_with_id": shared_with_id, "status": status,
                "created_at": created_at, "updated_at": created_at}

    # -- audit trail -----------------------------------------------------------------------

    def audit(self) -> None:
        """What the counsellors looked at and changed: the referrals they reviewed and
        answered, and Anna's shared goals before her follow-up."""
        rows = []
        for referral in self.referrals:
            if referral["status"] in (ReferralStatus.RECEIVED, ReferralStatus.WITHDRAWN):
                continue
            actor = (referral["answered_by_id"]
                     or self.plan_by_id[referral["offer_id"]].facilitator_ids[0])
            rows.append(self.event(actor, referral, AuditAction.VIEW, PURPOSE_REVIEW,
                                   self.sometime(referral["received_at"],
                                                 referral["answered_at"] or self.now,
                                                 office=True)))
            if referral["answered_at"]:
                rows.append(self.event(actor, referral, AuditAction.CHANGE, PURPOSE_ANSWER,
                                       referral["answered_at"]))
        mette, anna = self.user_ids[METTE], self.user_ids[ANNA]
        for goal_id, goal in zip(self.anna_goal_ids, ANNA_GOALS, strict=True):
            if goal.shared:
                rows.append({"at": self.days_ago(7, 2, office=True), "actor_id": mette,
                             "subject_id": anna, "action": AuditAction.VIEW,
                             "object_type": "goal", "object_id": goal_id,
                             "purpose": PURPOSE_GOALS, "actor_role": Role.STAFF})
        self.write("audit-events", AuditEvent, rows)

    @staticmethod
    def event(actor_id: int, referral: dict, action: AuditAction, purpose: str,
              at: datetime) -> dict:
        return {"at": at, "actor_id": actor_id, "subject_id": referral["citizen_id"],
                "action": action, "object_type": "referral", "object_id": referral["id"],
                "purpose": purpose, "actor_role": Role.STAFF}
