-- Roll-ups of the flow figures: the procedure statistics, summed over months. (The ID-issuance
-- figures are stocks, each unit's latest report on or before a date, which these sums cannot serve.)
-- Written in the transaction of the batch that changes them, so they are never half-updated; see
-- DanVan.Adapters.Indicators.IndicatorReports.

-- One row per unit and month: each figure's value from the preferred source (one column per
-- indicator, named as its code with '_' for '.'; null when not reported) and the indicators present,
-- sorted bytewise: the report's signature for the honest rates.
create table indicator_report (
    unit_id                     bigint not null references admin_unit (id),
    period_start                date   not null,
    indicators                  text[] not null,
    proc_received_in_person     bigint,
    proc_received_online        bigint,
    proc_received_postal        bigint,
    proc_received               bigint,
    proc_carried_over           bigint,
    proc_resolved_early         bigint,
    proc_resolved_on_time       bigint,
    proc_resolved_in_time       bigint,
    proc_resolved_late          bigint,
    proc_resolved               bigint,
    proc_pending_in_time        bigint,
    proc_pending_overdue        bigint,
    proc_rating_very_satisfied  bigint,
    proc_rating_satisfied       bigint,
    proc_rating_dissatisfied    bigint,
    primary key (unit_id, period_start)
);

-- One row per unit, month and signature, for the units other units were ever under (provinces,
-- former districts): what a flow query sums over the unit's subtree for that month (an inner unit's
-- own report shadowing its descendants' for the same figure), the reports grouped by the figures they
-- carry after shadowing, with the units that sent them. A commune's subtree is its own report row. A
-- national figure over twelve months reads twelve rows per province instead of every commune's facts.
create table indicator_subtree (
    root_id                     bigint  not null references admin_unit (id),
    period_start                date    not null,
    signature                   text    not null,
    units                       bigint[] not null,
    proc_received_in_person     numeric,
    proc_received_online        numeric,
    proc_received_postal        numeric,
    proc_received               numeric,
    proc_carried_over           numeric,
    proc_resolved_early         numeric,
    proc_resolved_on_time       numeric,
    proc_resolved_in_time       numeric,
    proc_resolved_late          numeric,
    proc_resolved               numeric,
    proc_pending_in_time        numeric,
    proc_pending_overdue        numeric,
    proc_rating_very_satisfied  numeric,
    proc_rating_satisfied       numeric,
    proc_rating_dissatisfied    numeric,
    primary key (root_id, period_start, signature)
);

-- The source priority the rows were computed with (null until the first batch computes them all; a
-- batch under another priority recomputes them) and whether the subtree rows follow the unit map
-- (any change to the map clears it; the next batch recomputes them). Queries read the facts while
-- either differs. Its row lock orders batches of different sources.
create table indicator_report_state (
    id              boolean primary key default true check (id),
    source_priority text[],
    map_current     boolean not null default false
);

insert into indicator_report_state (source_priority) values (null);

create function indicator_subtree_map_changed() returns trigger language plpgsql as $$
begin
    update indicator_report_state set map_current = false where map_current;
    return null;
end
$$;

create trigger indicator_subtree_map_changed after insert or update or delete or truncate on admin_unit
    for each statement execute function indicator_subtree_map_changed();
