-- Roll-up of the observation store, one row per unit and period: each indicator's value from the
-- preferred source (one column per indicator, named as its code with '_' for '.'; null when not
-- reported) and the indicators present, sorted bytewise, which is the report's signature for the
-- honest rates. Written by the batch merge statement itself, for the units and periods it changed, so
-- it is never half-updated; see DanVan.Adapters.Indicators.IndicatorReports.
create table indicator_report (
    unit_id                     bigint not null references admin_unit (id),
    period_start                date   not null,
    indicators                  text[] not null,
    id_dossiers_collected       bigint,
    id_cards_produced           bigint,
    id_cards_returned           bigint,
    eid_level1_accounts         bigint,
    eid_level2_accounts         bigint,
    id_eligible_citizens        bigint,
    id_mobile_collections       bigint,
    id_home_collections         bigint,
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

-- The source priority the rows were computed with; null until the first batch computes them all, and
-- a batch under another priority recomputes them. Its row lock orders batches of different sources.
create table indicator_report_state (
    id              boolean primary key default true check (id),
    source_priority text[]
);

insert into indicator_report_state (source_priority) values (null);
