-- Registered callers. A credential is "dv.<key id>.<secret>": the key id finds the client, the secret
-- is stored only as its SHA-256 (it is 256 random bits, so a slow hash would add nothing) and compared
-- in constant time.
create table api_client (
    id              uuid        primary key,
    name            text        not null unique check (name ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    kind            text        not null check (kind in ('agency', 'secretary', 'operator')),
    key_id          text        not null unique,
    secret_sha256   bytea       not null,
    -- "<service>:read" or "<service>:write" (write includes read)
    scopes          text[]      not null,
    -- the subtree a secretary may act on: the code of a unit valid today, or null for the whole country
    unit_code       text,
    expires_at      timestamptz,
    disabled        boolean     not null default false,
    created_at      timestamptz not null default now(),
    rotated_at      timestamptz
);

-- Every call: who, what, which units, the outcome and how long it took. Metadata only: no payloads.
create table audit_record (
    id          bigint generated always as identity primary key,
    at          timestamptz not null,
    client_id   uuid,
    client_name text,
    method      text        not null,
    unit_codes  text[]      not null,
    status      text        not null,
    duration_ms real        not null,
    request_id  text        not null
);

create index audit_record_client_idx on audit_record (client_id, id);
create index audit_record_at_idx on audit_record (at);

-- Hubs cache authenticated clients; any change to a client tells every hub to drop its cache.
create trigger api_client_notify after insert or update or delete on api_client
    for each statement execute function notify_channel('api_client');
