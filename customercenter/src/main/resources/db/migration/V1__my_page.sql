-- MyPage: one row per reservation, created by whichever event about it arrives first. reservation_status stays
-- null until a reservation event is seen, so a row made by an early mailing event is not shown to customers.
CREATE TABLE my_page
(
    reservation_id     BIGINT       NOT NULL,
    customer_id        VARCHAR(100),
    schedule_id        BIGINT,
    reservation_count  INTEGER,
    reservation_status VARCHAR(20),
    delivery_id        BIGINT,
    delivery_status    VARCHAR(20),
    delivery_sequence  INTEGER      NOT NULL,
    note               VARCHAR(255),
    version            BIGINT       NOT NULL,
    PRIMARY KEY (reservation_id)
);
CREATE INDEX my_page_by_customer_idx ON my_page (customer_id);

-- Each step happens at most once per booking, so the step is part of the key: a replayed event cannot add it twice.
CREATE TABLE my_page_step
(
    reservation_id BIGINT      NOT NULL,
    step           VARCHAR(30) NOT NULL,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (reservation_id, step),
    CONSTRAINT my_page_step_page_fk FOREIGN KEY (reservation_id) REFERENCES my_page (reservation_id)
);

-- Descriptive schedule fields, kept apart from the pages because ScheduleRegistered may arrive before or after
-- the bookings that refer to it (different topics, no ordering between them).
CREATE TABLE schedule_details
(
    schedule_id     BIGINT       NOT NULL,
    capacity        INTEGER      NOT NULL,
    checkup_date    DATE,
    checkup_time    TIME,
    centre          VARCHAR(200),
    checkup_package VARCHAR(200),
    registered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (schedule_id)
);
