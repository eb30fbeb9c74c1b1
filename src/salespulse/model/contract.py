"""The data contract: the canonical tables salespulse stores, column by column.

Everything that reads or writes a table (importers, the demo generator, the KPI engine,
the generated `docs/data-contract.md`) takes the columns from here. The sales tables
(sales, orders, products, categories) are declared in `sales_contract`.
"""

from __future__ import annotations

from salespulse.model.columns import REP_ANY, REP_ID, SQL_TYPES, Column, ColumnType, Table
from salespulse.model.sales_contract import CATEGORIES, ORDERS, PRODUCTS, SALES

__all__ = [
    "CATEGORIES",
    "ORDERS",
    "PRODUCTS",
    "SALES",
    "SQL_TYPES",
    "TABLES",
    "Column",
    "ColumnType",
    "Table",
    "table",
]

# fmt: off
#: In tables other than reps, a rep may also be named by another id (matched to reps).
_REP_ANY = REP_ANY
#: In the reps table, "Salesperson" is the person's name (the id column is the rep).
_REP_ID = REP_ID

REPS = Table(
    name="reps",
    meaning="One row per sales rep: who they are, their team, manager and tenure.",
    key=("rep",),
    time_column="hire_date",
    columns=(
        Column("rep", "text", "the rep's id as other tables name them (else employee_id, else "
               "the name)", required=True, synonyms=_REP_ID),
        Column("name", "text", "display name (else first name and last name)",
               synonyms=("full_name", "rep_name", "salesperson", "sales_person", "salesperson_name",
                         "employee_name", "display_name")),
        Column("first_name", "text", "first name (with last_name, fills name)", helper=True,
               synonyms=("firstname", "given_name", "forename")),
        Column("last_name", "text", "last name (with first_name, fills name)", helper=True,
               synonyms=("lastname", "surname", "family_name")),
        Column("team", "text", "team", synonyms=("sales_team", "squad", "group", "pod")),
        Column("manager", "text",
               "the rep's manager (an id of another rep, as in reportsTo, becomes that rep's "
               "name)",
               synonyms=("sales_manager", "team_lead", "supervisor", "manager_name", "reports_to",
                         "manager_id")),
        Column("region", "text", "region or office",
               synonyms=("territory", "regional_office", "office", "area")),
        Column("hire_date", "date", "first day in the role (for tenure and ramp)",
               synonyms=("start_date", "hired", "hired_on", "date_hired", "joined")),
        Column("email", "text", "email address",
               synonyms=("e_mail", "mail", "upn", "email_address")),
        Column("employee_id", "text",
               "another id the organisation uses for the rep (HR or payroll); quota and "
               "sales files that use it are matched to the rep",
               synonyms=("employeeid", "emp_id", "staff_id", "hr_id", "personnel_number")),
    ),
)

#: CRM API owner fields (Salesforce `OwnerId`, HubSpot `hubspot_owner_id`, Pipedrive
#: `user_id`) name the rep of a deal, lead or activity.
_CRM_OWNER = (*_REP_ANY, "owner_id", "hubspot_owner_id", "user_id")

