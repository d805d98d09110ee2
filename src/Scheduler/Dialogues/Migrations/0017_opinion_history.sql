-- Each change of an opinion's status: from what, to what, by whom (a person's user name or a system
-- client's name) and when, so the opinions board can show an opinion's history. Opinions changed
-- before this table existed have no rows here; their creation is the opinion's own created_at.
create table opinion_status_change (
    opinion_id  uuid        not null references opinion (id),
    seq         bigint      generated always as identity,
    from_status text        not null,
    to_status   text        not null,
    changed_by  text        not null,
    changed_at  timestamptz not null,
    primary key (opinion_id, seq)
);
