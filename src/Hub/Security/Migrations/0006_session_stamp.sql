-- A dashboard session carries its client's stamp; any change to what the client may do gives it a new
-- one, which ends every session issued before the change. Logging out changes it too, so a copied
-- cookie dies with the session it belonged to.
alter table api_client add column session_stamp uuid not null default gen_random_uuid();

create function api_client_session_stamp() returns trigger language plpgsql as $$
begin
    if (new.key_id, new.secret_sha256, new.scopes, new.unit_code, new.expires_at, new.disabled)
       is distinct from (old.key_id, old.secret_sha256, old.scopes, old.unit_code, old.expires_at, old.disabled) then
        new.session_stamp := gen_random_uuid();
    end if;
    return new;
end
$$;

create trigger api_client_session_stamp before update on api_client
    for each row execute function api_client_session_stamp();