DEALS = Table(
    name="deals",
    meaning="One row per opportunity (deal), open or closed.",
    key=("deal_id",),
    time_column="created_at",
    columns=(
        Column("deal_id", "text", "unique deal id", required=True,
               synonyms=("opportunity_id", "opportunityid", "opportunity", "record_id", "deal - id",
                         "id", "deal_number", "hs_object_id")),
        Column("rep", "text", "owner", required=True, synonyms=_CRM_OWNER),
        Column("name", "text", "the deal's name or title",
               synonyms=("deal_name", "dealname", "title", "opportunity_name", "deal_title",
                         "deal - title")),
        Column("created_at", "timestamp", "when the deal was opened",
               required_when="for cycle and cohort KPIs",
               synonyms=("created_date", "create_date", "created", "created_on", "engage_date",
                         "opened_at", "open_date", "deal - deal created", "deal_created",
                         "date_created", "creation_date", "createdate", "add_time",
                         "deal - deal created on")),
        Column("status", "text", "open, won or lost (derived from stage when absent)",
               required=True,
               required_when="derived from stage, or from is_won and is_closed, when absent",
               synonyms=("deal - status", "deal_status", "state", "outcome", "result",
                         "won_lost")),
        Column("closed_at", "timestamp", "when the deal was won or lost",
               required_when="when won or lost",
               synonyms=("close_date", "closed_date", "closedate", "date_closed", "closed",
                         "closed_on", "actual_close_date", "close_time",
                         "deal - deal closed on")),
        Column("amount", "number", "deal value", required_when="when won",
               synonyms=("close_value", "deal_value", "deal - value", "value", "deal_amount",
                         "opportunity_amount", "total_amount", "amount_usd", "revenue")),
        Column("stage", "text", "pipeline stage",
               synonyms=("deal_stage", "dealstage", "stage_name", "deal - stage", "pipeline_stage",
                         "sales_stage", "stage_id", "deal_stage_name")),
        Column("expected_close", "date", "expected close date of an open deal",
               synonyms=("expected_close_date", "deal - expected close date", "forecast_close_date",
                         "projected_close_date")),
        Column("probability", "number", "chance to win, 0..1",
               synonyms=("probability_pct", "probability_percent", "win_probability",
                         "deal - probability", "deal_probability",
                         "hs_deal_stage_probability", "stage_probability")),
        Column("forecast_category", "text", "forecast category (commit, best case, ...)",
               synonyms=("forecast", "forecastcategory", "forecast_category_name",
                         "hs_forecast_category")),
        Column("product", "text", "main product", synonyms=("product_name", "deal - product")),
        Column("customer", "text", "customer or account",
               synonyms=("account", "account_name", "company", "organization",
                         "deal - organization", "organisation", "client", "customer_name",
                         "account_id", "org_id", "org_name", "organization_id", "company_id")),
        Column("source", "text", "where the deal came from",
               synonyms=("lead_source", "deal - source", "origin", "channel")),
        Column("lead_id", "text", "the lead this deal came from", synonyms=("lead", "mql_id")),
        Column("lost_reason", "text", "why it was lost",
               synonyms=("loss_reason", "deal - lost reason", "reason_lost", "closed_lost_reason",
                         "closed_lost_reason_category")),
        Column("type", "text", "deal type (new business, renewal, upsell, ...)",
               synonyms=("deal_type", "opportunity_type", "dealtype", "business_type")),
        Column("pipeline", "text", "the pipeline the deal is in (for CRMs with several)",
               synonyms=("pipeline_id", "pipeline_name", "deal - pipeline", "sales_pipeline")),
        Column("won_at", "timestamp", "when won (fills closed_at)", helper=True,
               synonyms=("won_time", "deal - won time", "won_date", "date_won")),
        Column("lost_at", "timestamp", "when lost (fills closed_at)", helper=True,
               synonyms=("lost_time", "deal - lost time", "lost_date", "date_lost")),
        Column("is_won", "boolean", "true when won (with is_closed, decides the status where "
               "no stage does)", helper=True,
               synonyms=("won", "is_deal_won", "hs_is_closed_won", "deal_won")),
        Column("is_closed", "boolean", "true when closed, won or lost (decides the status "
               "where no stage does)", helper=True,
               synonyms=("closed_flag", "hs_is_closed", "deal_closed")),
    ),
)

DEAL_STAGES = Table(
    name="deal_stages",
    meaning="Stage history: one row each time a deal entered a stage.",
    key=("deal_id", "stage", "entered_at"),
    time_column="entered_at",
    columns=(
        Column("deal_id", "text", "the deal", required=True,
               synonyms=("opportunity_id", "opportunityid", "record_id", "deal")),
        Column("stage", "text", "the stage entered", required=True,
               synonyms=("deal_stage", "to_stage", "new_stage", "stage_name", "new_value")),
        Column("entered_at", "timestamp", "when it entered the stage", required=True,
               synonyms=("changed_at", "date", "timestamp", "entered", "entered_date", "stage_date",
                         "edit_date", "created_date", "change_date")),
    ),
)

