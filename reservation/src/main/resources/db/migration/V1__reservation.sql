-- Ids for bookings that arrive without one; values a client already used are skipped by the service.
CREATE SEQUENCE reservation_id_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE reservation
(
    reservation_id    BIGINT       NOT NULL,
    schedule_id       BIGINT       NOT NULL,
    reservation_count INTEGER      NOT NULL,
    customer_id       VARCHAR(100),
    status            VARCHAR(20)  NOT NULL,
    hold_id           VARCHAR(36)  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    attempted_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    reserved_at       TIMESTAMP WITH TIME ZONE,
    cancelled_at      TIMESTAMP WITH TIME ZONE,
    failed_at         TIMESTAMP WITH TIME ZONE,
    failure_reason    VARCHAR(500),
    version           BIGINT       NOT NULL,
    PRIMARY KEY (reservation_id)
);
CREATE INDEX reservation_by_customer_idx ON reservation (customer_id);
-- The sweeper's query: stale PENDING attempts, oldest first.
CREATE INDEX reservation_by_status_attempted_idx ON reservation (status, attempted_at);
