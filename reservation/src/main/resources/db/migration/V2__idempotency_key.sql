-- A client's Idempotency-Key on POST /reservations: what it asked (fields, not raw bytes) and the booking it made.
-- Kept at least healthcheck.reservation.idempotency.retention (24 h), then purged.
CREATE TABLE idempotency_key
(
    idempotency_key VARCHAR(255) NOT NULL,
    fingerprint     VARCHAR(300) NOT NULL,
    reservation_id  BIGINT       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT       NOT NULL,
    PRIMARY KEY (idempotency_key)
);
CREATE INDEX idempotency_key_by_created_idx ON idempotency_key (created_at);
