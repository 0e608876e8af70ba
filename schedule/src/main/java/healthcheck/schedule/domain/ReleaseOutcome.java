package healthcheck.schedule.domain;

public enum ReleaseOutcome {
    /** The hold was HELD; its places are back on the schedule. */
    RELEASED,
    /** Released before: nothing changes. */
    ALREADY_RELEASED,
    /** No such hold yet: a tombstone now refuses the late take. */
    TOMBSTONED,
    /**
     * The hold belongs to another reservation: nothing changes. A release that names someone else's hold is a bug
     * or a forgery, never a retry, so it must not free a live booking's places.
     */
    NOT_ITS_HOLD
}
