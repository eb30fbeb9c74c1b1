from salespulse.insights.coaching.pairing import Profile, Skill, reason
from salespulse.model.wording import one_in_the_singular, plural


def test_counts_in_the_plural_unless_one() -> None:
    assert plural(1, "row") == "1 row" and plural(-1, "row") == "-1 row"
    assert plural(1250, "row") == "1,250 rows" and plural(0, "row") == "0 rows"
    assert plural(2, "activity", "activities") == "2 activities"


def test_a_lone_one_takes_the_singular() -> None:
    assert one_in_the_singular("sells to 1 customers a month") == "sells to 1 customer a month"
    assert one_in_the_singular("logs 1 activities, 1 deals") == "logs 1 activity, 1 deal"
    for kept in ("2 customers", "1.5 customers", "11 customers", "0.1 customers", "2,1 days"):
        assert one_in_the_singular(kept) == kept


def test_a_pairs_reason_says_one_customer() -> None:
    def rep(name: str, customers: float) -> Profile:
        return Profile(
            name, name, "East", 2.0, {"customers": Skill(customers, 0.0, True, customers)}
        )

    text = reason(rep("Bo", 3.0), rep("Al", 1.0), "customers")
    assert text.startswith("Al sells to 1 customer a month against Bo's 3"), text
    assert "Al sells to 2 customers" in reason(rep("Bo", 3.0), rep("Al", 2.0), "customers")
