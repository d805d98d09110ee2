-- Roll-ups of the held dialogues, for SummarizeDialogues: for every unit on a dialogue's unit_path
-- (the unit itself and its ancestors on the dialogue's date), the child just below it on that path
-- (null for the unit's own dialogues), the level of the dialogue's unit and a day, month or year of
-- its counting day (held date, else the slot's day in Vietnam time, as DialogueStore.DaySql), the
-- dialogues held by kind and their opinions received and resolved (stored one by one or as counts).
-- The whole country has rows of its own (unit_id null), whose child is the province at the top of the
-- dialogue's path, so a national summary reads a few rows per province instead of every province's.
-- A summary over any range of days reads whole years, then whole months, then days. Kept by the row
-- triggers below in the transaction of whatever changes a dialogue or an opinion, so no writer can
-- forget them and they are never half-updated.
create table dialogue_rollup (
    unit_id           bigint,
    child_id          bigint,
    level             smallint not null,
    grain             text     not null check (grain in ('day', 'month', 'year')),
    period_start      date     not null,
    periodic_held     integer  not null,
    ad_hoc_held       integer  not null,
    opinions_received integer  not null,
    opinions_resolved integer  not null
);

create unique index dialogue_rollup_key on dialogue_rollup (unit_id, grain, period_start, child_id, level) nulls not distinct;

-- Adds one dialogue's figures (sign -1 removes them) to the roll-ups of every unit on its path and of the country.
create function dialogue_rollup_apply(d dialogue, sign integer) returns void language plpgsql as $$
declare
    day date;
    unit_level smallint;
    received integer;
    resolved integer;
begin
    if d.status not in ('held', 'results_published', 'closed') then
        return;
    end if;
    day := coalesce(d.held_on, (d.starts_at at time zone 'Asia/Ho_Chi_Minh')::date);
    select u.level into unit_level from admin_unit u where u.id = d.unit_id;
    select count(*) + coalesce(d.counted_received, 0),
           count(*) filter (where o.status in ('answered_at_meeting', 'resolved')) + coalesce(d.counted_answered, 0) + coalesce(d.counted_resolved, 0)
      into received, resolved
      from opinion o where o.dialogue_id = d.id;
    perform dialogue_rollup_add(d.unit_path, unit_level, day,
        sign * (d.kind = 'periodic')::int, sign * (d.kind = 'ad_hoc')::int, sign * received, sign * resolved);
end
$$;

create function dialogue_rollup_add(
    path bigint[], unit_level smallint, day date, periodic integer, ad_hoc integer, received integer, resolved integer)
returns void language sql as $$
    insert into dialogue_rollup as r (unit_id, child_id, level, grain, period_start, periodic_held, ad_hoc_held, opinions_received, opinions_resolved)
    select path[p], case when p > 1 then path[p - 1] end, unit_level, g.grain, g.period_start, periodic, ad_hoc, received, resolved
      from generate_subscripts(path, 1) p
     cross join (values ('day', day), ('month', date_trunc('month', day)::date), ('year', date_trunc('year', day)::date)) g(grain, period_start)
    union all
    select null, path[cardinality(path)], unit_level, g.grain, g.period_start, periodic, ad_hoc, received, resolved
      from (values ('day', day), ('month', date_trunc('month', day)::date), ('year', date_trunc('year', day)::date)) g(grain, period_start)
    on conflict (unit_id, grain, period_start, child_id, level) do update
       set periodic_held = r.periodic_held + excluded.periodic_held, ad_hoc_held = r.ad_hoc_held + excluded.ad_hoc_held,
           opinions_received = r.opinions_received + excluded.opinions_received,
           opinions_resolved = r.opinions_resolved + excluded.opinions_resolved;
    -- A key whose last dialogue went away is removed rather than left at zero.
    delete from dialogue_rollup
     where (unit_id = any(path) or unit_id is null) and level = unit_level and periodic_held + ad_hoc_held = 0
       and (grain, period_start) in (('day', day), ('month', date_trunc('month', day)::date), ('year', date_trunc('year', day)::date));
$$;

create function dialogue_rollup_dialogue_changed() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and (old.status, old.kind, old.unit_id, old.unit_path, old.held_on, old.starts_at,
                             old.counted_received, old.counted_answered, old.counted_resolved)
                   is not distinct from (new.status, new.kind, new.unit_id, new.unit_path, new.held_on, new.starts_at,
                                         new.counted_received, new.counted_answered, new.counted_resolved) then
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        perform dialogue_rollup_apply(old, -1);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform dialogue_rollup_apply(new, 1);
    end if;
    return null;
end
$$;

create trigger dialogue_rollup_changed after insert or update or delete on dialogue
    for each row execute function dialogue_rollup_dialogue_changed();

-- An opinion counts in its dialogue's figures while the dialogue is held.
create function dialogue_rollup_opinion_changed() returns trigger language plpgsql as $$
declare
    d dialogue;
begin
    if tg_op = 'UPDATE' and (old.dialogue_id, old.status in ('answered_at_meeting', 'resolved'))
                   is not distinct from (new.dialogue_id, new.status in ('answered_at_meeting', 'resolved')) then
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        select * into d from dialogue where id = old.dialogue_id;
        if found then
            perform dialogue_rollup_opinion(d, -1, -(old.status in ('answered_at_meeting', 'resolved'))::int);
        end if;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        select * into d from dialogue where id = new.dialogue_id;
        perform dialogue_rollup_opinion(d, 1, (new.status in ('answered_at_meeting', 'resolved'))::int);
    end if;
    return null;
end
$$;

create function dialogue_rollup_opinion(d dialogue, received integer, resolved integer) returns void language plpgsql as $$
begin
    if d.status in ('held', 'results_published', 'closed') then
        perform dialogue_rollup_add(d.unit_path, (select u.level from admin_unit u where u.id = d.unit_id),
            coalesce(d.held_on, (d.starts_at at time zone 'Asia/Ho_Chi_Minh')::date), 0, 0, received, resolved);
    end if;
end
$$;

create trigger dialogue_rollup_opinion_changed after insert or update or delete on opinion
    for each row execute function dialogue_rollup_opinion_changed();

-- All roll-ups recomputed from the dialogues and opinions at once, for what is already stored (and
-- for an operator loading an archive in bulk with the triggers disabled).
create function dialogue_rollup_rebuild() returns void language sql as $$
    delete from dialogue_rollup;
    with held as (
        select d.kind, d.unit_path, u.level, coalesce(d.held_on, (d.starts_at at time zone 'Asia/Ho_Chi_Minh')::date) as day,
               coalesce(o.received, 0) + coalesce(d.counted_received, 0) as received,
               coalesce(o.resolved, 0) + coalesce(d.counted_answered, 0) + coalesce(d.counted_resolved, 0) as resolved
          from dialogue d join admin_unit u on u.id = d.unit_id
          left join (select dialogue_id, count(*) as received,
                            count(*) filter (where status in ('answered_at_meeting', 'resolved')) as resolved
                       from opinion group by dialogue_id) o on o.dialogue_id = d.id
         where d.status in ('held', 'results_published', 'closed')
    )
    insert into dialogue_rollup (unit_id, child_id, level, grain, period_start, periodic_held, ad_hoc_held, opinions_received, opinions_resolved)
    select h.unit_path[p], case when p > 1 then h.unit_path[p - 1] end, h.level, g.grain, g.period_start,
           count(*) filter (where h.kind = 'periodic'), count(*) filter (where h.kind = 'ad_hoc'), sum(h.received), sum(h.resolved)
      from held h cross join generate_subscripts(h.unit_path, 1) p
     cross join lateral (values ('day', h.day), ('month', date_trunc('month', h.day)::date), ('year', date_trunc('year', h.day)::date)) g(grain, period_start)
     group by 1, 2, 3, 4, 5
    union all
    select null::bigint, h.unit_path[cardinality(h.unit_path)], h.level, g.grain, g.period_start,
           count(*) filter (where h.kind = 'periodic'), count(*) filter (where h.kind = 'ad_hoc'), sum(h.received), sum(h.resolved)
      from held h
     cross join lateral (values ('day', h.day), ('month', date_trunc('month', h.day)::date), ('year', date_trunc('year', h.day)::date)) g(grain, period_start)
     group by 2, 3, 4, 5;
$$;

select dialogue_rollup_rebuild();

-- Pending proposals are counted from the dialogues themselves; these indexes hold only those, so the
-- count reads the proposals, not every dialogue of the subtree: by path for a unit, all of them for the country.
create index dialogue_proposed_path_idx on dialogue using gin (unit_path) where status = 'proposed';
create index dialogue_proposed_idx on dialogue (unit_id) where status = 'proposed';
