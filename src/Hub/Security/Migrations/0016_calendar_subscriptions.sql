-- A person's calendar subscription link: a secret URL that calendar apps (Google Calendar, Outlook)
-- fetch without any header. One per person; only the token's SHA-256 is kept, so the link is shown
-- once, when made. A new link replaces the old one; revoking deletes it; a disabled account's link
-- stops working (the feed reads the account with it).
create table calendar_subscription (
    user_id      uuid        primary key references user_account (id) on delete cascade,
    token_sha256 bytea       not null unique,
    created_at   timestamptz not null
);
