-- Dialogue conferences, their bookings, opinions, petitions and the outbox of their events.
-- A dialogue belongs to the unit version valid on its date; unit_path holds that unit's id and its
-- ancestors' ids on the same date, so that subtree queries need no recursion and dialogues recorded
-- against pre-reform units are found through their own ancestors (and, via lineage, today's units).
-- The ids of a unit version and of its ancestors on a date, the unit first (one definition for the
-- unit registry and the set-based planner).
create function unit_ancestry(unit_id bigint, on_date date) returns bigint[] language sql stable as $$
    with recursive up(id, parent_code, depth) as (
        select u.id, u.parent_code, 0 from admin_unit u where u.id = unit_id
        union all
        select a.id, a.parent_code, up.depth + 1
          from up join admin_unit a on a.code = up.parent_code and a.valid_from <= on_date and on_date < a.valid_to
         where up.depth < 4
    )
    select array_agg(id order by depth) from up
$$;

create table dialogue (
    id                    uuid        primary key,
    unit_id               bigint      not null references admin_unit (id),
    unit_path             bigint[]    not null,
    kind                  text        not null check (kind in ('periodic', 'ad_hoc')),
    status                text        not null check (status in
                              ('proposed', 'scheduled', 'announced', 'held', 'results_published', 'closed', 'cancelled')),
    title                 text        not null,
    starts_at             timestamptz,
    ends_at               timestamptz,
    venue                 text        not null,
    co_chairs             text[]      not null,
    -- the calendar year a periodic dialogue counts towards
    plan_year             integer,
    trigger_rule          text,
    trigger_period        text,
    request_id            text        unique,
    request_hash          text,
    cancel_reason         text,
    override_reason       text,
    announced_at          timestamptz,
    announcement          text,
    held_on               date,
    attendance            jsonb,
    minutes               text,
    results               text,
    results_published_at  timestamptz,
    sequence              integer     not null default 0,
    -- the sequence whose reminder and deadline jobs are scheduled; behind sequence = to be armed
    armed_sequence        integer,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    check ((starts_at is null) = (ends_at is null) and (starts_at is null or starts_at < ends_at)),
    -- proposals have no time yet; a dismissed proposal never gets one
    check (status in ('proposed', 'cancelled') or starts_at is not null),
    check ((kind = 'periodic') = (plan_year is not null))
);

create index dialogue_path_idx on dialogue using gin (unit_path);
create index dialogue_unit_idx on dialogue (unit_id, starts_at);
-- One proposal per unit, rule and period, however often the rules run.
create unique index dialogue_trigger_once on dialogue (unit_id, trigger_rule, trigger_period) where trigger_rule is not null;

-- Who and what a dialogue occupies; the exclusion constraint makes double-booking impossible even
-- for two hub instances writing at once. Cancelled dialogues release their bookings.
create table dialogue_booking (
    dialogue_id uuid      not null references dialogue (id) on delete cascade,
    resource    text      not null,
    during      tstzrange not null,
    primary key (dialogue_id, resource),
    constraint dialogue_booking_no_overlap exclude using gist (resource with =, during with &&)
);

-- Earlier slots of a rescheduled dialogue, oldest first.
create table dialogue_slot_change (
    id          bigint generated always as identity primary key,
    dialogue_id uuid        not null references dialogue (id),
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    venue       text        not null,
    reason      text        not null,
    changed_at  timestamptz not null default now()
);

create index dialogue_slot_change_dialogue_idx on dialogue_slot_change (dialogue_id, id);

-- Agenda items stored with a dialogue: trigger facts, topics, and opinions carried over when it was held.
create table dialogue_agenda_item (
    dialogue_id uuid     not null references dialogue (id),
    position    smallint not null,
    kind        text     not null check (kind in ('trigger_fact', 'topic', 'carried_opinion')),
    text        text     not null,
    opinion_id  uuid,
    primary key (dialogue_id, position)
);

create table opinion (
    id                 uuid        primary key,
    -- the order opinions were raised in
    seq                bigint      generated always as identity,
    dialogue_id        uuid        not null references dialogue (id),
    unit_id            bigint      not null references admin_unit (id),
    topic              text        not null,
    content            text        not null,
    responsible_agency text        not null default '',
    due_date           date,
    status             text        not null check (status in
                           ('received', 'assigned', 'answered_at_meeting', 'in_progress', 'resolved', 'not_accepted', 'transferred')),
    answer             text        not null default '',
    overdue_since      date,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);

create index opinion_dialogue_idx on opinion (dialogue_id);
create index opinion_open_idx on opinion (unit_id, due_date) where status in ('received', 'assigned', 'in_progress');

create table petition (
    id                uuid    primary key,
    request_id        text    not null unique,
    unit_id           bigint  not null references admin_unit (id),
    received_on       date    not null,
    subject           text    not null,
    signatures        integer not null check (signatures >= 0),
    registered_voters integer not null check (registered_voters > 0),
    created_at        timestamptz not null default now()
);

create index petition_unit_idx on petition (unit_id, received_on);

-- The outbox: every change and notification, in order. WatchDialogues replays and follows it;
-- dedup_key makes a reminder or deadline notice idempotent when its job runs twice.
create table dialogue_event (
    id          bigint generated always as identity primary key,
    dialogue_id uuid        not null references dialogue (id),
    unit_path   bigint[]    not null,
    event_type  text        not null,
    status      text        not null,
    message     text        not null,
    dedup_key   text        unique,
    created_at  timestamptz not null default now()
);

create index dialogue_event_path_idx on dialogue_event using gin (unit_path);

-- Tells the listening hubs that a table changed: a notification on the channel the trigger names.
create function notify_channel() returns trigger language plpgsql as $$
begin
    perform pg_notify(tg_argv[0], '');
    return null;
end
$$;

create trigger dialogue_event_notify after insert on dialogue_event
    for each statement execute function notify_channel('dialogue_event');
