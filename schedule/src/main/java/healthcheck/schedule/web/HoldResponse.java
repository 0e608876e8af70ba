package healthcheck.schedule.web;

import healthcheck.schedule.domain.HoldResult;
import healthcheck.schedule.domain.HoldStatus;

record HoldResponse(String holdId, long scheduleId, long reservationId, int count, HoldStatus status,
                    int availableCount) {

    static HoldResponse of(HoldResult result) {
        return new HoldResponse(result.hold().holdId(), result.hold().scheduleId(), result.hold().reservationId(),
                result.hold().count(), result.hold().status(), result.availableCount());
    }
}
