-- PDF conversions in flight: the caller's .docx, and the PDF (or why there is none) that the conversion
-- job writes back, whichever hub runs it. The caller removes its row once it has read it; rows a caller
-- left behind (its hub stopped mid-wait) are removed by later renders after an hour.
create table document_render (
    id          uuid primary key,
    docx        bytea not null,
    pdf         bytea,
    failure     text,
    created_at  timestamptz not null,
    finished_at timestamptz
);

create index document_render_created_idx on document_render (created_at);
