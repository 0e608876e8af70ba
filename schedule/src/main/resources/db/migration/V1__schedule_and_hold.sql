-- Checkup schedules. The CHECKs are the last line of defence for the capacity invariant: whatever the code
-- does, the database never stores an overbooked or over-released schedule.
CREATE TABLE schedule
(
    schedule_id     BIGINT       NOT NULL,
    capacity        INTEGER      NOT NULL,
    available_count INTEGER      NOT NULL,
    checkup_date    DATE,
    checkup_time    TIME,
    centre          VARCHAR(200),
    checkup_package VARCHAR(100),
    registered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (schedule_id),
    CONSTRAINT schedule_capacity_range CHECK (capacity BETWEEN 1 AND 100000),
    CONSTRAINT schedule_available_within_capacity CHECK (available_count BETWEEN 0 AND capacity)
);

-- Places taken for one booking attempt, keyed by the caller's holdId so a retried take finds its first result.
-- A RELEASED row that never held anything is a tombstone: the release overtook the take and the take is refused.
-- (Named place_hold because HOLD is a reserved word in standard SQL and HSQLDB.)
CREATE TABLE place_hold
(
    hold_id        VARCHAR(36) NOT NULL,
    schedule_id    BIGINT      NOT NULL,
    reservation_id BIGINT      NOT NULL,
    place_count    INTEGER     NOT NULL,
    status         VARCHAR(16) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    released_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (hold_id),
    CONSTRAINT place_hold_status CHECK (status IN ('HELD', 'RELEASED')),
    CONSTRAINT place_hold_count_not_negative CHECK (place_count >= 0)
);
CREATE INDEX place_hold_by_schedule_idx ON place_hold (schedule_id);
