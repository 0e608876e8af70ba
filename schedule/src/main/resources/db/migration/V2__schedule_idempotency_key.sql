-- The Idempotency-Key an admin's registration came with, kept with the schedule (schedules are few, and a key lives
-- at least as long as the 24 h a client may retry in): the same key and request answer this schedule again.
ALTER TABLE schedule ADD COLUMN idempotency_key VARCHAR(255);
CREATE UNIQUE INDEX schedule_by_idempotency_key_idx ON schedule (idempotency_key);
