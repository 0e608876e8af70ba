package healthcheck.customercenter.web;

import healthcheck.customercenter.domain.HistoryEntry;
import healthcheck.customercenter.domain.MyPage;
import healthcheck.customercenter.domain.MyPageView;
import healthcheck.customercenter.domain.ReservationStatus;
import healthcheck.customercenter.domain.ScheduleDetails;
import healthcheck.customercenter.domain.Step;
import healthcheck.events.DeliveryStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A MyPage as served. Every field is always present: null while the event that fills it has not arrived
 * (no mailing yet, or a schedule whose registration has not been seen).
 */
record MyPageResponse(long reservationId, String customerId, Long scheduleId, Schedule schedule,
                      Integer reservationCount, ReservationStatus reservationStatus, Long deliveryId,
                      DeliveryStatus deliveryStatus, String note, List<History> history) {

    record Schedule(LocalDate checkupDate, LocalTime checkupTime, String centre, String checkupPackage) {

        static Schedule of(ScheduleDetails details) {
            return details == null ? null : new Schedule(details.checkupDate(), details.checkupTime(),
                    details.centre(), details.checkupPackage());
        }
    }

    record History(Step step, Instant at) {

        static History of(HistoryEntry entry) {
            return new History(entry.step(), entry.at());
        }
    }

    static MyPageResponse of(MyPageView view) {
        MyPage page = view.page();
        return new MyPageResponse(page.reservationId(), page.customerId(), page.scheduleId(),
                Schedule.of(view.schedule()), page.reservationCount(), page.reservationStatus(), page.deliveryId(),
                page.deliveryStatus(), page.note(), view.history().stream().map(History::of).toList());
    }
}
