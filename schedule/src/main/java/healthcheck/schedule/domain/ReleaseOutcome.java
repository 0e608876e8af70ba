package healthcheck.schedule.domain;

public enum ReleaseOutcome {
    /** The hold was HELD; its places are back on the schedule. */
    RELEASED,
    /** Released before: nothing changes. */
    ALREADY_RELEASED,
    /** No such hold yet: a tombstone now refuses the late take. */
    TOMBSTONED
}
