-- The Prime Minister's yearly decisions on public holidays (Labour Code 2019 Art. 112(3)), owned by
-- the Scheduler's calendar (HolidayDecisionStore). A holiday a year does not list keeps the rule.
create table holiday_decision (
    year       integer primary key check (year between 2000 and 2100),
    note       text not null,
    -- Shipped with the hub (a later release may correct it) rather than set by an operator (kept).
    shipped    boolean not null,
    set_by     text not null,
    updated_at timestamptz not null
);

create table holiday_decision_period (
    year         integer not null references holiday_decision (year) on delete cascade,
    holiday      text not null check (holiday in ('new-year', 'tet', 'hung-kings', 'victory-and-labour-day', 'national-day')),
    first_day    date not null,
    last_day     date not null,
    working_days date[] not null,
    legal_source text not null,
    primary key (year, holiday),
    check (first_day <= last_day),
    check (extract(year from first_day) = year and extract(year from last_day) = year)
);
