package healthcheck.schedule.domain;

import java.util.OptionalInt;

/**
 * Records a new hold and takes its places from its schedule as one atomic step: both happen or neither does. How
 * is the database's business (package persistence); where the database can, it is one statement, so the
 * schedule's row, which every take of a rush queues for, is locked only inside the database.
 */
public interface HoldTaker {

    /**
     * @return the places left on the schedule once the take committed; empty when nothing was taken and nothing
     *         recorded (fewer places left than the hold asks for, or no such schedule)
     * @throws org.springframework.dao.DataIntegrityViolationException when a hold with this id is recorded already
     */
    OptionalInt take(Hold hold);
}