LEADS = Table(
    name="leads",
    meaning="One row per lead (prospect).",
    key=("lead_id",),
    time_column="created_at",
    columns=(
        Column("lead_id", "text", "unique lead id", required=True,
               synonyms=("mql_id", "id", "lead", "record_id", "prospect_id", "contact_id",
                         "hs_object_id")),
        Column("created_at", "timestamp", "when the lead arrived", required=True,
               synonyms=("created_date", "create_date", "created", "first_contact_date",
                         "lead_date", "date_created", "creation_date", "received_at",
                         "createdate", "add_time")),
        Column("rep", "text", "assigned rep", synonyms=_CRM_OWNER),
        Column("source", "text", "lead source",
               synonyms=("origin", "lead_source", "channel", "utm_source")),
        Column("inbound", "boolean", "true when the lead came to us (form, call, chat)",
               synonyms=("is_inbound", "inbound_lead")),
        Column("converted_at", "timestamp", "when it became a deal",
               synonyms=("converted_date", "conversion_date", "converted", "won_date")),
        Column("deal_id", "text", "the deal it became",
               synonyms=("opportunity_id", "converted_opportunity_id")),
    ),
)

ACTIVITIES = Table(
    name="activities",
    meaning="One row per sales activity: call, email, meeting.",
    time_column="at",
    columns=(
        Column("rep", "text", "who did it", required=True, synonyms=_CRM_OWNER),
        Column("at", "timestamp", "when", required=True,
               synonyms=("timestamp", "date", "activity_date", "datetime", "time", "when",
                         "created_at", "start_time", "due_date", "completed_at",
                         "hs_timestamp", "due_time", "marked_as_done_time")),
        Column("activity_id", "text", "activity id", synonyms=("id", "activityid")),
        Column("type", "text", "call, email, meeting or other",
               synonyms=("activity_type", "kind", "channel", "activity", "task_subtype",
                         "hs_activity_type", "hs_engagement_type")),
        Column("lead_id", "text", "the lead it was about", synonyms=("lead", "who_id")),
        Column("deal_id", "text", "the deal it was about",
               synonyms=("opportunity_id", "deal", "what_id")),
        Column("direction", "text", "outbound or inbound (default outbound)",
               synonyms=("inbound_outbound", "call_direction")),
        Column("outcome", "text", "e.g. connected, no_answer",
               synonyms=("result", "disposition", "call_result", "status")),
    ),
)

QUOTAS = Table(
    name="quotas",
    meaning="Targets per rep or team and period.",
    key=("rep", "team", "period_start", "period_end", "metric"),
    time_column="period_start",
    one_of=(("rep", "team"), ("period", "period_start")),
    columns=(
        Column("rep", "text", "the rep the target is for", required_when="rep or team",
               synonyms=_REP_ANY),
        Column("team", "text", "the team the target is for", required_when="rep or team",
               synonyms=("sales_team",)),
        Column("period", "text", "2025-03, 2025-Q1 or 2025 (fiscal), or give start and end",
               required_when="period, or period_start and period_end",
               synonyms=("month", "quarter", "year_month", "period_name")),
        Column("period_start", "date", "first day of the period",
               synonyms=("start", "start_date", "from")),
        Column("period_end", "date", "last day of the period", synonyms=("end", "end_date", "to")),
        Column("metric", "text",
               "revenue, units, bookings, deals_won or activities (default revenue)",
               synonyms=("kpi", "measure", "target_type", "quota_type")),
        Column("target", "number", "the target", required=True,
               synonyms=("quota", "goal", "target_amount", "quota_amount", "amount")),
    ),
)

# fmt: on

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        SALES,
        ORDERS,
        PRODUCTS,
        CATEGORIES,
        REPS,
        DEALS,
        DEAL_STAGES,
        LEADS,
        ACTIVITIES,
        QUOTAS,
    )
}

#: Deal statuses as stored.
STATUSES = ("open", "won", "lost")
#: Metrics a quota can be set on.
QUOTA_METRICS = ("revenue", "units", "bookings", "deals_won", "activities")
#: Activity types as stored.
ACTIVITY_TYPES = ("call", "email", "meeting", "other")


def table(name: str) -> Table:
    """The contract for `name`, or a clear error naming the tables there are."""
    from salespulse.errors import UserError

    try:
        return TABLES[name]
    except KeyError:
        raise UserError(
            f"There is no table called {name!r}.",
            fix="Use one of: " + ", ".join(TABLES) + ".",
        ) from None
