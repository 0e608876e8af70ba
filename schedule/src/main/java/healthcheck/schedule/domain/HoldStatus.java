package healthcheck.schedule.domain;

/** HELD: the places are taken for a booking. RELEASED: given back, or refused in advance (tombstone). */
public enum HoldStatus {
    HELD, RELEASED
}
