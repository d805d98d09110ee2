-- The Hangfire job of each dialogue's next milestone, so that a change (cancel, reschedule…) can
-- delete the pending job it makes stale instead of leaving it in the dashboard until it runs.
alter table dialogue add column milestone_job_id text;
