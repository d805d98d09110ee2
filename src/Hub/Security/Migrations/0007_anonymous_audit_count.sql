-- The address each call came from. Refusals of callers without a valid credential are counted, one row
-- per address and minute (at is the minute's start), so a flood of them costs rows by the minute, not
-- by the call; the unique index is what the writers' upsert adds to.
alter table audit_record
    add column client_address text,
    add column count integer not null default 1 check (count > 0);

create unique index audit_record_anonymous_minute_idx on audit_record (client_address, at) where client_id is null;
