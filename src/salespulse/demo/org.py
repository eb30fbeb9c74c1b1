"""The demo organisation: teams, managers, reps and customers (the products are in
`catalogue`).

The organisation depends only on the block number and `as_of` (never on the seed), so rep
ids, names and the planted-story reps are the same for every seed; the seed changes what
the reps do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from salespulse.demo.timeline import Arr

REPS_PER_TEAM = 8
TEAMS_PER_BLOCK = 3
REPS_PER_BLOCK = REPS_PER_TEAM * TEAMS_PER_BLOCK
CUSTOMERS_PER_TEAM = 220


TEAM_NAMES = (
    "Atlas", "Beacon", "Comet", "Delta", "Everest", "Falcon",
    "Granite", "Horizon", "Ion", "Juniper", "Keystone", "Lumen",
)  # fmt: skip
REGIONS = (
    "Northeast", "Southeast", "West", "Midwest", "Southwest",
    "Northwest", "Mid-Atlantic", "Great Lakes", "Mountain",
)  # fmt: skip
FIRST_NAMES = (
    "Maya", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Sofia", "Lucas", "Isabella", "Mason",
    "Mia", "Logan", "Amelia", "James", "Harper", "Benjamin", "Evelyn", "Elijah", "Abigail",
    "Oliver", "Emily", "Jacob", "Ella", "Daniel", "Chloe", "Henry", "Grace", "Samuel", "Zoe",
    "David", "Nora", "Joseph", "Layla", "Carter", "Aria", "Owen", "Riley", "Wyatt", "Lily",
    "Jack", "Hannah", "Leo", "Aisha", "Omar", "Priya", "Arjun", "Mei", "Kenji", "Yuki",
    "Fatima", "Yusuf", "Elena", "Mateo", "Camila", "Diego", "Lucia", "Andre", "Ines", "Tomas",
    "Nadia", "Ivan", "Sara", "Felix", "Clara", "Hugo", "Lena", "Marco", "Rosa", "Kofi",
    "Amara", "Tariq", "Leila", "Ravi", "Anika", "Sean", "Niamh", "Lars", "Freya", "Emil",
)  # fmt: skip
LAST_NAMES = (
    "Patel", "Nguyen", "Garcia", "Smith", "Johnson", "Kim", "Chen", "Rodriguez", "Müller",
    "Okafor", "Brown", "Williams", "Jones", "Miller", "Davis", "Martinez", "Lopez", "Wilson",
    "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
    "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young",
    "Allen", "King", "Wright", "Scott", "Torres", "Hill", "Flores", "Green", "Adams",
    "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Khan",
    "Singh", "Ali", "Tanaka", "Sato", "Rossi", "Silva", "Costa", "Novak", "Kowalski",
    "Jensen", "Larsen", "Berg", "Dubois", "Moreau", "Fischer", "Weber", "Schmidt", "Murphy",
    "Kelly", "Byrne", "Mensah", "Osei", "Haddad", "Cohen", "Ivanova", "Popescu",
)  # fmt: skip
COMPANY_WORDS = (
    "Acme", "Northwind", "Bluefin", "Cedar", "Summit", "Harbor", "Ironwood", "Granite",
    "Silverline", "Redwood", "Brightpath", "Keystone", "Oakridge", "Pioneer", "Riverside",
    "Stonegate", "Clearwater", "Evergreen", "Highland", "Lakeside", "Maple", "Meridian",
    "Nimbus", "Orion", "Pinnacle", "Quarry", "Sterling", "Trident", "Unity", "Vertex",
    "Westfield", "Zenith", "Aurora", "Bayside", "Cobalt", "Driftwood", "Ember", "Foxglove",
    "Goldleaf", "Helix", "Ironbridge", "Kestrel", "Larkspur", "Magnolia", "Nova", "Obsidian",
    "Polaris", "Quantum", "Radiant", "Sequoia", "Tidewater", "Upland", "Vantage", "Willow",
    "Yarrow", "Alder", "Birch", "Crescent", "Elmstead", "Fairview",
)  # fmt: skip
COMPANY_KINDS = (
    "Logistics", "Foods", "Manufacturing", "Health", "Energy", "Retail", "Labs",
    "Construction", "Hotels", "Pharma", "Freight", "Farms", "Motors", "Textiles", "Dental",
    "Clinics", "Builders", "Packaging", "Brewing", "Metals", "Plastics", "Systems",
    "Utilities", "Schools", "Properties", "Marine", "Aviation", "Furniture", "Electronics",
    "Water",
)  # fmt: skip

#: Tenure class of each rep position in a block (8 per team, team by team), and the planted
#: story reps' positions (`stories.POSITIONS`) are chosen among them.
TENURE = (
    "veteran", "veteran", "mid", "mid", "mid", "year", "hire10", "mid",
    "veteran", "mid", "mid", "veteran", "mid", "year", "fast", "mid",
    "mid", "veteran", "mid", "year", "mid", "veteran", "hire7", "fresh",
)  # fmt: skip
#: For hires inside the window: months between the hire month and the as_of month.
HIRE_MONTHS_AGO = {"hire10": 10, "fast": 5, "hire7": 7, "fresh": 2}
#: For earlier hires: range of years of tenure at as_of.
TENURE_YEARS = {"veteran": (6.2, 9.5), "mid": (2.2, 5.0), "year": (1.1, 1.9)}


def _person_names() -> list[tuple[str, str]]:
    pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    order = np.random.default_rng(20_240_607).permutation(len(pairs))
    return [pairs[i] for i in order]


_PEOPLE = _person_names()


def person(index: int) -> tuple[str, str]:
    """(display name, email) of the `index`-th person; unique for every index."""
    first, last = _PEOPLE[index % len(_PEOPLE)]
    n = index // len(_PEOPLE)
    suffix = f" {n + 1}" if n else ""
    local = f"{first}.{last}{n + 1 if n else ''}".lower().replace("ü", "ue")
    return f"{first} {last}{suffix}", f"{local}@pulse-demo.example"


def _numbered(names: tuple[str, ...], index: int) -> str:
    n = index // len(names)
    return names[index % len(names)] + (f" {n + 1}" if n else "")


@dataclass(frozen=True)
class BlockOrg:
    """One block: three teams of eight reps, each team with a manager and a region."""

    block: int
    rep_ids: list[str]
    names: list[str]
    emails: list[str]
    employee_ids: list[str]
    #: Team index (0..2) of each rep.
    team: Arr
    team_names: list[str]
    managers: list[str]
    regions: list[str]
    #: Hire day of each rep (day number since 1970-01-01).
    hire_day: Arr
    #: Customer names of the block: `CUSTOMERS_PER_TEAM` per team, team by team.
    customers: list[str]

    @property
    def n_reps(self) -> int:
        return len(self.rep_ids)


def rep_id(block: int, position: int) -> str:
    return f"R{block * REPS_PER_BLOCK + position + 1:04d}"


def block_org(block: int, as_of: date) -> BlockOrg:
    rng = np.random.default_rng([block, 31_337])
    people = [person(block * (REPS_PER_BLOCK + TEAMS_PER_BLOCK) + i) for i in range(27)]
    teams = [block * TEAMS_PER_BLOCK + t for t in range(TEAMS_PER_BLOCK)]
    as_of_day = int(np.datetime64(as_of, "D").astype(np.int64))
    as_of_month = np.datetime64(as_of, "M")
    hire = np.zeros(REPS_PER_BLOCK, dtype=np.int64)
    for i, kind in enumerate(TENURE):
        if kind in HIRE_MONTHS_AGO:
            first = (as_of_month - HIRE_MONTHS_AGO[kind]).astype("datetime64[D]")
            hire[i] = int(np.busday_offset(first, 0, roll="forward").astype(np.int64))
        else:
            low, high = TENURE_YEARS[kind]
            day = as_of_day - int(rng.uniform(low, high) * 365.25)
            hire[i] = int(np.busday_offset(np.datetime64(day, "D"), 0, roll="forward").astype(int))
    words = [(w, k) for w in COMPANY_WORDS for k in COMPANY_KINDS]
    order = np.random.default_rng(4_242).permutation(len(words))
    first_customer = block * TEAMS_PER_BLOCK * CUSTOMERS_PER_TEAM
    customers = []
    for i in range(first_customer, first_customer + TEAMS_PER_BLOCK * CUSTOMERS_PER_TEAM):
        w, k = words[order[i % len(words)]]
        n = i // len(words)
        customers.append(f"{w} {k}" + (f" {n + 1}" if n else ""))
    first_rep = block * REPS_PER_BLOCK
    return BlockOrg(
        block=block,
        rep_ids=[rep_id(block, i) for i in range(REPS_PER_BLOCK)],
        names=[p[0] for p in people[:REPS_PER_BLOCK]],
        emails=[p[1] for p in people[:REPS_PER_BLOCK]],
        employee_ids=[f"E{10_001 + first_rep + i}" for i in range(REPS_PER_BLOCK)],
        team=np.repeat(np.arange(TEAMS_PER_BLOCK), REPS_PER_TEAM),
        team_names=[_numbered(TEAM_NAMES, t) for t in teams],
        managers=[p[0] for p in people[REPS_PER_BLOCK:]],
        regions=[REGIONS[t % len(REGIONS)] for t in teams],
        hire_day=hire,
        customers=customers,
    )
