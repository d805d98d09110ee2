-- People who log in to the web app (secretaries, viewers, operators), unlike api_client's systems.
-- The password is stored only as ASP.NET Core Identity's PasswordHasher output (PBKDF2, salted); it is
-- null until the person sets it through the one-time link, whose token is kept only as its SHA-256.
create table user_account (
    id                    uuid        primary key,
    user_name             text        not null unique check (user_name ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    role                  text        not null check (role in ('commune-secretary', 'province-secretary', 'viewer', 'operator')),
    -- the subtree the person works on: the code of a unit valid when the account was made, or null for the whole country
    unit_code             text,
    password_hash         text,
    password_token_sha256 bytea       unique,
    password_token_until  timestamptz,
    disabled              boolean     not null default false,
    -- a session carries this; any change to what the person may do, a new password or a logout
    -- gives a new one, which ends every session issued before
    session_stamp         uuid        not null default gen_random_uuid(),
    created_at            timestamptz not null
);

create function user_account_session_stamp() returns trigger language plpgsql as $$
begin
    if (new.role, new.unit_code, new.password_hash, new.disabled)
       is distinct from (old.role, old.unit_code, old.password_hash, old.disabled) then
        new.session_stamp := gen_random_uuid();
    end if;
    return new;
end
$$;

create trigger user_account_session_stamp before update on user_account
    for each row execute function user_account_session_stamp();

-- ASP.NET Core Data Protection's key ring, shared by every hub instance so that each accepts the
-- cookies and antiforgery tokens another issued.
create table data_protection_key (
    friendly_name text        primary key,
    xml           text        not null,
    created_at    timestamptz not null default now()
);
