-- Workbooks of opinion updates applied, one row per request id, so that the same workbook sent twice
-- (a retried upload) is applied once and answered with what the first application changed.
create table opinion_import (
    request_id   text primary key,
    request_hash text not null,
    updated      integer not null,
    unchanged    integer not null,
    created_at   timestamptz not null default now()
);
