-- Ids of the events this service's consumers have applied: the idempotency record of the inbox side.
CREATE TABLE processed_event
(
    event_id     VARCHAR(36)  NOT NULL,
    consumer     VARCHAR(100) NOT NULL,
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (event_id, consumer)
);
