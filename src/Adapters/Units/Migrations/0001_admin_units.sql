-- The administrative map: unit versions identified by code + validity range, and lineage links.
-- Open bounds are stored as -infinity / infinity so that range tests need no null handling.
create extension if not exists btree_gist;

create table admin_unit (
    id                  bigint generated always as identity primary key,
    code                text     not null check (code ~ '^([0-9]{2}|[0-9]{3}|[0-9]{5})$'),
    level               smallint not null check (level between 1 and 3),
    unit_type           text     not null,
    name                text     not null,
    -- name folded to lower case without diacritics, for searching
    search_name         text     not null,
    -- the parent is the unit carrying this code on the same date
    parent_code         text,
    valid_from          date     not null default '-infinity',
    valid_to            date     not null default 'infinity',
    valid_from_inferred boolean  not null default false,
    valid_to_inferred   boolean  not null default false,
    constraint admin_unit_range check (valid_from < valid_to),
    constraint admin_unit_parent check ((level = 1) = (parent_code is null)),
    constraint admin_unit_version unique (code, valid_from),
    -- one meaning per code on any day
    constraint admin_unit_no_overlap exclude using gist (code with =, daterange(valid_from, valid_to) with &&)
);

create index admin_unit_parent_idx on admin_unit (parent_code, valid_from, valid_to);
create index admin_unit_level_idx on admin_unit (level, code);

create table unit_lineage (
    predecessor_id bigint not null references admin_unit (id),
    successor_id   bigint not null references admin_unit (id),
    kind           text   not null check (kind in ('full', 'partial')),
    primary key (predecessor_id, successor_id),
    check (predecessor_id <> successor_id)
);

create index unit_lineage_successor_idx on unit_lineage (successor_id);
