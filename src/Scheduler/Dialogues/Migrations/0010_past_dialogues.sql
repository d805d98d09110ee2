-- Past dialogues recorded from an archive that kept only the number of opinions: the counts are
-- stored on the dialogue and the summary adds them to the opinions stored one by one.
alter table dialogue
    add column counted_received  integer,
    add column counted_answered  integer,
    add column counted_resolved  integer,
    add column counted_open      integer,
    add constraint dialogue_counts_whole check (
        (counted_received is null) = (counted_answered is null)
        and (counted_received is null) = (counted_resolved is null)
        and (counted_received is null) = (counted_open is null)),
    add constraint dialogue_counts_sum check (
        counted_answered >= 0 and counted_resolved >= 0 and counted_open >= 0
        and counted_answered + counted_resolved + counted_open <= counted_received);
