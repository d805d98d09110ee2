-- Roll-ups of the stocks: the ID-issuance figures, each unit's latest report on or before a date.
-- Written in the transaction of the batch that changes them, like the flows' (0018); see
-- DanVan.Adapters.Indicators.IndicatorStocks.

-- One row per unit and report date (a day any stock figure of the unit was reported, by any source):
-- each figure's latest value on or before that day, from the preferred source of the day it was
-- reported, with that day (the "_on" column; null when never reported). A stock query as of a date
-- reads each unit's latest row on or before it, one row per unit of the tree, instead of every
-- report of every unit up to the date. Shadowing by an inner unit's own report and the honest-rate
-- signatures are applied to these rows at query time, exactly as to the facts; a sum over the subtree
-- is not kept, since every report date of every unit below would be a row of it.
create table indicator_stock (
    unit_id                     bigint not null,
    period_start                date   not null,
    id_dossiers_collected       bigint,
    id_dossiers_collected_on    date,
    id_cards_produced           bigint,
    id_cards_produced_on        date,
    id_cards_returned           bigint,
    id_cards_returned_on        date,
    eid_level1_accounts         bigint,
    eid_level1_accounts_on      date,
    eid_level2_accounts         bigint,
    eid_level2_accounts_on      date,
    id_eligible_citizens        bigint,
    id_eligible_citizens_on     date,
    id_mobile_collections       bigint,
    id_mobile_collections_on    date,
    id_home_collections         bigint,
    id_home_collections_on      date,
    primary key (unit_id, period_start)
);

-- Roll-up rows are derived from the observations, whose units their own key checks; checking it again
-- for every roll-up row cost more than a second of a national ID-issuance batch and a quarter of a
-- procedure-statistics one, so the roll-ups keep no key of their own.
alter table indicator_report drop constraint indicator_report_unit_id_fkey;
alter table indicator_subtree drop constraint indicator_subtree_root_id_fkey;

-- The rows follow the source priority recorded in indicator_report_state with the flows' rows. This
-- clears it, so that the first batch after the upgrade computes both kinds from the stored
-- observations, and queries read the facts until then.
update indicator_report_state set source_priority = null;

-- Only the batch merge keeps the roll-ups; it says so for its transaction. Any other statement that
-- writes observations (a correction made by hand in SQL) clears the recorded priority, so that queries
-- read the facts and the next batch rebuilds every roll-up from them.
create function indicator_rollups_bypassed() returns trigger language plpgsql as $$
begin
    if coalesce(current_setting('danvan.merging_batch', true), '') <> 'on' then
        update indicator_report_state set source_priority = null where source_priority is not null;
    end if;
    return null;
end
$$;

create trigger indicator_rollups_bypassed after insert or update or delete or truncate on observation
    for each statement execute function indicator_rollups_bypassed();
