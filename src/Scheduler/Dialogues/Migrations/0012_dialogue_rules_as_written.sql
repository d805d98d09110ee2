-- The dialogue rules as the texts write them (Law on Organisation of Local Government 2025 Art. 43,
-- Law on Implementing Grassroots Democracy 2022, Regulation 11-QĐi/TW with Conclusion 215-KL/TW):
-- a dialogue's form and sessions by village cluster, who is invited, whether voters made it
-- mandatory, the announcement's channels and four items, the results' channels, and the outcome's
-- actual times, presiding chair and minutes secretary. Dialogues stored before keep what they had
-- (co-chairs named people-council-delegate stay as they were: that is who was booked).
alter table dialogue
    add column form                        text    not null default 'in_person' check (form in ('in_person', 'online', 'social_network')),
    -- [{"Cluster", "Villages", "Start", "End", "Venue"}] by start time
    add column sessions                    jsonb,
    add column invitees                    text[]  not null default '{}',
    add column mandatory                   boolean not null default false,
    add column mandatory_due_on            date,
    -- a mandatory dialogue not held by its due date, as the daily sweep found it
    add column overdue                     boolean not null default false,
    add column announcement_channels       text[],
    add column announcement_time           text,
    add column announcement_place          text,
    add column announcement_content        text,
    add column announcement_participation  text,
    add column results_channels            text[],
    add column actual_start                timestamptz,
    add column actual_end                  timestamptz,
    add column presiding_chair             text,
    add column minutes_secretary           text,
    add constraint dialogue_mandatory_due check (mandatory = (mandatory_due_on is not null)),
    add constraint dialogue_actual_times check (actual_start is null or actual_end is null or actual_start < actual_end);

create index dialogue_mandatory_open_idx on dialogue (mandatory_due_on) where mandatory and not overdue and held_on is null;

-- Citizen-reception days set for a unit, or (province_default) for every commune of a province with
-- none of its own; the configuration's defaults apply where none is set. Weekdays as .NET numbers them
-- (0 Sunday … 6 Saturday).
create table reception_day_setting (
    unit_code         text        not null,
    province_default  boolean     not null,
    role              text        not null,
    weekdays          integer[]   not null,
    days_of_month     integer[]   not null,
    set_by            text        not null,
    updated_at        timestamptz not null,
    primary key (unit_code, province_default, role),
    check (weekdays <@ array[0, 1, 2, 3, 4, 5, 6] and days_of_month <@ array[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                                                            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]),
    check (not province_default or length(unit_code) = 2)
);
