-- Canonical indicator store: one value per (indicator, unit version, period, disaggregation, source).
-- period_start is the report date for stocks (ID issuance) and the first day of the month for flows
-- (procedure statistics). disaggregation is '' for a unit's total; sources that break figures down
-- (e.g. by channel) would use it. Values are counts: rates are computed at query time.
create table observation (
    indicator        text        not null,
    unit_id          bigint      not null references admin_unit (id),
    period_start     date        not null,
    disaggregation   text        not null default '',
    source           text        not null,
    value            bigint      not null check (value >= 0),
    batch_id         text        not null,
    created_batch_id text        not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (indicator, unit_id, period_start, disaggregation, source)
);

create index observation_unit_idx on observation (unit_id, period_start);

-- Append-only history of changed values. A value's first state is on its row (created_batch_id,
-- created_at); every later change of value adds one row here, written by the trigger below so that
-- no writer can forget it.
create table observation_audit (
    id             bigint generated always as identity primary key,
    indicator      text        not null,
    unit_id        bigint      not null,
    period_start   date        not null,
    disaggregation text        not null,
    source         text        not null,
    old_value      bigint      not null,
    new_value      bigint      not null,
    batch_id       text        not null,
    changed_at     timestamptz not null default now()
);

create index observation_audit_key_idx on observation_audit (unit_id, indicator, period_start);

create function observation_audit_changes() returns trigger language plpgsql as $$
begin
    insert into observation_audit (indicator, unit_id, period_start, disaggregation, source, old_value, new_value, batch_id)
    select n.indicator, n.unit_id, n.period_start, n.disaggregation, n.source, o.value, n.value, n.batch_id
      from new_rows n
      join old_rows o using (indicator, unit_id, period_start, disaggregation, source)
     where o.value <> n.value;
    return null;
end
$$;

create trigger observation_audit_changes after update on observation
    referencing old table as old_rows new table as new_rows
    for each statement execute function observation_audit_changes();

create function observation_audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'observation_audit is append-only';
end
$$;

create trigger observation_audit_append_only before update or delete on observation_audit
    for each statement execute function observation_audit_append_only();

-- Every batch applied, keyed by source and the caller's batch id (the idempotency key).
create table ingest_batch (
    source       text        not null,
    batch_id     text        not null,
    payload_hash text        not null,
    received     integer     not null,
    inserted     integer     not null,
    updated      integer     not null,
    unchanged    integer     not null,
    rejected     integer     not null,
    first_at     timestamptz not null default now(),
    last_at      timestamptz not null default now(),
    primary key (source, batch_id)
);
